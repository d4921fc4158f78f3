namespace Gateway.Calls;

/// <summary>What the reply detector heard after (or over) the prompt.</summary>
public enum ReplyClass
{
    /// <summary>A short utterance then silence: the person said "da".</summary>
    Yes,

    /// <summary>Speech too long to be a yes: play the prompt again.</summary>
    LongSpeech,

    /// <summary>
    /// An utterance just short of standing out from loud noise around it as a yes: play the prompt again; a repeat of
    /// it then counts as yes (<c>ReplyDetector</c> reason UNSURE, docs/detection.md session 6).
    /// </summary>
    Unsure,

    /// <summary>Nothing within the reply window.</summary>
    NoReply,

    /// <summary>The person refused (DTMF 2, offered in the prompt as "no"): hang up, no replay.</summary>
    Declined,

    /// <summary>DTMF 1 (RFC 4733 or in band), offered in the prompt as an alternative to speaking.</summary>
    KeyPressed,
}
