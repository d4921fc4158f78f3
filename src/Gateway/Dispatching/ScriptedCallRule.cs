namespace Gateway.Dispatching;

/// <summary>One rule of the scripted call placer.</summary>
public sealed class ScriptedCallRule
{
    /// <summary>A .NET regular expression matched against the E.164 number (e.g. <c>^\+1212555</c>).</summary>
    public string Match { get; set; } = ".*";

    /// <summary>
    /// Outcome of attempt 1, 2, …; the last one repeats for later attempts. Names of failure classes:
    /// Succeeded, Busy, NoAnswer, Rejected, NetworkError, NoReply, NotAFax, NegotiationFailed, PartialSend.
    /// Empty means Succeeded. (Starts empty because the configuration binder appends to a list.)
    /// </summary>
    public List<string> Outcomes { get; set; } = [];

    /// <summary>How long the pretend call lasts, milliseconds.</summary>
    public int DurationMs { get; set; } = 2000;

    /// <summary>Pages reported as confirmed on success (and half of them, rounded down, on PartialSend).</summary>
    public int Pages { get; set; } = 1;
}
