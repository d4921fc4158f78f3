namespace Gateway.Engine;

/// <summary>Outcome classes of an attempt (ARCHITECTURE.md "Failure classes"); they drive retries.</summary>
public enum FailureClass
{
    /// <summary>The fax was confirmed by the far end.</summary>
    Succeeded,

    /// <summary>486/600 or busy tone.</summary>
    Busy,

    /// <summary>Rang out, nobody answered.</summary>
    NoAnswer,

    /// <summary>4xx/6xx other than busy.</summary>
    Rejected,

    /// <summary>5xx, timeouts, trunk down, or the node died during the call.</summary>
    NetworkError,

    /// <summary>A person answered and never said yes.</summary>
    NoReply,

    /// <summary>Answered, no fax appeared after the reply.</summary>
    NotAFax,

    /// <summary>DIS/DCS/training failed.</summary>
    NegotiationFailed,

    /// <summary>Some pages confirmed.</summary>
    PartialSend,

    /// <summary>Do-not-fax or invalid number: never dialled, never retried.</summary>
    Refused,
}
