namespace Gateway.Media.Prompts;

/// <summary>A prompt file is missing, unreadable or not a usable WAV.</summary>
public sealed class PromptLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PromptLoadException(string path, string message, Exception? inner = null)
        : base($"Prompt '{path}': {message}", inner) => PromptPath = path;

    /// <summary>The file involved.</summary>
    public string PromptPath { get; }
}
