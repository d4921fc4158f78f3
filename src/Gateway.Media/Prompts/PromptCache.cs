using System.Collections.Concurrent;

namespace Gateway.Media.Prompts;

/// <summary>Loads each prompt file once (by full path and last-write time) and shares the encoded frames.</summary>
public sealed class PromptCache
{
    private readonly ConcurrentDictionary<(string Path, DateTime Written), Lazy<Prompt>> _prompts = new();

    /// <summary>The prompt for <paramref name="path"/>, loading it on first use. Throws <see cref="PromptLoadException"/>.</summary>
    public Prompt Get(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new PromptLoadException(path, "file not found.");
        }

        var key = (full, File.GetLastWriteTimeUtc(full));
        var lazy = _prompts.GetOrAdd(key, k => new Lazy<Prompt>(() => PromptLoader.Load(k.Path)));
        try
        {
            return lazy.Value;
        }
        catch (PromptLoadException)
        {
            _prompts.TryRemove(key, out _); // a fixed file can be retried
            throw;
        }
    }

    /// <summary>Number of cached prompts.</summary>
    public int Count => _prompts.Count;
}
