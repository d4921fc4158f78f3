namespace Gateway.Cli;

/// <summary>What a verb handler gets: its parsed arguments, output writers and cancellation.</summary>
public sealed class VerbContext(string[] rawArgs, CommandArguments args, TextWriter output, TextWriter error, CancellationToken cancellation)
{
    /// <summary>The arguments after the verb words, unparsed (used by <c>serve</c>, which hands them to the host).</summary>
    public string[] RawArgs { get; } = rawArgs;

    /// <summary>Parsed arguments after the verb words.</summary>
    public CommandArguments Args { get; } = args;

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Standard error.</summary>
    public TextWriter Err { get; } = error;

    /// <summary>Cancelled on Ctrl+C.</summary>
    public CancellationToken Cancellation { get; } = cancellation;
}
