namespace Gateway.Calls;

/// <summary>What to do when an answering machine picks up.</summary>
public enum MachineAction
{
    /// <summary>Hang up at once; the attempt counts as not answered, so it is retried in a later window.</summary>
    HangUpAndRetry,

    /// <summary>Play the prompt anyway (some offices forward to a machine that is then switched to fax by hand).</summary>
    Prompt,
}
