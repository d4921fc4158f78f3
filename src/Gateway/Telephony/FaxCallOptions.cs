using Gateway.Calls;

namespace Gateway.Telephony;

/// <summary>
/// Configuration section <c>Calls:Fax</c>: how a real call behaves (the state timeouts of
/// <see cref="FaxCallTimeouts"/>, the prompts and what to do when an answering machine answers).
/// </summary>
public sealed class FaxCallOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Calls:Fax";

    /// <summary>Seconds the far end may ring before we CANCEL (RFC 3261 §9.1).</summary>
    public double RingSeconds { get; set; } = 60;

    /// <summary>Seconds after answer to decide who answered.</summary>
    public double ClassifySeconds { get; set; } = 5;

    /// <summary>Seconds to wait for the reply ("da") after the prompt ends.</summary>
    public double ReplySeconds { get; set; } = 5;

    /// <summary>How many times the prompt is played when no reply comes.</summary>
    public int PromptPlays { get; set; } = 2;

    /// <summary>Seconds of CNG between the reply and T.30, while the person switches the machine on.</summary>
    public double SwitchDelaySeconds { get; set; } = 2;

    /// <summary>Seconds to wait for the far end's DIS once faxing started (T.30 T1 is 35 s).</summary>
    public double AwaitDisSeconds { get; set; } = 35;

    /// <summary>Upper bound of one call's fax phase.</summary>
    public double FaxMinutes { get; set; } = 30;

    /// <summary>What to do when an answering machine answers: <c>HangUpAndRetry</c> (default) or another <see cref="MachineAction"/>.</summary>
    public MachineAction OnMachine { get; set; } = MachineAction.HangUpAndRetry;

    /// <summary>The prompt played when a campaign names none: a WAV file (any rate/format NAudio reads).</summary>
    public string DefaultPrompt { get; set; } = "assets/prompts/prinyat-fax.wav";

    /// <summary>With <c>OnMachine = Prompt</c>: the longest a machine's greeting may run before the call gives up (the prompt waits for it to end).</summary>
    public double MachineGreetingSeconds { get; set; } = 30;

    /// <summary>Named prompts campaigns may refer to (<c>promptRef</c>): name → WAV path.</summary>
    public Dictionary<string, string> Prompts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The timeouts as the call machine takes them.</summary>
    public FaxCallTimeouts ToTimeouts() => new()
    {
        Ring = TimeSpan.FromSeconds(RingSeconds),
        Classify = TimeSpan.FromSeconds(ClassifySeconds),
        Reply = TimeSpan.FromSeconds(ReplySeconds),
        PromptPlays = Math.Max(1, PromptPlays),
        SwitchDelay = TimeSpan.FromSeconds(SwitchDelaySeconds),
        AwaitDis = TimeSpan.FromSeconds(AwaitDisSeconds),
        Fax = TimeSpan.FromMinutes(FaxMinutes),
        MachineGreeting = TimeSpan.FromSeconds(MachineGreetingSeconds),
    };
}
