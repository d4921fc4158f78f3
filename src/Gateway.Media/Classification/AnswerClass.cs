namespace Gateway.Media.Classification;

/// <summary>What answered the call.</summary>
public enum AnswerClass
{
    /// <summary>No decision yet.</summary>
    Undecided,

    /// <summary>A fax machine (CED, ANSam, V.21 flags, or CNG while we send nothing).</summary>
    Fax,

    /// <summary>A person: a short greeting, then silence.</summary>
    Human,

    /// <summary>An answering machine or IVR: a long greeting or many words.</summary>
    Machine,

    /// <summary>Nothing heard during the initial-silence time.</summary>
    Silence,

    /// <summary>Busy tone.</summary>
    Busy,

    /// <summary>Congestion / reorder tone.</summary>
    Congestion,

    /// <summary>Special information tone (number unobtainable, etc.).</summary>
    Sit,

    /// <summary>Ringback after answer (the far end is still ringing; a misbehaving gateway).</summary>
    Ringback,

    /// <summary>Voice went on without a rule firing until the total analysis time ran out (Asterisk's NOTSURE).</summary>
    NotSure,
}
