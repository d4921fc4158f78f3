namespace Gateway.Media.Classification;

/// <summary>What the reply detector asks the call to do.</summary>
public enum ReplyKind
{
    /// <summary>Keep going.</summary>
    None,

    /// <summary>Barge-in: the person started talking over the prompt; stop playing it (the reply is still being heard).</summary>
    StopPrompt,

    /// <summary>A short utterance (or the "yes" DTMF digit): consent. Final.</summary>
    Yes,

    /// <summary>The "no" DTMF digit. Final.</summary>
    Declined,

    /// <summary>Fax tones: start the fax now. Final.</summary>
    Fax,

    /// <summary>Long speech or no reply, and replays remain: play the prompt again (call <see cref="ReplyDetector.StartPrompt"/>).</summary>
    ReplayPrompt,

    /// <summary>No usable reply and no replays left. Final.</summary>
    NoReply,
}
