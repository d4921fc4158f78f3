namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// A harder babble for choosing reply rules without reading the held-out set (session 6, noise kind "crowd"). The corpus
/// babble of each set is eight copies of one voicemail sentence looped every 8 s, so the tuning set's babble made only
/// 3 candidate utterances (none over 4 dB of contrast) in 600 noise-only prompts: too benign to choose thresholds on
/// (docs/detection.md, session 5). The crowd is 4–7 talkers of the set's voices, each speaking the set's three voicemail
/// sentences (in any of the set's voices, rates and pitches) one after another with 50–600 ms pauses, at gains within
/// ±4 dB of each other, mixed afresh for every trial: where most talkers pause, one talker's syllables stand out of the
/// crowd. Short isolated words ("алло") are left out: one of those alone in a quiet moment is a second person
/// answering, which no level rule can tell from a "да" (a first try with them and 3–6 talkers had a candidate over 5 dB of
/// contrast in 72 of 400 prompts).
/// </summary>
public static class CrowdNoise
{
    /// <summary>Adds a fresh crowd at an active level of <paramref name="dbm0"/> to <paramref name="dst"/>.</summary>
    public static void Add(float[] dst, Corpus corpus, string set, double dbm0, Random rng)
    {
        var sources = Sources(corpus, set);
        var mix = new float[dst.Length];
        var talkers = 4 + rng.Next(4);
        for (var k = 0; k < talkers; k++)
        {
            var gain = (float)Math.Pow(10, ((rng.NextDouble() * 8) - 4) / 20);
            var at = -rng.Next(8000 * 4); // already talking when the line opens
            while (at < mix.Length)
            {
                var u = sources[rng.Next(sources.Count)];
                for (var i = 0; i < u.Length; i++)
                {
                    var n = at + i;
                    if (n >= 0 && n < mix.Length)
                    {
                        mix[n] += gain * u[i];
                    }
                }

                at += u.Length + (8 * (50 + rng.Next(550)));
            }
        }

        var ms = Signals.ActiveMeanSquare(mix);
        if (ms <= 0)
        {
            return;
        }

        var g = Math.Sqrt(Gateway.Media.Dsp.Level.Dbm0ToMeanSquare(dbm0) / ms);
        for (var i = 0; i < dst.Length; i++)
        {
            dst[i] += (float)(g * mix[i]);
        }
    }

    private static List<float[]> Sources(Corpus corpus, string set) =>
        [.. corpus.Of(set, "machine").Select(u => u.Samples)];
}
