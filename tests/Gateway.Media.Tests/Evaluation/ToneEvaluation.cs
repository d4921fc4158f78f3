using Gateway.Media.Codecs;
using Gateway.Media.Dsp;
using Gateway.Media.Tones;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>Tone detection against level and frequency offset, and talk-off on speech.</summary>
public static class ToneEvaluation
{
    public sealed record ToneCase(string Name, ToneKind Kind, int DurationMs, Action<float[], int, double, double> Add);

    public static readonly ToneCase[] Cases =
    [
        new("CED 2100", ToneKind.Ced, 3000, (x, s, l, o) => Signals.AddTone(x, s, x.Length - s, l, 0.3, 2100 + o)),
        new("ANSam/ 2100", ToneKind.Ansam, 3000, (x, s, l, o) => Signals.AddAnsam(x, s, x.Length - s, l, true, 2100 + o)),
        new("V.21 flags", ToneKind.V21Flags, 2000, (x, s, l, o) => Signals.AddV21Flags(x, s, x.Length - s, l, o)),
        new("CNG 1100", ToneKind.Cng, 2000, (x, s, l, o) => Signals.AddCadence(x, s, l, [500, 3000], 0.1, 1100 + o)),
        new("RU busy 425 350/350", ToneKind.Busy, 3000, (x, s, l, o) => Signals.AddCadence(x, s, l, [350, 350], 0.2, 425 + o)),
        new("RU congestion 425 175/175", ToneKind.Congestion, 2500, (x, s, l, o) => Signals.AddCadence(x, s, l, [175, 175], 0.2, 425 + o)),
        new("EU busy 425 500/500", ToneKind.Busy, 3500, (x, s, l, o) => Signals.AddCadence(x, s, l, [500, 500], 0.2, 425 + o)),
        new("RU ringback 425 1000/4000", ToneKind.Ringback, 2500, (x, s, l, o) => Signals.AddCadence(x, s, l, [1000, 4000], 0.2, 425 + o)),
        new("NA busy 480+620", ToneKind.Busy, 3500, (x, s, l, o) => Signals.AddCadence(x, s, l, [500, 500], 0.4, 480 + o, 620 + o)),
        new("NA reorder 480+620", ToneKind.Congestion, 2500, (x, s, l, o) => Signals.AddCadence(x, s, l, [250, 250], 0.4, 480 + o, 620 + o)),
        new("NA ringback 440+480", ToneKind.Ringback, 3500, (x, s, l, o) => Signals.AddCadence(x, s, l, [2000, 4000], 0.4, 440 + o, 480 + o)),
        new("SIT ITU 950/1400/1800", ToneKind.Sit, 2000, (x, s, l, o) => AddSit(x, s, l, o, 950, 1400, 1800, 330)),
        new("SIT NA 985/1429/1777", ToneKind.Sit, 2000, (x, s, l, o) => AddSit(x, s, l, o, 985.2, 1428.5, 1776.7, 274)),
    ];

    public static readonly double[] AcceptLevels = [-5, -20, -35, -43];
    public static readonly double[] AcceptOffsets = [0, -10, 10, -23, 23];
    public static readonly double[] RejectLevels = [-44, -48];
    public static readonly double[] RejectOffsets = [-80, 80, -100, 100];

    public sealed record Cell(string Tone, double LevelDbm0, double OffsetHz, bool ShouldDetect, int Trials, int Detected);

    public static List<Cell> Sweep(int seed)
    {
        var cells = new List<Cell>();
        var rng = new Random(seed);
        foreach (var c in Cases)
        {
            foreach (var l in AcceptLevels)
            {
                foreach (var o in AcceptOffsets)
                {
                    cells.Add(Run(c, l, o, true, rng));
                }
            }

            foreach (var l in RejectLevels)
            {
                foreach (var o in new double[] { 0, -23, 23 })
                {
                    cells.Add(Run(c, l, o, false, rng));
                }
            }

            foreach (var l in new double[] { -10, -30, -43 })
            {
                foreach (var o in RejectOffsets)
                {
                    cells.Add(Run(c, l, o, false, rng));
                }
            }
        }

        return cells;
    }

    private static Cell Run(ToneCase c, double level, double offset, bool shouldDetect, Random rng)
    {
        const int trials = 2;
        var detected = 0;
        for (var t = 0; t < trials; t++)
        {
            var start = Signals.Samples(200 + rng.Next(300));
            var x = new float[start + Signals.Samples(c.DurationMs) + 1600];
            c.Add(x, start, level, offset);
            Signals.AddWhiteNoise(x, -70, rng);
            var pcm = Channel.Finish(x, t == 0 ? G711Law.MuLaw : G711Law.ALaw, 0, rng);
            if (Detects(pcm, c.Kind))
            {
                detected++;
            }
        }

        return new Cell(c.Name, level, offset, shouldDetect, trials, detected);
    }

    public static bool Detects(short[] pcm, ToneKind kind)
    {
        var bank = new ToneBank();
        var frame = new AnalysisFrame();
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            frame.Load(pcm.AsSpan(f, 160), f / 8);
            var d = bank.Process(frame);
            // ANSam and CED are the same tone family: the sweep checks the exact variant.
            if (d.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddSit(float[] x, int s, double level, double o, double f1, double f2, double f3, int ms)
    {
        var n = Signals.Samples(ms);
        Signals.AddTone(x, s, n, level, 0, f1 + o);
        Signals.AddTone(x, s + n, n, level, 0, f2 + o);
        Signals.AddTone(x, s + (2 * n), n, level, 0, f3 + o);
    }

    public sealed record TalkOff(double SpeechSeconds, Dictionary<ToneKind, int> Detections);

    /// <summary>Every corpus utterance back to back at −20 dBm0 through the tone bank.</summary>
    public static TalkOff MeasureTalkOff(Corpus corpus, int seed)
    {
        var rng = new Random(seed);
        var bank = new ToneBank();
        var frame = new AnalysisFrame();
        var counts = new Dictionary<ToneKind, int>();
        double seconds = 0;
        long t = 0;
        foreach (var u in corpus.Utterances)
        {
            foreach (var level in new[] { -15.0, -30.0 })
            {
                var x = Channel.Scaled(u.Samples, level);
                Signals.AddWhiteNoise(x, -65, rng);
                var pcm = Channel.Finish(x, G711Law.ALaw, 0, rng);
                seconds += pcm.Length / 8000.0;
                for (var f = 0; f + 160 <= pcm.Length; f += 160)
                {
                    frame.Load(pcm.AsSpan(f, 160), t);
                    t += 20;
                    var d = bank.Process(frame);
                    if (d.IsDetected)
                    {
                        counts[d.Kind] = counts.GetValueOrDefault(d.Kind) + 1;
                    }
                }
            }
        }

        return new TalkOff(seconds, counts);
    }
}
