using Gateway.Media.Classification;
using Gateway.Media.Codecs;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>Answer classification over synthetic answers: confusion matrix and time to decision.</summary>
public static class ClassificationEvaluation
{
    /// <summary>One classified answer. <paramref name="Part"/>: "base" (the 72 answers per set of sessions 1–4) or "more" (session 5's <see cref="AnswerCorpus"/>).</summary>
    public sealed record Run(AnswerClass Truth, AnswerClass Got, long ElapsedMs, string Set, string Detail = "", string Part = "base")
    {
        /// <summary>The rule that decided (<see cref="AnswerDecision.Reason"/>: HUMAN, LONGSPAN, MAXWORDS, INITIALSILENCE, CED…).</summary>
        public string Reason { get; init; } = "";
    }

    /// <summary>The issue 6 latency target: p95 of the decision time after answer.</summary>
    public const int TargetP95Ms = 2500;

    public static readonly AnswerClass[] Classes =
    [
        AnswerClass.Fax, AnswerClass.Human, AnswerClass.Machine, AnswerClass.Silence, AnswerClass.Busy,
        AnswerClass.Congestion, AnswerClass.Sit, AnswerClass.Ringback,
    ];

    public static List<Run> Evaluate(Corpus corpus, string set, int seed)
    {
        var rng = new Random(seed);
        var runs = new List<Run>();
        var noises = new[] { "white", "babble" };
        foreach (var label in new[] { "human", "machine" })
        {
            foreach (var u in corpus.Of(set, label))
            {
                var truth = label == "human" ? AnswerClass.Human : AnswerClass.Machine;
                var level = -15 - (rng.NextDouble() * 20);
                var x = new float[Signals.Samples(6000)];
                Channel.Place(x, Channel.Scaled(u.Samples, level), Signals.Samples(200 + rng.Next(600)));
                var noise = noises[rng.Next(2)];
                Channel.AddNoise(x, noise, level - 20, rng, corpus.Babble, set);
                var id = $"{u.Id}_{u.Voice}@{level:F0}+{noise}";
                var trace = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_TRACE") is { Length: > 0 } tr && id.Contains(tr, StringComparison.Ordinal) ? new System.Text.StringBuilder($"trace {set} {id}\n") : null;
                var run = Classify(x, truth, set, rng, trace);
                if (trace is not null)
                {
                    File.AppendAllText(Path.Combine(Path.GetTempPath(), "gateway-media-amd-trace.txt"), trace.ToString());
                }

                runs.Add(run with { Detail = $"{u.Id}_{u.Voice}@{level:F0}+{noise} {run.Detail}" });
            }
        }

        for (var k = 0; k < 24; k++)
        {
            var level = -10 - (rng.NextDouble() * 30);
            var start = Signals.Samples(200 + rng.Next(1500));
            var x = new float[Signals.Samples(6000)];
            var which = k % 3;
            if (which == 0)
            {
                Signals.AddTone(x, start, x.Length - start, level, 0, 2100 + rng.Next(-15, 16));
            }
            else if (which == 1)
            {
                Signals.AddAnsam(x, start, x.Length - start, level, true);
            }
            else
            {
                Signals.AddV21Flags(x, start, x.Length - start, level);
            }

            Signals.AddWhiteNoise(x, level - 25, rng);
            runs.Add(Classify(x, AnswerClass.Fax, set, rng));

            var s = new float[Signals.Samples(6000)];
            Channel.AddNoise(s, noises[k % 2], -50 - (rng.NextDouble() * 15), rng, corpus.Babble, set);
            runs.Add(Classify(s, AnswerClass.Silence, set, rng));

            var toneCase = (k % 6) switch
            {
                0 => (AnswerClass.Busy, ToneEvaluation.Cases[4]),
                1 => (AnswerClass.Busy, ToneEvaluation.Cases[8]),
                2 => (AnswerClass.Congestion, ToneEvaluation.Cases[5]),
                3 => (AnswerClass.Sit, ToneEvaluation.Cases[11]),
                4 => (AnswerClass.Ringback, ToneEvaluation.Cases[7]),
                _ => (AnswerClass.Congestion, ToneEvaluation.Cases[9]),
            };
            var t = new float[Signals.Samples(6000)];
            // Networks play progress tones from the moment they answer: start within 0.5 s.
            toneCase.Item2.Add(t, Signals.Samples(rng.Next(500)), level, 0);
            Signals.AddWhiteNoise(t, level - 30, rng);
            runs.Add(Classify(t, toneCase.Item1, set, rng));
        }

        runs.AddRange(EvaluateMore(AnswerCorpus.Instance, corpus, set, seed + 1_000_003));
        return runs;
    }

