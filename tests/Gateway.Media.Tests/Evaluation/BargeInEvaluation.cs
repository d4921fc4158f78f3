using Gateway.Media.Classification;
using Gateway.Media.Codecs;
using Gateway.Media.Vad;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// "да" while the prompt still plays, over a realistic echo path (bulk delay 0–64 ms, 8 ms dispersion, ERL
/// 6–20 dB, the echo of the G.711-coded prompt), per ERL × delay cell: recall, and false accepts on the same
/// cell's echo-only prompts. Run by <see cref="BargeInEvaluationTests"/> when GATEWAY_MEDIA_BARGEIN_EVAL=1.
/// </summary>
public static class BargeInEvaluation
{
    public static readonly int[] Erls = [6, 10, 15, 20];

    public static readonly int[] Delays = [0, 16, 32, 64];

    /// <summary>One set's figures in one cell: replies spoken over the prompt, and echo-only prompts.</summary>
    public sealed record SetResult(
        string Set, int Trials, int Hits, int BargeIns, int EchoPrompts, int FalseYes, int FalseBargeIns, int FalseYesOnPathChange,
        double ErleDbMedian, double GateLossDbMedian, List<string> Misses, int[] EchoSpeechRuns);

    public sealed record Cell(string Mode, int ErlDb, int DelayMs, SetResult Tune, SetResult Heldout)
    {
        public IEnumerable<SetResult> Sets => [Tune, Heldout];
    }

    /// <summary>
    /// The prompt of a set: the tuning set plays the default prompt (the rules were chosen on it); the held-out set
    /// plays the first 4 s of a held-out voice's voicemail greeting (ru+f4, a female voice, other words), as
    /// another recorded prompt would be.
    /// </summary>
    public static float[] PromptOf(Corpus corpus, string set) => set == "tune"
        ? corpus.Prompt
        : corpus.Of("heldout", "machine").First(u => u.Id == "machine-2" && u.Voice == "f4").Samples[..Signals.Samples(4000)];

    public static Cell Run(Corpus corpus, string mode, Func<SpeechDetector> speech, int erl, int delay, int echoPrompts, int seed) =>
        new(mode, erl, delay, RunSet(corpus, "tune", mode, speech, erl, delay, echoPrompts, seed), RunSet(corpus, "heldout", mode, speech, erl, delay, echoPrompts, seed + 7919));

