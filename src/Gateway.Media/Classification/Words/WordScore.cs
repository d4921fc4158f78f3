namespace Gateway.Media.Classification.Words;

/// <summary>The word check's verdict on one utterance: the most likely class and the three probabilities (sum 1).</summary>
/// <param name="Class">The most likely class, or <see cref="WordClass.None"/> when not scored.</param>
/// <param name="Yes">Probability of the yes family.</param>
/// <param name="No">Probability of "нет".</param>
/// <param name="Other">Probability of anything else.</param>
public readonly record struct WordScore(WordClass Class, float Yes, float No, float Other)
{
    /// <summary>Not scored.</summary>
    public static WordScore None => default;

    /// <summary>The utterance's phonetic cues (session 9), <see cref="WordCues.None"/> when not measured.</summary>
    public WordCues Cues { get; init; }
}
