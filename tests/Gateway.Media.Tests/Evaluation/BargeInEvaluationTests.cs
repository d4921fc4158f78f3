using System.Globalization;
using System.Text;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// The barge-in evaluation (<see cref="BargeInEvaluation"/>): an evaluation command, not part of the default run
/// (≈ 3,000 simulated prompts). Run with
/// <c>GATEWAY_MEDIA_BARGEIN_EVAL=1 dotnet test --project tests/Gateway.Media.Tests -c Release -- --filter-class Gateway.Media.Tests.Evaluation.BargeInEvaluationTests</c>;
/// GATEWAY_MEDIA_BARGEIN_ECHO=N sets the echo-only prompts per cell (default 60), GATEWAY_MEDIA_BARGEIN_REPORT the report path,
/// GATEWAY_MEDIA_BARGEIN_CELLS=erl/delay,… limits the cells, GATEWAY_MEDIA_BARGEIN_DA=0 skips the "да" trials,
/// GATEWAY_MEDIA_BARGEIN_TRACE=path writes a frame trace of every false accept.
/// </summary>
public sealed class BargeInEvaluationTests
{
    private static readonly Lazy<List<BargeInEvaluation.Cell>> Cells = new(Evaluate);

    private static bool Enabled => Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_EVAL") == "1";

    [Fact]
    public void Echo_of_the_prompt_alone_is_never_a_yes_in_any_ERL_and_delay_cell()
    {
        Assert.SkipUnless(Enabled, "evaluation command: set GATEWAY_MEDIA_BARGEIN_EVAL=1");
        var cells = Cells.Value.Where(c => c.Mode == "canceller+gate").ToList();
        Assert.All(cells, c => Assert.Equal(0, c.FalseYes));
    }

    // Experiment knobs (GATEWAY_MEDIA_BARGEIN_MARGIN, GATEWAY_MEDIA_BARGEIN_LOSSFRAMES); defaults are the shipped options.
    private static SpeechOptions Tuned(SpeechOptions o)
    {
        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_MARGIN"), CultureInfo.InvariantCulture, out var m))
        {
            o.EchoMarginDb = m;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_LOSSFRAMES"), out var n))
        {
            o.EchoLossFrames = n;
        }

        return o;
    }

    private static List<BargeInEvaluation.Cell> Evaluate()
    {
        var corpus = Corpus.Instance;
        var echo = int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_ECHO"), out var e) ? e : 60;
        var modes = (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_MODES") ?? "canceller+gate,gate").Split(',');
        var only = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_CELLS")?.Split(',');
        var cells = new List<BargeInEvaluation.Cell>();
        var seed = 20261129;
        foreach (var erl in BargeInEvaluation.Erls)
        {
            foreach (var delay in BargeInEvaluation.Delays)
            {
                foreach (var mode in modes)
                {
                    if (only is not null && !only.Contains($"{erl}/{delay}"))
                    {
                        continue;
                    }

                    Func<SpeechDetector> speech = mode == "gate"
                        ? () => new SpeechDetector(options: new SpeechOptions { EchoCanceller = false })
                        : () => new SpeechDetector(options: Tuned(new SpeechOptions { EchoCanceller = true }));
                    cells.Add(BargeInEvaluation.Run(corpus, mode, speech, erl, delay, echo, seed));
                }

                seed++;
            }
        }

        var sb = new StringBuilder();
        sb.AppendLine("| mode | ERL dB | delay ms | \"да\" recall (tune+heldout) | of which barge-in | echo-only prompts | false \"yes\" | false barge-ins | ERLE median dB | gate loss median dB |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in cells)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {c.Mode} | {c.ErlDb} | {c.DelayMs} | {c.Hits}/{c.Trials} ({100.0 * c.Hits / c.Trials:F1} %) | {c.BargeIns} | {c.EchoPrompts} | {c.FalseYes} | {c.FalseBargeIns} | {c.ErleDbMedian:F1} | {c.GateLossDbMedian:F1} |");
        }

        foreach (var g in cells.GroupBy(c => c.Mode))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"\n{g.Key}: echo-only prompts by longest run of speech frames 0/1/2/3/4/5+: {string.Join("/", Enumerable.Range(0, 6).Select(i => g.Sum(c => c.EchoSpeechRuns[i])))}; false yes on the third with an echo path change at 2 s: {g.Sum(c => c.FalseYesOnPathChange)}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"{g.Key}: recall {g.Sum(c => c.Hits)}/{g.Sum(c => c.Trials)} ({100.0 * g.Sum(c => c.Hits) / g.Sum(c => c.Trials):F1} %), false yes {g.Sum(c => c.FalseYes)}/{g.Sum(c => c.EchoPrompts)}, false barge-ins {g.Sum(c => c.FalseBargeIns)}");
            sb.AppendLine("misses (first cell 6 dB/0 ms): " + string.Join(", ", g.First().Misses.Take(30)));
        }

        var path = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_REPORT") ?? Path.Combine(Path.GetTempPath(), "gateway-media-bargein-report.md");
        File.WriteAllText(path, sb.ToString());
        TestContext.Current.SendDiagnosticMessage(sb.ToString());
        return cells;
    }
}
