namespace Gateway.Calls;

/// <summary>Deadlines of each state. Defaults follow Asterisk AMD and T.30 (see docs/calls.md).</summary>
public sealed record FaxCallTimeouts
{
    /// <summary>From INVITE to answer; then CANCEL (RFC 3261 §9.1) and NoAnswer.</summary>
    public TimeSpan Ring { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Answer classification budget; past it, whatever was heard counts as silence (AMD total_analysis_time 5 s).</summary>
    public TimeSpan Classify { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a prompt may play before the machine stops waiting for its end.</summary>
    public TimeSpan Prompt { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Reply window after the prompt ends (research: 5 s, re-prompt once).</summary>
    public TimeSpan Reply { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// With <see cref="MachineAction.Prompt"/>: how long an answering machine may go on talking before the call gives up
    /// (NoAnswer). The prompt waits for its greeting to end: words from a recording after the question would be taken
    /// for a reply.
    /// </summary>
    public TimeSpan MachineGreeting { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the line must be free of speech before a machine's greeting counts as ended.</summary>
    public TimeSpan MachineQuiet { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the prompt is played in all before NoReply.</summary>
    public int PromptPlays { get; init; } = 2;

    /// <summary>CNG time after "da" while the operator switches the machine on.</summary>
    public TimeSpan SwitchDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// From the start of T.30 to the far end's DIS: T.30 T1 (35 s, T.30 §5.1 Table 5-1 "T1"). No DIS by
    /// then means no fax machine came: NotAFax.
    /// </summary>
    public TimeSpan AwaitDis { get; init; } = TimeSpan.FromSeconds(35);

    /// <summary>A safety cap on the whole fax phase, far above any real document.</summary>
    public TimeSpan Fax { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Waiting for the answer to our T.38 re-INVITE before staying on G.711.</summary>
    public TimeSpan T38Request { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Waiting for CANCEL/BYE to complete.</summary>
    public TimeSpan HangUp { get; init; } = TimeSpan.FromSeconds(32);
}