    private static SetResult RunSet(Corpus corpus, string set, string mode, Func<SpeechDetector> speech, int erl, int delay, int echoPrompts, int seed)
    {
        var rng = new Random(seed);
        var source = PromptOf(corpus, set);
        var prompt = Channel.Scaled(source, -15);
        int trials = 0, hits = 0, bargeIns = 0, falseYes = 0, falseBarge = 0;
        var erle = new List<double>();
        var loss = new List<double>();
        var misses = new List<string>();
        var echoRuns = new int[6];
        var falseYesOnChange = 0;
        var replies = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_DA") == "0" ? [] : corpus.Of(set, "yes");
        foreach (var u in replies)
        {
            trials++;
            var level = -15 - (rng.NextDouble() * 20);
            var speechSamples = Channel.Scaled(u.Samples, level);
            const int promptStart = 400;
            var at = promptStart + 1500 + rng.Next(1500);
            var near = new float[Signals.Samples(at + 4000) + speechSamples.Length];
            Channel.Place(near, speechSamples, Signals.Samples(at));
            Signals.AddWhiteNoise(near, -60 - (rng.NextDouble() * 10), rng);
            var sc = new ReplyScenario(near, prompt, promptStart, erl, delay, rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, 0, 3000, rng.Next())
            {
                Path = EchoPath.Dispersive(delay, erl, prompt, rng),
                Speech = speech,
            };
            var r = ReplyRunner.Run(sc);
            if (r.Kind == ReplyKind.Yes && r.AtMs > at)
            {
                hits++;
                bargeIns += r.BargedIn ? 1 : 0;
            }
            else
            {
                misses.Add($"{u.Set}:{u.Id}_{u.Voice}@{level:F0}:{r.Kind}");
                if (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_MISSTRACE") is { Length: > 0 } missPath && misses.Count <= 12)
                {
                    File.AppendAllText(missPath, MissTrace(sc, speechSamples, at, $"miss: {mode} ERL {erl} delay {delay} {misses[^1]} at {at} ms"));
                }
            }
        }

        for (var k = 0; k < echoPrompts; k++)
        {
            var p = Channel.Scaled(source, -10 - (rng.NextDouble() * 10));
            const int promptStart = 200;
            var near = new float[Signals.Samples(promptStart + 1500) + p.Length];
            Signals.AddWhiteNoise(near, -55 - (rng.NextDouble() * 15), rng);
            int run = 0, maxRun = 0;
            var sc = new ReplyScenario(near, p, promptStart, erl, delay, rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, k % 4 == 0 ? 0.01 + (rng.NextDouble() * 0.09) : 0, 1500, rng.Next())
            {
                // Every third prompt: the echo path changes 2 s into the prompt (a jitter-buffer resize: +24 ms of
                // delay, a new hybrid response, ERL 0–4 dB lower).
                Path = k % 3 == 2
                    ? EchoPath.Dispersive(delay, erl, p, rng) with { Next = EchoPath.Dispersive(delay + 24, Math.Max(6, erl - rng.Next(5)), p, rng), ChangeAt = Signals.Samples(promptStart + 2000) }
                    : EchoPath.Dispersive(delay, erl, p, rng),
                Speech = speech,
                OnFrame = (_, d, _) =>
                {
                    run = d.Speech.LastDecision == SpeechFrame.Speech ? run + 1 : 0;
                    maxRun = Math.Max(maxRun, run);
                },
            };
            var r = ReplyRunner.Run(sc);
            // GATEWAY_MEDIA_BARGEIN_TRACE: every false yes; GATEWAY_MEDIA_BARGEIN_RUNTRACE: also every prompt whose echo made 3+ speech frames in a row.
            var traceThis = r.Kind == ReplyKind.Yes || (maxRun >= 3 && Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_RUNTRACE") == "1");
            if (traceThis && Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_TRACE") is { Length: > 0 } tracePath)
            {
                var trace = new System.Text.StringBuilder($"{(r.Kind == ReplyKind.Yes ? "false yes" : $"run of {maxRun}")}: {mode} {set} ERL {erl} delay {delay} prompt {k} (path change: {k % 3 == 2}) at {r.AtMs} ms\n");
                ReplyRunner.Run(sc with
                {
                    OnFrame = (t, d, dec) => trace.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                        $"{t} res {d.Speech.LastLevelDbm0:F1} est {Gateway.Media.Dsp.Level.MeanSquareToDbm0(d.Speech.EchoCanceller?.LastEchoEstimateMeanSquare ?? 0):F1} corr {d.Speech.EchoCanceller?.LastEchoCorrelation:F2} loss {d.Speech.EchoGate.LossDb:F1} p {d.Speech.LastProbability:F2} erle {d.Speech.EchoCanceller?.LastErleDb:F1} dtd {d.Speech.DoubleTalk?.Trusted}/{d.Speech.DoubleTalk?.RatioDb:F1}/{d.Speech.DoubleTalk?.NearEnd} {d.Speech.LastDecision} {dec.Kind}"),
                });
                File.AppendAllText(tracePath, trace.ToString());
            }

            falseYes += r.Kind == ReplyKind.Yes ? 1 : 0;
            falseYesOnChange += r.Kind == ReplyKind.Yes && k % 3 == 2 ? 1 : 0;
            echoRuns[Math.Min(maxRun, echoRuns.Length - 1)]++;
            falseBarge += r.BargedIn ? 1 : 0;
            erle.Add(r.ErleDb);
            loss.Add(r.GateLossDb);
        }

        return new SetResult(set, Math.Max(1, trials), hits, bargeIns, echoPrompts, falseYes, falseBarge, falseYesOnChange, Median(erle), Median(loss), misses, echoRuns);
    }

    // Frame trace of a missed reply: the reply's own level in the frame (truth), what we heard, the residual, the
    // canceller's echo estimate and its correlation with what we heard, the gate's loss, the VAD, the decision.
    private static string MissTrace(ReplyScenario sc, float[] reply, int atMs, string title)
    {
        var trace = new System.Text.StringBuilder(title).AppendLine();
        ReplyRunner.Run(sc with
        {
            OnFrame = (t, d, dec) =>
            {
                var s0 = (int)((t - atMs) * 8);
                if (s0 < -24000 || s0 > reply.Length + 3200)
                {
                    return;
                }

                double p = 0;
                for (var i = 0; i < 160; i++)
                {
                    var k = s0 + i;
                    p += k >= 0 && k < reply.Length ? reply[k] * (double)reply[k] : 0;
                }

                var c = d.Speech.EchoCanceller;
                trace.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                    $"{t} reply {Gateway.Media.Dsp.Level.MeanSquareToDbm0(p / 160):F1} res {d.Speech.LastLevelDbm0:F1} est {Gateway.Media.Dsp.Level.MeanSquareToDbm0(c?.LastEchoEstimateMeanSquare ?? 0):F1} corr {c?.LastEchoCorrelation:F2} erle {c?.LastErleDb:F1} dtd {d.Speech.DoubleTalk?.Trusted}/{d.Speech.DoubleTalk?.RatioDb:F1}/{d.Speech.DoubleTalk?.NearEnd}/{d.Speech.DoubleTalk?.Contradictions} loss {d.Speech.EchoGate.LossDb:F1} raw {d.Speech.RawEchoGate.LossDb:F1} p {d.Speech.LastProbability:F2} {d.Speech.LastDecision} {dec.Kind}");
            },
        });
        return trace.ToString();
    }

    private static double Median(List<double> v) => v.Count == 0 ? double.NaN : v.Order().ElementAt(v.Count / 2);
}
