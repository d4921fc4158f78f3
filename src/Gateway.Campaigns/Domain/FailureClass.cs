namespace Gateway.Campaigns.Domain;

/// <summary>How an attempt ended, in the classes that drive retries (ARCHITECTURE.md "Failure classes").</summary>
public enum FailureClass
{
    Succeeded,
    Busy,
    NoAnswer,

    /// <summary>4xx/6xx other than busy, SIT "number not in service".</summary>
    Rejected,

    /// <summary>5xx, timeouts, trunk down, a node lost while the call ran.</summary>
    NetworkError,

    /// <summary>A person answered and never said yes.</summary>
    NoReply,

    /// <summary>Answered, but no fax machine appeared.</summary>
    NotAFax,

    /// <summary>DIS/DCS/training failed.</summary>
    NegotiationFailed,

    /// <summary>Some pages confirmed; the next attempt resumes at the first unconfirmed page.</summary>
    PartialSend,

    /// <summary>Never dialed: do-not-fax list, invalid number. Never retried.</summary>
    Refused,
}
