namespace Gateway.Media.Classification.Words;

/// <summary>
/// Phonetic cues of one utterance that do not depend on the voice that spoke it (<see cref="WordPhonetics"/>): the formants
/// of its first syllable's vowel and their ratio, its syllable count, and whether a voiceless burst follows its last vowel.
/// </summary>
/// <param name="F1">First formant of the first syllable's nucleus (Hz; median over its loudest hops), 0 when not measured.</param>
/// <param name="F2">Second formant of the same hops (Hz).</param>
/// <param name="Syllables">Energy peaks of the voiced part (a dip of ≥ 3 dB between two).</param>
/// <param name="CodaBurstDb">
/// Level of the loudest voiceless, high-frequency hop within 160 ms after the last voiced hop, relative to the utterance's
/// peak (dB, ≤ 0); −99 when there is none (a vowel that fades out).
/// </param>
/// <param name="VoicedMs">Voiced time (ms).</param>
public readonly record struct WordCues(float F1, float F2, int Syllables, float CodaBurstDb, int VoicedMs)
{
    /// <summary>Not measured.</summary>
    public static WordCues None => default;

    /// <summary>
    /// Voiced time right before the first loud vowel that is ≥ 4 dB duller than it (ms): a nasal's murmur, as the /nʲ/ of "нет";
    /// a stop's voice bar ("да") lies under the telephone band, a vowel-initial word has none.
    /// </summary>
    public int MurmurMs { get; init; }

    /// <summary>Whether the vowel was measured.</summary>
    public bool Measured => F1 > 0 && F2 > 0;

    /// <summary>
    /// log2(F2 / F1) of the first nucleus: the vowel's place, independent of the speaker's vocal-tract length (a longer tract
    /// scales every formant down by the same factor). Open back /a/ of "да" ≈ 0.6–1.2 (F1 high, F2 close to it); the /e/ of
    /// "нет" after a soft /nʲ/ ≈ 1.8–2.6 (F1 low, F2 high). 0 when not measured.
    /// </summary>
    public float Frontness => Measured ? MathF.Log2(F2 / F1) : 0;
}
