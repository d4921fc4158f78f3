using Xunit;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// The answer-classification evaluation alone (an evaluation command, not part of the default run): the
/// classification sets of <see cref="EvaluationReport"/> with the same seeds, in seconds instead of minutes. Run with
/// <c>GATEWAY_MEDIA_AMD_EVAL=1 dotnet test --project tests/Gateway.Media.Tests -c Release -- --filter-class Gateway.Media.Tests.Evaluation.ClassificationEvaluationTests</c>;
/// GATEWAY_MEDIA_AMD_SETS=tune runs one set (choose rules on it without reading the held-out figures); the report goes to $GATEWAY_MEDIA_AMD_REPORT (default: the temp folder). The GATEWAY_MEDIA_AMD_&lt;KNOB&gt; variables of
/// <see cref="ClassificationEvaluation.Options"/> apply.
/// </summary>
public sealed class ClassificationEvaluationTests
{
    private static bool Enabled => Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_EVAL") == "1";

    [Fact]
    public void Human_and_machine_are_told_apart_on_both_sets()
    {
        Assert.SkipUnless(Enabled, "evaluation command: set GATEWAY_MEDIA_AMD_EVAL=1");
        var corpus = Corpus.Instance;
        var runs = new List<ClassificationEvaluation.Run>();
        foreach (var set in (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_SETS") ?? "tune,heldout").Split(','))
        {
            runs.AddRange(ClassificationEvaluation.Evaluate(corpus, set, ReplyEvaluation.CellSeed(set, "white", 99) + 13));
        }

        var text = ClassificationEvaluation.Render(runs);
        var path = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_REPORT") ?? Path.Combine(Path.GetTempPath(), "gateway-media-amd-report.md");
        File.WriteAllText(path, text);
        File.WriteAllLines(Path.ChangeExtension(path, ".tsv"), runs.Select(r => string.Join('\t', r.Set, r.Part, r.Truth, r.Got, r.ElapsedMs, r.Reason, r.Detail)));
        TestContext.Current.SendDiagnosticMessage(text);
        Assert.All(runs.Where(r => r.Truth is not (Gateway.Media.Classification.AnswerClass.Human or Gateway.Media.Classification.AnswerClass.Machine or Gateway.Media.Classification.AnswerClass.Silence)), r => Assert.Equal(r.Truth, r.Got));
        foreach (var set in runs.Select(r => r.Set).Distinct())
        {
            Assert.True(ClassificationEvaluation.HumanMachineAccuracy(runs, set) >= 96, $"{set}\n{text}");
            Assert.True(ClassificationEvaluation.DecisionP95(runs, set) <= ClassificationEvaluation.TargetP95Ms, $"{set}\n{text}");
        }
    }

    // Issue 6: p95 decision ≤ 2.5 s after answer, met on each set since session 6 (2500 / 2500 ms; docs/detection.md
    // "Results, session 6"). Asserted in the default run on the main evaluation's answers (the same seeds as above).
    [Fact]
    public void Answers_are_decided_within_2_5_s_at_p95_on_each_set()
    {
        Assert.SkipWhen(Enabled, "the evaluation command asserts this on its own runs");
        var report = EvaluationReport.Instance;
        foreach (var set in new[] { "tune", "heldout" })
        {
            Assert.True(ClassificationEvaluation.DecisionP95(report.Classification, set) <= ClassificationEvaluation.TargetP95Ms, $"{set}\n{ClassificationEvaluation.Render(report.Classification)}");
        }
    }

    /// <summary>
    /// A person who goes on talking after the classifier has decided (GATEWAY_MEDIA_AMD_CONTINUE=1, an evaluation command):
    /// production's lead-in (<see cref="ReplyScenario.Classifier"/>: "алло" 100–500 ms in, the prompt on the frame after
    /// the decision), then the same person says "алло" again C ms after the prompt began, and "да" 200–800 ms after the
    /// prompt's end. Counts per C: the "да" taken (yes), a yes before the "да" began (made by the second "алло": consent
    /// nobody gave), barge-ins, and the rest. Line: white noise 20 dB under the speech, echo ERL 6–30 dB. Asserted: an
    /// "алло" within the prompt's first 600 ms (well inside ReplyDetectorOptions.QuestionMs) neither stops the prompt nor
    /// makes a yes, and the "да" is still heard (all but two of 48). Later rows and the second table (the prompt after a
    /// Machine decision, Calls OnMachine = Prompt) are findings reported in docs/detection.md, session 6.
    /// </summary>
    [Fact]
    public void A_greeting_that_goes_on_after_the_decision()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_CONTINUE") == "1", "evaluation command: set GATEWAY_MEDIA_AMD_CONTINUE=1");
        var corpus = Corpus.Instance;
        var prompt = Channel.Scaled(corpus.Prompt, -15);
        var promptMs = prompt.Length / 8;
        var sb = new System.Text.StringBuilder("| set | again at (ms after the prompt began) | trials | yes at the \"да\" | yes before it (false) | barge-ins | other |\n|---|---|---|---|---|---|---|\n");
        var inside = new List<string>(); // "алло" again well inside QuestionMs (0–600 ms): must change nothing
        foreach (var set in (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_SETS") ?? "tune,heldout").Split(','))
        {
            var greetings = corpus.Of(set, "greet").ToList();
            foreach (var again in new[] { -1, 0, 300, 600, 900, 1200, 2000 })
            {
                var rng = new Random(ReplyEvaluation.CellSeed(set, "white", 20) + 77);
                int trials = 0, yes = 0, early = 0, barge = 0;
                var other = new List<string>();
                foreach (var u in corpus.Of(set, "yes"))
                {
                    trials++;
                    var level = -15 - (rng.NextDouble() * 20);
                    var sameVoice = greetings.Where(g => g.Voice == u.Voice).ToList();
                    var allo = Channel.Scaled(sameVoice[rng.Next(sameVoice.Count)].Samples, level);
                    var da = Channel.Scaled(u.Samples, level);
                    var near = new float[Signals.Samples(ReplyEvaluation.LatestPromptMs + promptMs + 8000)];
                    Channel.Place(near, allo, Signals.Samples(100 + rng.Next(400)));
                    Channel.AddNoise(near, "white", level - 20, rng);

                    // What the person says from the prompt's start: "алло" again at `again` ms (none: −1), "да" after the prompt.
                    var daAt = promptMs + 200 + rng.Next(600);
                    var reply = new float[Signals.Samples(daAt) + da.Length];
                    if (again >= 0)
                    {
                        Channel.Place(reply, allo, Signals.Samples(again));
                    }

                    Channel.Place(reply, da, Signals.Samples(daAt));
                    var sc = new ReplyScenario(near, prompt, ReplyEvaluation.LatestPromptMs, 6 + (rng.NextDouble() * 24), 5 + rng.Next(60),
                        rng.Next(2) == 0 ? Gateway.Media.Codecs.G711Law.MuLaw : Gateway.Media.Codecs.G711Law.ALaw, 0, 4000, rng.Next())
                    { Classifier = ClassificationEvaluation.Options(), Reply = reply, ReplyOffsetMs = 0, ReplyDuringPrompt = true };
                    var r = ReplyRunner.Run(sc);
                    var daStart = r.PromptStartMs + daAt;
                    barge += r.BargedIn ? 1 : 0;
                    if (r.Kind == Gateway.Media.Classification.ReplyKind.Yes && r.AtMs > daStart)
                    {
                        yes++;
                    }
                    else if (r.Kind == Gateway.Media.Classification.ReplyKind.Yes)
                    {
                        early++;
                    }
                    else
                    {
                        other.Add($"{u.Id}_{u.Voice}:{r.Answer?.Class}/{r.Kind}@{r.AtMs - r.PromptStartMs}");
                    }
                }

                if (again is >= 0 and <= 600 && (early > 0 || barge > 0 || yes < trials - 2))
                {
                    inside.Add($"{set} at {again} ms: {yes}/{trials} yes, {early} early, {barge} barge-ins");
                }
                sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {set} | {(again < 0 ? "never" : again.ToString(System.Globalization.CultureInfo.InvariantCulture))} | {trials} | {yes} | {early} | {barge} | {other.Count}: {string.Join(", ", other.Take(6))} |");
            }
        }

        // Media:Calls OnMachine = Prompt: the prompt follows a Machine decision while the recording goes on.
        sb.AppendLine().AppendLine("| set | machine greetings prompted | yes (a recording \"consented\") | barge-ins | replay (long speech) | no reply | other |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var set in (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_SETS") ?? "tune,heldout").Split(','))
        {
            var rng = new Random(ReplyEvaluation.CellSeed(set, "white", 20) + 78);
            int n = 0, yes = 0, barge = 0, replay = 0, none = 0;
            var other = new List<string>();
            foreach (var u in corpus.Of(set, "machine").Concat(AnswerCorpus.Instance.Of(set, "machine")))
            {
                var level = -15 - (rng.NextDouble() * 20);
                var near = new float[Signals.Samples(ReplyEvaluation.LatestPromptMs + promptMs + 8000)];
                Channel.Place(near, Channel.Scaled(u.Samples, level), Signals.Samples(200 + rng.Next(600)));
                Channel.AddNoise(near, "white", level - 20, rng);
                var sc = new ReplyScenario(near, prompt, ReplyEvaluation.LatestPromptMs, 6 + (rng.NextDouble() * 24), 5 + rng.Next(60),
                    rng.Next(2) == 0 ? Gateway.Media.Codecs.G711Law.MuLaw : Gateway.Media.Codecs.G711Law.ALaw, 0, 4000, rng.Next())
                { Classifier = ClassificationEvaluation.Options() };
                var r = ReplyRunner.Run(sc, new Gateway.Media.Classification.ReplyDetectorOptions { MaxReplays = 0 });
                if (r.Answer?.Class != Gateway.Media.Classification.AnswerClass.Machine)
                {
                    continue;
                }

                n++;
                barge += r.BargedIn ? 1 : 0;
                switch (r.Kind)
                {
                    case Gateway.Media.Classification.ReplyKind.Yes: yes++; break;
                    case Gateway.Media.Classification.ReplyKind.ReplayPrompt: replay++; break;
                    case Gateway.Media.Classification.ReplyKind.NoReply: none++; break;
                    default: other.Add($"{u.Id}_{u.Voice}:{r.Kind}"); break;
                }
            }

            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {set} | {n} | {yes} | {barge} | {replay} | {none} | {other.Count}: {string.Join(", ", other.Take(6))} |");
        }

        var path = Path.Combine(Path.GetTempPath(), "gateway-media-amd-continue.md");
        File.WriteAllText(path, sb.ToString());
        TestContext.Current.SendDiagnosticMessage(sb.ToString());
        Assert.True(inside.Count == 0, string.Join("; ", inside) + "\n" + sb);
    }

    /// <summary>
    /// A person's "алло" in noise down to 5 dB SNR (GATEWAY_MEDIA_AMD_ALLO=1, an evaluation command): the reply evaluation's
    /// lead-in greetings (each "greet" utterance of the set four times, 100–500 ms after answer, −15…−35 dBm0) in white noise and the
    /// set's babble at 20 / 10 / 5 dB, classified alone. Prints the decisions and their rules per cell; the classification
    /// corpus above stops at 15 dB. Asserted: no "алло" in white noise is taken for a machine.
    /// </summary>
    [Fact]
    public void A_short_allo_in_noise()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_ALLO") == "1", "evaluation command: set GATEWAY_MEDIA_AMD_ALLO=1");
        var corpus = Corpus.Instance;
        var sb = new System.Text.StringBuilder("| set | noise | SNR dB | answers | decisions (rule × count) | p95 ms |\n|---|---|---|---|---|---|\n");
        var whiteMachines = 0;
        foreach (var set in (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_AMD_SETS") ?? "tune,heldout").Split(','))
        {
            foreach (var noise in new[] { "white", "babble" })
            {
                foreach (var snr in new[] { 20, 10, 5 })
                {
                    var rng = new Random(ReplyEvaluation.CellSeed(set, noise, snr) + 5);
                    var runs = new List<Gateway.Media.Classification.AnswerDecision>();
                    foreach (var u in Enumerable.Repeat(corpus.Of(set, "greet"), 4).SelectMany(g => g))
                    {
                        var level = -15 - (rng.NextDouble() * 20);
                        var x = new float[Signals.Samples(6000)];
                        Channel.Place(x, Channel.Scaled(u.Samples, level), Signals.Samples(100 + rng.Next(400)));
                        Channel.AddNoise(x, noise, level - snr, rng, corpus.Babble, set);
                        var pcm = Channel.Finish(x, rng.Next(2) == 0 ? Gateway.Media.Codecs.G711Law.MuLaw : Gateway.Media.Codecs.G711Law.ALaw, 0, rng);
                        var c = new Gateway.Media.Classification.AnswerClassifier(ClassificationEvaluation.Options(), EvaluationVad.CreateSpeech());
                        for (var f = 0; f + 160 <= pcm.Length && !c.Decision.IsFinal; f += 160)
                        {
                            c.Process(pcm.AsSpan(f, 160), f / 8);
                        }

                        runs.Add(c.Decision);
                    }

                    if (noise == "white")
                    {
                        whiteMachines += runs.Count(d => d.Class == Gateway.Media.Classification.AnswerClass.Machine);
                    }

                    var rules = string.Join(", ", runs.GroupBy(d => $"{d.Class}/{d.Reason}").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
                    sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {set} | {noise} | {snr} | {runs.Count} | {rules} | {ReplyEvaluation.Percentile([.. runs.Select(d => (int)d.ElapsedMs)], 0.95)} |");
                }
            }
        }

        File.WriteAllText(Path.Combine(Path.GetTempPath(), "gateway-media-amd-allo.md"), sb.ToString());
        TestContext.Current.SendDiagnosticMessage(sb.ToString());
        Assert.True(whiteMachines == 0, sb.ToString());
    }
}
