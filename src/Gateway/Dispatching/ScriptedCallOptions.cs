namespace Gateway.Dispatching;

/// <summary>
/// Configuration section <c>Calls:Scripted</c>: the scripted call placer, the test and demo double that
/// stands in for the SIP fax call until <c>FaxCall</c> lands. It places no call and sends no packet: for
/// each attempt it waits the rule's duration and reports the rule's outcome.
/// </summary>
public sealed class ScriptedCallOptions
{
    /// <summary>Rules in order; the first whose <see cref="ScriptedCallRule.Match"/> matches the E.164 number applies.</summary>
    public List<ScriptedCallRule> Rules { get; set; } = [];

    /// <summary>
    /// Optional file to which each confirmed fax is appended (<c>jobId attemptId</c>), as the far end's
    /// record of what it received; the crash test counts deliveries with it.
    /// </summary>
    public string LedgerPath { get; set; } = "";
}
