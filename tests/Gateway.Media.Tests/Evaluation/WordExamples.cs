using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Codecs;
using Gateway.Media.Dsp;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>One utterance as the reply detector delimited and summarised it, with its truth (0 yes, 1 no, 2 other).</summary>
public sealed record WordExample(float[] Features, int Label, string Source, string Condition)
{
    /// <summary>The shipped model's score and the phonetic cues of the utterance when it was collected (not saved in a cache).</summary>
    public WordScore Score { get; init; }
}

/// <summary>
/// Word-check examples (session 7): each clip is placed in a line (level −15…−35 dBm0; line noise, white noise or babble at
/// 20/10/5 dB SNR; in 1 of 3 an echo residue of the prompt 15–30 dB under the reply; either G.711 law) and fed to a real
/// <see cref="ReplyDetector"/> with the contrast rule off, so every utterance it delimits is scored; its summary is kept,
/// labelled with the clip's label when it overlaps the clip's speech and "other" when it comes from the noise alone.
/// Seeded: the same clips and seed give the same examples.
/// </summary>
public static class WordExamples
{
    /// <summary>The line conditions each clip is heard in: noise and SNR (99 = line noise only, −60…−70 dBm0).</summary>
    public static readonly (string Noise, int Snr)[] Conditions = [("line", 99), ("white", 20), ("white", 10), ("white", 5), ("babble", 20), ("babble", 10), ("babble", 5)];

    public static int LabelOf(string corpusLabel) => corpusLabel switch { "yes" => 0, "no" => 1, _ => 2 };

    public static readonly string[] Names = ["yes", "no", "other"];

    /// <summary>Collects the examples of <paramref name="clips"/> in every condition (noise from the noise alone only with <paramref name="noiseExamples"/>).</summary>
    /// <paramref name="perturb"/>: each clip is first resampled by a random factor 0.88–1.12 (speed perturbation, Ko et al. 2015:
    /// formants, pitch and duration move together, as between speakers).
    public static List<WordExample> Collect(IReadOnlyList<Utterance> clips, float[] babble, float[] prompt, int seed, bool noiseExamples, (string Noise, int Snr)[]? conditions = null, bool perturb = false)
    {
        var rng = new Random(seed);
        var list = new List<WordExample>();
        foreach (var u in clips)
        {
            foreach (var (noise, snr) in conditions ?? Conditions)
            {
                list.AddRange(Run(perturb ? u with { Samples = Resample(u.Samples, 0.88 + (rng.NextDouble() * 0.24)) } : u, noise, snr, babble, prompt, rng, noiseExamples));
            }
        }

        return list;
    }

