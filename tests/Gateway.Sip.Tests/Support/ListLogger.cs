using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Tests.Support;

/// <summary>Keeps every log entry (level and formatted text) for assertions.</summary>
public sealed class ListLogger : ILogger
{
    readonly List<(LogLevel Level, string Text)> _entries = [];

    public List<(LogLevel Level, string Text)> Entries { get { lock (_entries) return [.. _entries]; } }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
    }
}
