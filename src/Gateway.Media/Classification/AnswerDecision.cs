using Gateway.Media.Tones;

namespace Gateway.Media.Classification;

/// <summary>The classifier's verdict.</summary>
/// <param name="Class">What answered.</param>
/// <param name="ElapsedMs">Milliseconds after answer (the first frame fed) when the decision was made.</param>
/// <param name="Reason">The rule that fired, e.g. "CED", "LONGGREETING", "MAXWORDS", "HUMAN", "INITIALSILENCE".</param>
/// <param name="Tone">The tone behind a tone decision, if any.</param>
public readonly record struct AnswerDecision(AnswerClass Class, long ElapsedMs, string Reason, ToneDetection Tone = default)
{
    /// <summary>True once a class is known.</summary>
    public bool IsFinal => Class != AnswerClass.Undecided;

    /// <summary>No decision yet.</summary>
    public static AnswerDecision Undecided => default;
}