    private static List<WordExample> Run(Utterance u, string noise, int snr, float[] babble, float[] prompt, Random rng, bool noiseExamples)
    {
        var level = -15 - (rng.NextDouble() * 20);
        var speech = Channel.Scaled(u.Samples, level);
        var leadMs = 2000 + rng.Next(1000);
        var x = new float[Signals.Samples(leadMs + 900) + speech.Length];
        if (snr >= 99)
        {
            Signals.AddWhiteNoise(x, -60 - (rng.NextDouble() * 10), rng);
        }
        else if (noise == "white")
        {
            Signals.AddWhiteNoise(x, level - snr, rng);
        }
        else
        {
            var g = Math.Sqrt(Level.Dbm0ToMeanSquare(level - snr) / Signals.ActiveMeanSquare(babble));
            var offset = rng.Next(babble.Length);
            for (var i = 0; i < x.Length; i++)
            {
                x[i] += (float)(g * babble[(offset + i) % babble.Length]);
            }
        }

        if (rng.Next(3) == 0)
        {
            // What an echo canceller leaves of our prompt: the prompt itself, 15–30 dB under the reply, from a random point.
            var g = Math.Sqrt(Level.Dbm0ToMeanSquare(level - 15 - (rng.NextDouble() * 15)) / Signals.ActiveMeanSquare(prompt));
            var offset = rng.Next(prompt.Length);
            for (var i = 0; i < x.Length; i++)
            {
                x[i] += (float)(g * prompt[(offset + i) % prompt.Length]);
            }
        }

        var start = Signals.Samples(leadMs);
        Channel.Place(x, speech, start);
        var speechStartMs = leadMs + (FirstActive(speech) / 8);
        var speechEndMs = leadMs + (Channel.ActiveEnd(speech) / 8);
        var pcm = Channel.Finish(x, rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, 0, rng);
        var options = new ReplyDetectorOptions { MaxReplays = 0, MinContrastDb = 99, MinSteadyContrastDb = 99, UnsureMarginDb = 0, ReplyWindowMs = 60_000 };
        var detector = new ReplyDetector(options, EvaluationVad.CreateSpeech());
        var found = new List<WordExample>();
        var labelled = false;
        var condition = snr >= 99 ? "line" : $"{noise}/{snr}";
        detector.OnWord = (features, score, margin, s, e) =>
        {
            var overlaps = e > speechStartMs && s < speechEndMs;
            if (overlaps && !labelled)
            {
                labelled = true;
                found.Add(new WordExample(features.ToArray(), LabelOf(u.Label), $"{u.Id}_{u.Voice}", condition) { Score = score });
            }
            else if (noiseExamples && !overlaps && (e < speechStartMs || s > speechEndMs + 100))
            {
                found.Add(new WordExample(features.ToArray(), 2, $"noise:{u.Id}_{u.Voice}", condition) { Score = score });
            }
        };

        // The VAD learns the line in the first 1.5 s (the question: AssumeBackground), as it does in production over the
        // answer classifier's lead-in and the prompt; the reply window follows.
        detector.StartPrompt(0);
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            if (f / 8 == 1500)
            {
                detector.PromptFinished(1500);
            }

            detector.Process(pcm.AsSpan(f, 160), f / 8);
        }

        return found;
    }

    public static void Save(string path, IReadOnlyList<WordExample> examples)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write(examples.Count);
        foreach (var e in examples)
        {
            w.Write(e.Label);
            w.Write(e.Source);
            w.Write(e.Condition);
            w.Write(e.Features.Length);
            foreach (var f in e.Features)
            {
                w.Write(f);
            }
        }
    }

    public static List<WordExample> Load(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        var n = r.ReadInt32();
        var list = new List<WordExample>(n);
        for (var k = 0; k < n; k++)
        {
            var label = r.ReadInt32();
            var source = r.ReadString();
            var condition = r.ReadString();
            var features = new float[r.ReadInt32()];
            for (var i = 0; i < features.Length; i++)
            {
                features[i] = r.ReadSingle();
            }

            list.Add(new WordExample(features, label, source, condition));
        }

        return list;
    }

    /// <summary>Plays <paramref name="x"/> <paramref name="factor"/> times faster (linear interpolation).</summary>
    public static float[] Resample(float[] x, double factor)
    {
        var y = new float[(int)((x.Length - 1) / factor)];
        for (var i = 0; i < y.Length; i++)
        {
            var t = i * factor;
            var k = (int)t;
            var a = t - k;
            y[i] = (float)((x[k] * (1 - a)) + (x[Math.Min(k + 1, x.Length - 1)] * a));
        }

        return y;
    }

    private static int FirstActive(float[] x)
    {
        var end = Channel.ActiveEnd(x);
        var reversed = x.Reverse().ToArray();
        return x.Length - Channel.ActiveEnd(reversed) is var first && first < end ? first : 0;
    }

    /// <summary>A babble of <paramref name="talkers"/> talkers, each saying random clips with 50–400 ms pauses, <paramref name="seconds"/> long.</summary>
    public static float[] Babble(IReadOnlyList<Utterance> clips, int talkers, int seconds, int seed)
    {
        var rng = new Random(seed);
        var x = new float[seconds * 8000];
        for (var t = 0; t < talkers; t++)
        {
            var at = rng.Next(4000);
            var gain = Math.Pow(10, ((rng.NextDouble() * 8) - 4) / 20);
            while (at < x.Length)
            {
                var c = clips[rng.Next(clips.Count)].Samples;
                var scaled = Channel.Scaled(c, -20);
                for (var i = 0; i < scaled.Length && at + i < x.Length; i++)
                {
                    x[at + i] += (float)(gain * scaled[i]);
                }

                at += scaled.Length + 400 + rng.Next(2800);
            }
        }

        return x;
    }
}
