namespace Gateway.Calls;

/// <summary>The answer classifier's verdicts (and call-progress tones heard in early media).</summary>
public enum AnswerClass
{
    Fax,
    Person,
    Machine,
    Silence,
    Busy,
    Congestion,

    /// <summary>Special information tone: number not in service, circuits busy, and the like.</summary>
    SpecialInformationTone,
    Ringback,
}
