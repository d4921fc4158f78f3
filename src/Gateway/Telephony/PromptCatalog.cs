using System.Collections.Concurrent;
using Gateway.Media.Prompts;

namespace Gateway.Telephony;

/// <summary>
/// The prompts calls play, loaded once (NAudio: any WAV to 8 kHz) and shared by all calls. Relative paths
/// are resolved against the application folder, so the shipped default works from any working directory.
/// </summary>
public sealed class PromptCatalog(FaxCallOptions options, string baseDirectory)
{
    private readonly ConcurrentDictionary<string, Prompt> _loaded = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The prompt named <paramref name="promptRef"/> (or the default when null/empty). An unknown name or an
    /// unreadable file throws <see cref="InvalidOperationException"/> naming it.
    /// </summary>
    public Prompt Get(string? promptRef)
    {
        string path;
        if (string.IsNullOrWhiteSpace(promptRef) || promptRef == "default")
        {
            path = options.DefaultPrompt;
        }
        else if (!options.Prompts.TryGetValue(promptRef, out path!))
        {
            throw new InvalidOperationException($"prompt '{promptRef}' is not configured (Calls:Fax:Prompts)");
        }

        string full = Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
        return _loaded.GetOrAdd(full, static p =>
        {
            try
            {
                return PromptLoader.Load(p);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or ArgumentException)
            {
                throw new InvalidOperationException($"prompt file '{p}' cannot be read: {e.Message}", e);
            }
        });
    }
}