    /// <summary>
    /// Session 5's people and machines (<see cref="AnswerCorpus"/>, 216 answers per set) and 8 CNG fax answers: level −15…−35 dBm0, start
    /// 0.2–0.8 s after answer (as the base answers), white, the set's babble or the set's coloured noise at 15–25 dB SNR, either G.711 law.
    /// Its own random sequence, so the base answers keep their seeds.
    /// </summary>
    public static List<Run> EvaluateMore(AnswerCorpus answers, Corpus corpus, string set, int seed)
    {
        var rng = new Random(seed);
        var runs = new List<Run>();
        foreach (var u in answers.Of(set, "human").Concat(answers.Of(set, "machine")))
        {
            var truth = u.Label == "human" ? AnswerClass.Human : AnswerClass.Machine;
            var level = -15 - (rng.NextDouble() * 20);
            var snr = 15 + (rng.NextDouble() * 10);
            var x = new float[Signals.Samples(6000)];
            Channel.Place(x, Channel.Scaled(u.Samples, level), Signals.Samples(200 + rng.Next(600)));
            var kind = rng.Next(3);
            var noise = kind switch { 0 => "white", 1 => "babble", _ => answers.Noise[set].Kind };
            if (kind < 2)
            {
                Channel.AddNoise(x, noise, level - snr, rng, corpus.Babble, set);
            }
            else
            {
                var b = answers.Noise[set].Samples;
                var g = Math.Sqrt(Gateway.Media.Dsp.Level.Dbm0ToMeanSquare(level - snr) / Signals.ActiveMeanSquare(b));
                var offset = rng.Next(b.Length);
                for (var i = 0; i < x.Length; i++)
                {
                    x[i] += (float)(g * b[(offset + i) % b.Length]);
                }
            }

            var id = $"{u.Id}_{u.Voice}@{level:F0}+{noise}/{snr:F0}";
            var trace = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_TRACE") is { Length: > 0 } tr && id.Contains(tr, StringComparison.Ordinal) ? new System.Text.StringBuilder($"trace {set} {id}\n") : null;
            var run = Classify(x, truth, set, rng, trace);
            if (trace is not null)
            {
                File.AppendAllText(Path.Combine(Path.GetTempPath(), "gateway-media-amd-trace.txt"), trace.ToString());
            }

            runs.Add(run with { Detail = $"{id} {run.Detail}", Part = "more" });
        }

        // A fax that answers with CNG (T.30 §5.3.1: 1100 Hz, 0.5 s on, 3 s off) instead of CED: −10…−40 dBm0, ±20 Hz.
        for (var k = 0; k < 8; k++)
        {
            var level = -10 - (rng.NextDouble() * 30);
            var x = new float[Signals.Samples(6000)];
            Signals.AddCadence(x, Signals.Samples(200 + rng.Next(1300)), level, [500, 3000], rng.NextDouble(), 1100 + rng.Next(-20, 21));
            Signals.AddWhiteNoise(x, level - 25, rng);
            var run = Classify(x, AnswerClass.Fax, set, rng);
            runs.Add(run with { Detail = $"cng@{level:F0} {run.Detail}", Part = "more" });
        }

        return runs;
    }

    public static double HumanMachineAccuracy(IEnumerable<Run> runs, string set)
    {
        var hm = runs.Where(r => r.Set == set && r.Truth is AnswerClass.Human or AnswerClass.Machine).ToList();
        return ReplyEvaluation.Ratio(hm.Count(r => r.Got == r.Truth), hm.Count);
    }

