namespace Gateway.Cli;

/// <summary>One command: its words (<c>campaign create</c>), a one-line summary, usage text and handler.</summary>
/// <param name="Words">The verb path, e.g. <c>["campaign", "create"]</c>.</param>
/// <param name="Summary">One line for the verb list.</param>
/// <param name="Usage">Arguments and options, shown by <c>--help</c> and on bad usage.</param>
/// <param name="Flags">Options that take no value.</param>
/// <param name="Run">The handler; returns an <see cref="ExitCodes"/> value.</param>
public sealed record Verb(
    IReadOnlyList<string> Words,
    string Summary,
    string Usage,
    IReadOnlySet<string> Flags,
    Func<VerbContext, Task<int>> Run)
{
    /// <summary>The words joined by spaces.</summary>
    public string Name => string.Join(' ', Words);
}
