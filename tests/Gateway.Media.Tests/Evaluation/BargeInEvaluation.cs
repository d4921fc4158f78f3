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
        double ErleDbMedian, double GateLossDbMedian, List<string> Misses, int[] EchoSpeechRuns)
    {
        /// <summary>Echo path changes signalled (<see cref="SpeechDetector.EchoPathChanged"/> frames) in the reply trials, which have none unless GATEWAY_MEDIA_BARGEIN_REPLYCHANGE is set.</summary>
        public int ReplyPathChanges { get; init; }

        /// <summary>Reply trials in which the reply detector dropped an utterance on a path change.</summary>
        public int ReplyDrops { get; init; }

        /// <summary>
        /// Session 9: reply trials in which a "yes" was decided before the reply began, so the prompt's echo alone made it. It is
        /// an echo-only false "yes" (a consent failure) inside a reply trial, counted apart from the misses.
        /// </summary>
        public int EchoMadeYes { get; init; }
    }

    /// <summary>
    /// One cell's figures per set, in the order tune, heldout, heldout2. GATEWAY_MEDIA_BARGEIN_SETS=tune,heldout,heldout2 (session 9)
    /// chooses the sets (default tune and heldout, plus heldout2 with GATEWAY_MEDIA_BARGEIN_HELDOUT2=1, session 8).
    /// </summary>
    public sealed record Cell(string Mode, int ErlDb, int DelayMs, IReadOnlyList<SetResult> Sets)
    {
        public SetResult? Tune => Sets.FirstOrDefault(r => r.Set == "tune");

        public SetResult? Heldout => Sets.FirstOrDefault(r => r.Set == "heldout");

        /// <summary>The second held-out condition (session 8), null when not run.</summary>
        public SetResult? Heldout2 => Sets.FirstOrDefault(r => r.Set == "heldout2");
    }

    /// <summary>The sets the evaluation runs (GATEWAY_MEDIA_BARGEIN_SETS, GATEWAY_MEDIA_BARGEIN_HELDOUT2).</summary>
    public static IReadOnlyList<string> SetNames()
    {
        if (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_SETS") is { Length: > 0 } sets)
        {
            return [.. new[] { "tune", "heldout", "heldout2" }.Where(s => sets.Split(',').Contains(s))];
        }

        return Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_HELDOUT2") == "1" ? ["tune", "heldout", "heldout2"] : ["tune", "heldout"];
    }

    /// <summary>A set's seed offset from the cell's seed (the held-out sets draw their own random streams).</summary>
    public static int SeedOffset(string set) => set switch
    {
        "heldout" => 7919,
        "heldout2" => 104729,
        _ => 0,
    };

    /// <summary>
    /// The prompt of a set: the tuning set plays the default prompt (the rules were chosen on it); the held-out set
    /// plays the first 4 s of a held-out voice's voicemail greeting (ru+f4, a female voice, other words), as
    /// another recorded prompt would be.
    /// </summary>
    /// <remarks>
    /// Session 8 adds a second held-out condition, "heldout2", that no rule was chosen on: the held-out replies over another held-out
    /// voice's recording (ru+m7, a male voice, the first 4 s of the "machine-3" greeting, other words again) through another echo
    /// shape (<see cref="EchoPath.TwoReflections"/>: two hybrid reflections 4–8 ms apart, 16 ms of dispersion).
    /// </remarks>
    public static float[] PromptOf(Corpus corpus, string set) => set switch
    {
        "tune" => corpus.Prompt,
        "heldout2" => corpus.Of("heldout", "machine").First(u => u.Id == "machine-3" && u.Voice == "m7").Samples[..Signals.Samples(4000)],
        _ => corpus.Of("heldout", "machine").First(u => u.Id == "machine-2" && u.Voice == "f4").Samples[..Signals.Samples(4000)],
    };

    public static Cell Run(Corpus corpus, string mode, Func<SpeechDetector> speech, int erl, int delay, int echoPrompts, int seed) =>
        new(mode, erl, delay, [.. SetNames().Select(set => RunSet(corpus, set, mode, speech, erl, delay, echoPrompts, seed + SeedOffset(set)))]);

    // The echo path of a set: the second held-out condition has its own shape.
    private static EchoPath PathOf(string set, int delayMs, double erlDb, ReadOnlySpan<float> reference, Random rng) =>
        set == "heldout2" ? EchoPath.TwoReflections(delayMs, erlDb, reference, rng) : EchoPath.Dispersive(delayMs, erlDb, reference, rng);

    /// <summary>One simulated prompt of a cell: a reply spoken over the prompt (<see cref="Reply"/> set) or an echo-only prompt.</summary>
    public sealed record Trial(int Index, ReplyScenario Scenario, Utterance? Reply, double LevelDbm0, int ReplyAtMs, float[]? ReplySamples, bool PathChange);

    /// <summary>
    /// The trials of one set in one cell, in the evaluation's order and from its random stream (the replies first, then
    /// the echo-only prompts), built lazily: a test can take one trial of a cell exactly as the evaluation runs it.
    /// GATEWAY_MEDIA_BARGEIN_DA=0 leaves the replies out (which changes the echo-only prompts drawn).
    /// GATEWAY_MEDIA_BARGEIN_REPLYCHANGE=ms (session 7) gives every reply an echo path change that many ms before the
    /// reply begins (negative: after), as the echo-only prompts have one, to measure replies right after a change.
    /// </summary>
    public static IEnumerable<Trial> Trials(Corpus corpus, string set, Func<SpeechDetector> speech, int erl, int delay, int echoPrompts, int seed)
    {
        var rng = new Random(seed);
        var source = PromptOf(corpus, set);
        var prompt = Channel.Scaled(source, -15);
        var replies = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_DA") == "0" ? [] : corpus.Of(set == "heldout2" ? "heldout" : set, "yes");
        int? changeBefore = int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_REPLYCHANGE"), out var cb) ? cb : null;
        var index = 0;
        foreach (var u in replies)
        {
            var level = -15 - (rng.NextDouble() * 20);
            var speechSamples = Channel.Scaled(u.Samples, level);
            const int promptStart = 400;
            var at = promptStart + 1500 + rng.Next(1500);
            var near = new float[Signals.Samples(at + 4000) + speechSamples.Length];
            Channel.Place(near, speechSamples, Signals.Samples(at));
            Signals.AddWhiteNoise(near, -60 - (rng.NextDouble() * 10), rng);
            var sc = new ReplyScenario(near, prompt, promptStart, erl, delay, rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, 0, 3000, rng.Next())
            {
                Path = changeBefore is { } before
                    ? PathOf(set, delay, erl, prompt, rng) with { Next = PathOf(set, delay + 24, Math.Max(6, erl - rng.Next(5)), prompt, rng), ChangeAt = Signals.Samples(at - before) }
                    : PathOf(set, delay, erl, prompt, rng),
                Speech = speech,
            };
            yield return new Trial(index++, sc, u, level, at, speechSamples, changeBefore is not null);
        }

        for (var k = 0; k < echoPrompts; k++)
        {
            var p = Channel.Scaled(source, -10 - (rng.NextDouble() * 10));
            const int promptStart = 200;
            var near = new float[Signals.Samples(promptStart + 1500) + p.Length];
            Signals.AddWhiteNoise(near, -55 - (rng.NextDouble() * 15), rng);
            var sc = new ReplyScenario(near, p, promptStart, erl, delay, rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, k % 4 == 0 ? 0.01 + (rng.NextDouble() * 0.09) : 0, 1500, rng.Next())
            {
                // Every third prompt: the echo path changes 2 s into the prompt (a jitter-buffer resize: +24 ms of
                // delay, a new hybrid response, ERL 0–4 dB lower).
                Path = k % 3 == 2
                    ? PathOf(set, delay, erl, p, rng) with { Next = PathOf(set, delay + 24, Math.Max(6, erl - rng.Next(5)), p, rng), ChangeAt = Signals.Samples(promptStart + 2000) }
                    : PathOf(set, delay, erl, p, rng),
                Speech = speech,
            };
            yield return new Trial(k, sc, null, 0, 0, null, k % 3 == 2);
        }
    }

    /// <summary>
    /// The reply detector's options in the evaluation; GATEWAY_MEDIA_BARGEIN_PATHDROP=0 runs without session 7's drop on a path
    /// change, GATEWAY_MEDIA_BARGEIN_PATHKEEP=dB sets the raw-echo clearance that keeps an utterance through one (∞: none kept).
    /// </summary>
    public static ReplyDetectorOptions Options() => new()
    {
        MaxReplays = 0,
        DropOnEchoPathChange = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_PATHDROP") != "0",
        EchoPathKeepClearanceDb = double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_PATHKEEP"), System.Globalization.CultureInfo.InvariantCulture, out var keep) ? keep : new ReplyDetectorOptions().EchoPathKeepClearanceDb,
    };

    private static SetResult RunSet(Corpus corpus, string set, string mode, Func<SpeechDetector> speech, int erl, int delay, int echoPrompts, int seed)
    {
        int trials = 0, hits = 0, bargeIns = 0, falseYes = 0, falseBarge = 0;
        var erle = new List<double>();
        var loss = new List<double>();
        var misses = new List<string>();
        var echoRuns = new int[6];
        var falseYesOnChange = 0;
        int pathChanges = 0, replyDrops = 0, echoMadeYes = 0;
        foreach (var trial in Trials(corpus, set, speech, erl, delay, echoPrompts, seed))
        {
            if (trial.Reply is { } u)
            {
                trials++;
                var sc = trial.Scenario;
                var at = trial.ReplyAtMs;
                ReplyDetector? detector = null;
                var frames = BargeInFrameLog.Writer;
                var r = ReplyRunner.Run(sc with
                {
                    OnFrame = (t, d, _) =>
                    {
                        detector = d;
                        pathChanges += d.Speech.EchoPathChanged ? 1 : 0;
                        frames?.Frame($"{set}\t{erl}\t{delay}\tr{trial.Index}", t, ReplyLevelDb(trial.ReplySamples!, (int)((t - at) * 8)), d);
                    },
                }, Options());
                frames?.Outcome($"{set}\t{erl}\t{delay}\tr{trial.Index}", $"{(r.Kind == ReplyKind.Yes && r.AtMs > at ? "hit" : "miss")}\t{u.Id}_{u.Voice}\t{trial.LevelDbm0:F1}\t{at}");
                replyDrops += detector?.EchoPathDrops > 0 ? 1 : 0;
                if (r.Kind == ReplyKind.Yes && r.AtMs > at)
                {
                    hits++;
                    bargeIns += r.BargedIn ? 1 : 0;
                }
                else
                {
                    // A "yes" decided before the reply began was made by the echo alone (session 9): a false yes, not a miss.
                    var echoMade = r.Kind == ReplyKind.Yes;
                    echoMadeYes += echoMade ? 1 : 0;
                    misses.Add($"{u.Set}:{u.Id}_{u.Voice}@{trial.LevelDbm0:F0}:{(echoMade ? $"ECHO-MADE YES r{trial.Index} at {r.AtMs} ms < {at} ms" : $"{r.Kind} r{trial.Index}")}");
                    if (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_MISSTRACE") is { Length: > 0 } missPath && misses.Count <= 12)
                    {
                        File.AppendAllText(missPath, MissTrace(sc, trial.ReplySamples!, at, $"miss: {mode} {set} ERL {erl} delay {delay} {misses[^1]} at {at} ms"));
                    }
                }

                continue;
            }

            var k = trial.Index;
            int run = 0, maxRun = 0;
            var echoFrames = BargeInFrameLog.Writer;
            var echoOnly = trial.Scenario with
            {
                OnFrame = (t, d, _) =>
                {
                    run = d.Speech.LastDecision == SpeechFrame.Speech ? run + 1 : 0;
                    maxRun = Math.Max(maxRun, run);
                    echoFrames?.Frame($"{set}\t{erl}\t{delay}\te{k}", t, -120, d);
                },
            };
            var e = ReplyRunner.Run(echoOnly, Options());
            echoFrames?.Outcome($"{set}\t{erl}\t{delay}\te{k}", $"{(e.Kind == ReplyKind.Yes ? "falseyes" : "ok")}\t{(trial.PathChange ? "change" : "")}\t{maxRun}\t0");
            // GATEWAY_MEDIA_BARGEIN_TRACE: every false yes; GATEWAY_MEDIA_BARGEIN_RUNTRACE: also every prompt whose echo made 3+ speech frames in a row.
            var traceThis = e.Kind == ReplyKind.Yes || (maxRun >= 3 && Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_RUNTRACE") == "1");
            if (traceThis && Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_TRACE") is { Length: > 0 } tracePath)
            {
                var trace = new System.Text.StringBuilder($"{(e.Kind == ReplyKind.Yes ? "false yes" : $"run of {maxRun}")}: {mode} {set} ERL {erl} delay {delay} prompt {k} (path change: {trial.PathChange}) at {e.AtMs} ms\n");
                ReplyRunner.Run(trial.Scenario with
                {
                    OnFrame = (t, d, dec) => trace.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                        $"{t} res {d.Speech.LastLevelDbm0:F1} est {Gateway.Media.Dsp.Level.MeanSquareToDbm0(d.Speech.EchoCanceller?.LastEchoEstimateMeanSquare ?? 0):F1} corr {d.Speech.EchoCanceller?.LastEchoCorrelation:F2} loss {d.Speech.EchoGate.LossDb:F1} p {d.Speech.LastProbability:F2} erle {d.Speech.EchoCanceller?.LastErleDb:F1} dtd {d.Speech.DoubleTalk?.Trusted}/{d.Speech.DoubleTalk?.RatioDb:F1}/{d.Speech.DoubleTalk?.NearEnd} {d.Speech.LastDecision} {dec.Kind}"),
                }, Options());
                File.AppendAllText(tracePath, trace.ToString());
            }

            falseYes += e.Kind == ReplyKind.Yes ? 1 : 0;
            falseYesOnChange += e.Kind == ReplyKind.Yes && trial.PathChange ? 1 : 0;
            echoRuns[Math.Min(maxRun, echoRuns.Length - 1)]++;
            falseBarge += e.BargedIn ? 1 : 0;
            erle.Add(e.ErleDb);
            loss.Add(e.GateLossDb);
        }

        return new SetResult(set, Math.Max(1, trials), hits, bargeIns, echoPrompts, falseYes, falseBarge, falseYesOnChange, Median(erle), Median(loss), misses, echoRuns)
        {
            ReplyPathChanges = pathChanges,
            ReplyDrops = replyDrops,
            EchoMadeYes = echoMadeYes,
        };
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
                    $"{t} reply {Gateway.Media.Dsp.Level.MeanSquareToDbm0(p / 160):F1} res {d.Speech.LastLevelDbm0:F1} est {Gateway.Media.Dsp.Level.MeanSquareToDbm0(c?.LastEchoEstimateMeanSquare ?? 0):F1} corr {c?.LastEchoCorrelation:F2} erle {c?.LastErleDb:F1} dtd {d.Speech.DoubleTalk?.Trusted}/{d.Speech.DoubleTalk?.RatioDb:F1}/{d.Speech.DoubleTalk?.NearEnd}/{d.Speech.DoubleTalk?.Contradictions} loss {d.Speech.EchoGate.LossDb:F1} raw {d.Speech.RawEchoGate.LossDb:F1} p {d.Speech.LastProbability:F2} {d.Speech.LastDecision}{(d.Speech.EchoPathChanged ? " PATHCHANGE" : "")} {dec.Kind}");
            },
        }, Options());
        return trace.ToString();
    }

    // The reply's own level (dBm0) in the 160 samples from s0 (−120 outside it): the truth for a frame log.
    private static double ReplyLevelDb(float[] reply, int s0)
    {
        double p = 0;
        for (var i = 0; i < 160; i++)
        {
            var k = s0 + i;
            p += k >= 0 && k < reply.Length ? reply[k] * (double)reply[k] : 0;
        }

        return Math.Max(-120, Gateway.Media.Dsp.Level.MeanSquareToDbm0(p / 160));
    }

    private static double Median(List<double> v) => v.Count == 0 ? double.NaN : v.Order().ElementAt(v.Count / 2);
}
