namespace Gateway.Calls;

/// <summary>The states of <see cref="FaxCallMachine"/>; each has a deadline in <see cref="FaxCallTimeouts"/>.</summary>
public enum FaxCallState
{
    Idle,

    /// <summary>INVITE sent, ringing or early media; the ring timeout runs.</summary>
    Dialing,

    /// <summary>Answered; the classifier listens (Asterisk AMD's analysis window).</summary>
    Classifying,

    /// <summary>The prompt plays; barge-in and fax tones are heard through it.</summary>
    Prompting,

    /// <summary>The prompt ended; the reply window runs.</summary>
    AwaitingReply,

    /// <summary>Yes heard: CNG while the person switches the machine on.</summary>
    SwitchDelay,

    /// <summary>T.30 runs (over G.711 or T.38).</summary>
    Faxing,

    /// <summary>We sent CANCEL or BYE and wait for the SIP layer to confirm.</summary>
    HangingUp,

    Ended,
}
