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
}