    /// <summary>Confusion matrix per set, the misclassified answers, and decision time per class.</summary>
    public static string Render(IReadOnlyList<Run> runs)
    {
        var sb = new System.Text.StringBuilder();
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var cols = Classes.Append(AnswerClass.NotSure).Append(AnswerClass.Undecided).ToArray();
        foreach (var set in runs.Select(r => r.Set).Distinct())
        {
            sb.AppendLine(ci, $"### Answer classification, {set} set ({runs.Count(r => r.Set == set)} answers; rows: truth, columns: decision)");
            sb.AppendLine("| truth \\ got |" + string.Concat(cols.Select(c => $" {c} |")));
            sb.AppendLine("|---|" + string.Concat(cols.Select(_ => "---|")));
            foreach (var t in Classes)
            {
                sb.AppendLine($"| {t} |" + string.Concat(cols.Select(c => $" {runs.Count(r => r.Set == set && r.Truth == t && r.Got == c)} |")));
            }

            var hm = runs.Where(r => r.Set == set && r.Truth is AnswerClass.Human or AnswerClass.Machine).ToList();
            sb.AppendLine();
            var parts = string.Join(", ", hm.GroupBy(r => r.Part).Select(g => $"{g.Key} {HumanMachineAccuracy(g, set):F1} % ({g.Count(r => r.Got == r.Truth)} / {g.Count()})"));
            sb.AppendLine(ci, $"Human vs machine ({set}): {HumanMachineAccuracy(runs, set):F1} % ({hm.Count(r => r.Got == r.Truth)} / {hm.Count}; {parts}).");
            var wrong = hm.Where(r => r.Got != r.Truth).ToList();
            if (wrong.Count > 0)
            {
                sb.AppendLine(ci, $"Wrong ({set}): {string.Join("; ", wrong.Select(r => $"{r.Truth}→{r.Got} {r.Detail} at {r.ElapsedMs} ms"))}");
            }

            sb.AppendLine();
        }

        var all = runs.Select(r => (int)r.ElapsedMs).ToList();
        sb.AppendLine(ci, $"Time to decision after answer, all classes and sets: p50 {ReplyEvaluation.Percentile(all, 0.5)} ms, p95 {ReplyEvaluation.Percentile(all, 0.95)} ms, max {all.Max()} ms.");
        foreach (var set in runs.Select(r => r.Set).Distinct())
        {
            var times = runs.Where(r => r.Set == set).Select(r => (int)r.ElapsedMs).ToList();
            sb.AppendLine(ci, $"Time to decision, {set} set ({times.Count}): p50 {ReplyEvaluation.Percentile(times, 0.5)} ms, p95 {DecisionP95(runs, set)} ms, max {times.Max()} ms; {times.Count(t => t > TargetP95Ms)} answers over {TargetP95Ms} ms (p95 ≤ {TargetP95Ms} allows {times.Count - (int)Math.Ceiling(0.95 * times.Count)}).");
        }

        sb.AppendLine();
        sb.AppendLine(ci, $"| truth | answers | p50 ms | p95 ms | max ms | over {TargetP95Ms} ms |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var g in runs.GroupBy(r => r.Truth))
        {
            sb.AppendLine(ci, $"| {g.Key} | {LatencyCells(g)} |");
        }

        // Which rule decides, and how fast (per set): where the tail comes from.
        sb.AppendLine();
        sb.AppendLine(ci, $"| set | truth | decided by | answers | p50 ms | p95 ms | max ms | over {TargetP95Ms} ms |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var g in runs.GroupBy(r => (r.Set, r.Truth, r.Got, r.Reason)).OrderBy(g => g.Key.Set, StringComparer.Ordinal).ThenBy(g => g.Key.Truth).ThenByDescending(g => g.Count()))
        {
            var rule = g.Key.Got == g.Key.Truth ? g.Key.Reason : $"{g.Key.Reason} (→ {g.Key.Got})";
            sb.AppendLine(ci, $"| {g.Key.Set} | {g.Key.Truth} | {rule} | {LatencyCells(g)} |");
        }

        return sb.ToString();
    }

    /// <summary>p95 of the decision time over every answer of <paramref name="set"/> (all classes).</summary>
    public static int DecisionP95(IEnumerable<Run> runs, string set) =>
        ReplyEvaluation.Percentile([.. runs.Where(r => r.Set == set).Select(r => (int)r.ElapsedMs)], 0.95);

    private static string LatencyCells(IEnumerable<Run> group)
    {
        var times = group.Select(r => (int)r.ElapsedMs).ToList();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{times.Count} | {ReplyEvaluation.Percentile(times, 0.5)} | {ReplyEvaluation.Percentile(times, 0.95)} | {times.Max()} | {times.Count(t => t > TargetP95Ms)}");
    }

    // Experiment knobs (GATEWAY_MEDIA_AMD_<NAME>=ms); unset: the shipped defaults.
    public static AnswerClassifierOptions Options()
    {
        var o = new AnswerClassifierOptions();
        o.BetweenWordsSilenceMs = Knob("BETWEENWORDS", o.BetweenWordsSilenceMs);
        o.MinimumWordLengthMs = Knob("MINWORD", o.MinimumWordLengthMs);
        o.MaximumNumberOfWords = Knob("MAXWORDS", o.MaximumNumberOfWords);
        o.GreetingMs = Knob("GREETING", o.GreetingMs);
        o.AfterGreetingSilenceMs = Knob("AFTERGREETING", o.AfterGreetingSilenceMs);
        o.InitialSilenceMs = Knob("INITIALSILENCE", o.InitialSilenceMs);
        o.MaximumGreetingSpanMs = Knob("MAXSPAN", o.MaximumGreetingSpanMs);
        o.MaximumPhraseMs = Knob("PHRASE", o.MaximumPhraseMs);
        o.PhrasePauseMs = Knob("PHRASEPAUSE", o.PhrasePauseMs);
        o.MaximumPhraseAfterMs = Knob("PHRASEAFTER", o.MaximumPhraseAfterMs);
        o.WordGapDepthDb = Knob("GAPDEPTH", (int)o.WordGapDepthDb);
        o.MinimumWordOverBackgroundDb = Knob("OVERBACKGROUND", (int)o.MinimumWordOverBackgroundDb);
        return o;
    }

    private static int Knob(string name, int value) =>
        int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_" + name), out var v) ? v : value;

    private static Run Classify(float[] x, AnswerClass truth, string set, Random rng, System.Text.StringBuilder? trace = null)
    {
        // GATEWAY_MEDIA_AMD_LOSS=<percent>: Bernoulli loss of whole packets (an experiment; the evaluation runs without).
        var pcm = Channel.Finish(x, rng.Next(2) == 0 ? G711Law.MuLaw : G711Law.ALaw, Knob("LOSS", 0) / 100.0, rng);
        var c = new AnswerClassifier(Options(), EvaluationVad.CreateSpeech());
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            var d = c.Process(pcm.AsSpan(f, 160), 1000 + (f / 8));
            trace?.Append(System.Globalization.CultureInfo.InvariantCulture, $"{f / 8} {c.Speech.LastLevelDbm0:F1} ref {(c.Speech.Vad as Gateway.Media.Vad.DspVoiceActivityDetector)?.ReferenceDbm0:F1} p {c.Speech.LastProbability:F2} {c.Speech.LastDecision}{(c.Speech.LastDecision == Gateway.Media.Vad.SpeechFrame.Tone ? " tone" + (c.Tones.Sit.ToneOn ? " sit" : "") + (c.Tones.Progress.ToneOn ? " progress" : "") : "")} words {c.Words} {(d.IsFinal ? d.Reason : "")}\n");
            if (d.IsFinal)
            {
                return new Run(truth, d.Class, d.ElapsedMs, set, d.Reason) { Reason = d.Reason };
            }
        }

        return new Run(truth, AnswerClass.Undecided, pcm.Length / 8, set, "");
    }
}
