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
/// GATEWAY_MEDIA_BARGEIN_TRACE=path writes a frame trace of every false accept, GATEWAY_MEDIA_BARGEIN_SETS=tune,heldout,heldout2
/// chooses the sets (session 9). A "yes" decided in a reply trial before the reply began counts as an echo-made false yes.
/// </summary>
public sealed class BargeInEvaluationTests
{
    private static readonly Lazy<List<BargeInEvaluation.Cell>> Cells = new(Evaluate);

    private static bool Enabled => Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_EVAL") == "1";

    [Fact]
    public void Echo_of_the_prompt_alone_is_never_a_yes_in_any_ERL_and_delay_cell()
    {
        Assert.SkipUnless(Enabled, "evaluation command: set GATEWAY_MEDIA_BARGEIN_EVAL=1");
        var cells = Cells.Value.Where(c => c.Mode == "shipped").ToList();
        Assert.All(cells.SelectMany(c => c.Sets), r => Assert.Equal(0, r.FalseYes));
    }

    [Fact]
    public void Echo_of_the_prompt_never_makes_a_yes_before_the_reply_begins()
    {
        // Session 9: a "yes" decided in a reply trial before the reply began was made by the prompt's echo alone (session 8 saw
        // one in held-out 2, 6 dB ERL / 0 ms); it is a consent failure like an echo-only false yes.
        Assert.SkipUnless(Enabled, "evaluation command: set GATEWAY_MEDIA_BARGEIN_EVAL=1");
        var cells = Cells.Value.Where(c => c.Mode == "shipped").ToList();
        Assert.All(cells.SelectMany(c => c.Sets), r => Assert.True(r.EchoMadeYes == 0, $"{r.Set}: {r.EchoMadeYes} echo-made yes ({string.Join(", ", r.Misses.Where(m => m.Contains("ECHO-MADE", StringComparison.Ordinal)))})"));
    }

    [Fact]
    public void Barge_in_recall_meets_the_95_percent_target_on_both_sets()
    {
        // Issue 6 asks >= 95 % of replies. Session 5 (least-squares echo canceller) measured 98.0 % (tune) and 97.5 %
        // (held-out) on the full grid (docs/detection.md); session 4 had 93.1 / 92.4 %.
        Assert.SkipUnless(Enabled, "evaluation command: set GATEWAY_MEDIA_BARGEIN_EVAL=1");
        var cells = Cells.Value.Where(c => c.Mode == "shipped").ToList();
        Assert.SkipUnless(cells.Count == BargeInEvaluation.Erls.Length * BargeInEvaluation.Delays.Length && cells[0].Tune is { Trials: > 1 } && cells[0].Heldout is not null, "needs the full grid with the replies");
        foreach (var set in new[] { "tune", "heldout" })
        {
            var rs = cells.Select(c => c.Sets.Single(r => r.Set == set)).ToList();
            Assert.True(rs.Sum(r => r.Hits) >= 0.95 * rs.Sum(r => r.Trials), $"{set}: {rs.Sum(r => r.Hits)}/{rs.Sum(r => r.Trials)}");
            Assert.Equal(0, rs.Sum(r => r.FalseBargeIns));
        }
    }

    // Experiment knobs (GATEWAY_MEDIA_BARGEIN_MARGIN, GATEWAY_MEDIA_BARGEIN_LOSSFRAMES); defaults are the shipped options.
    private static SpeechOptions Tuned(SpeechOptions o)
    {
        // GATEWAY_MEDIA_BARGEIN_S8=div0 (session 8): a canceller divergence while nothing is played is a path change, as in
        // sessions 5-7.
        var s8 = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_S8") ?? "";
        o.SilentFarEndDivergenceIsNoPathChange &= !s8.Contains("div0", StringComparison.Ordinal);
        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_VETO"), CultureInfo.InvariantCulture, out var veto))
        {
            o.ExplainedEchoVetoDb = veto; // session 8 experiment, session 9 default 8
        }
        else if (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_VETO") == "off")
        {
            o.ExplainedEchoVetoDb = null; // sessions 3-8
        }
        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_MARGIN"), CultureInfo.InvariantCulture, out var m))
        {
            o.EchoMarginDb = m;
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_RELEARNBELOWRAW"), CultureInfo.InvariantCulture, out var below))
        {
            o.EchoRelearnBelowRawDb = below; // session 7; NaN: sessions 1-6
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_LOSSFRAMES"), out var n))
        {
            o.EchoLossFrames = n;
        }

        return o;
    }

    // GATEWAY_MEDIA_BARGEIN_DTD=wordend=N,learned=0|1 (session 7 experiment knobs), levels=a:b|none,levelmem=N,levelmin=N (session 9); unset: the shipped detector.
    private static DoubleTalkDetector? TunedDoubleTalk()
    {
        if (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_DTD") is not { Length: > 0 } spec)
        {
            return null;
        }

        var kv = spec.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var shipped = new DoubleTalkDetector();
        return new DoubleTalkDetector
        {
            WordEndFrames = kv.TryGetValue("wordend", out var w) ? int.Parse(w, CultureInfo.InvariantCulture) : shipped.WordEndFrames,
            PathChangeOnlyWhenLearned = kv.TryGetValue("learned", out var l) ? l == "1" : shipped.PathChangeOnlyWhenLearned,
            // Session 9: levels=20:30 (the level bins' edges, dB over the band noise; "none": one ratio per band, sessions 4-8),
            // levelmem=N (LevelMemoryFrames), levelmin=N (MinLevelFrames).
            LevelEdgesDb = kv.TryGetValue("levels", out var le) ? (le == "none" ? [] : [.. le.Split(':').Select(v => double.Parse(v, CultureInfo.InvariantCulture))]) : shipped.LevelEdgesDb,
            LevelMemoryFrames = kv.TryGetValue("levelmem", out var lm) ? int.Parse(lm, CultureInfo.InvariantCulture) : shipped.LevelMemoryFrames,
            MinLevelFrames = kv.TryGetValue("levelmin", out var ln) ? int.Parse(ln, CultureInfo.InvariantCulture) : shipped.MinLevelFrames,
        };
    }

    private static List<BargeInEvaluation.Cell> Evaluate()
    {
        var corpus = Corpus.Instance;
        var echo = int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_ECHO"), out var e) ? e : 60;
        var modes = (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_MODES") ?? "shipped,session4").Split(',');
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

                    // shipped: the defaults (canceller, gate, double-talk detector); session4: the same with session 4's
                    // IPNLMS canceller; canceller+gate: session 3 (IPNLMS, no double-talk detector); gate: sessions 1-2.
                    Func<SpeechDetector> speech = mode switch
                    {
                        "gate" => () => new SpeechDetector(options: new SpeechOptions { EchoCanceller = false }),
                        "canceller+gate" => () => new SpeechDetector(options: new SpeechOptions { DoubleTalkDetector = false, EchoCancellerKind = EchoCancellerKind.Ipnlms }),
                        "session4" => () => new SpeechDetector(options: new SpeechOptions { EchoCancellerKind = EchoCancellerKind.Ipnlms }),
                        _ => () => new SpeechDetector(options: Tuned(new SpeechOptions()), doubleTalk: TunedDoubleTalk()),
                    };
                    cells.Add(BargeInEvaluation.Run(corpus, mode, speech, erl, delay, echo, seed));
                }

                seed++;
            }
        }

        var sb = new StringBuilder();
        foreach (var set in cells.Count == 0 ? [] : cells[0].Sets.Select(r => r.Set).ToArray())
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"\n#### {set} set: replies of the {set} voices over the {set} prompt; echo-only prompts of the {set} prompt\n");
            sb.AppendLine("| mode | ERL dB | delay ms | \"да\" recall during the prompt | of which barge-in | echo-made \"yes\" before the reply | echo-only prompts | false \"yes\" | of which after a path change | false barge-ins | ERLE median dB | gate loss median dB |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var (c, r) in cells.Select(c => (c, c.Sets.Single(x => x.Set == set))))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {c.Mode} | {c.ErlDb} | {c.DelayMs} | {r.Hits}/{r.Trials} ({100.0 * r.Hits / r.Trials:F1} %) | {r.BargeIns} | {r.EchoMadeYes} | {r.EchoPrompts} | {r.FalseYes} | {r.FalseYesOnPathChange} | {r.FalseBargeIns} | {r.ErleDbMedian:F1} | {r.GateLossDbMedian:F1} |");
            }

            foreach (var g in cells.GroupBy(c => c.Mode))
            {
                var rs = g.Select(c => c.Sets.Single(x => x.Set == set)).ToList();
                sb.AppendLine(CultureInfo.InvariantCulture, $"\n{set}, {g.Key}: recall {rs.Sum(r => r.Hits)}/{rs.Sum(r => r.Trials)} ({100.0 * rs.Sum(r => r.Hits) / rs.Sum(r => r.Trials):F1} %), by ERL {string.Join(", ", g.GroupBy(c => c.ErlDb).Select(e => $"{e.Key} dB {100.0 * e.Sum(c => c.Sets.Single(x => x.Set == set).Hits) / e.Sum(c => c.Sets.Single(x => x.Set == set).Trials):F1} %"))}; echo-made yes before the reply {rs.Sum(r => r.EchoMadeYes)}/{rs.Sum(r => r.Trials)} reply trials; false yes {rs.Sum(r => r.FalseYes)}/{rs.Sum(r => r.EchoPrompts)} (after a path change at 2 s: {rs.Sum(r => r.FalseYesOnPathChange)}), false barge-ins {rs.Sum(r => r.FalseBargeIns)}");
                sb.AppendLine(CultureInfo.InvariantCulture, $"{set}, {g.Key}: path changes signalled in the reply trials {rs.Sum(r => r.ReplyPathChanges)} frames; reply trials with an utterance dropped on one {rs.Sum(r => r.ReplyDrops)}");
                sb.AppendLine(CultureInfo.InvariantCulture, $"{set}, {g.Key}: echo-only prompts by longest run of speech frames 0/1/2/3/4/5+: {string.Join("/", Enumerable.Range(0, 6).Select(i => rs.Sum(r => r.EchoSpeechRuns[i])))}");
                foreach (var c in g.Where(c => c.Sets.Single(x => x.Set == set).Misses.Count > 0))
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"misses {c.ErlDb}/{c.DelayMs}: {string.Join(", ", c.Sets.Single(x => x.Set == set).Misses)}");
                }
            }
        }

        var path = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_BARGEIN_REPORT") ?? Path.Combine(Path.GetTempPath(), "gateway-media-bargein-report.md");
        File.WriteAllText(path, sb.ToString());
        TestContext.Current.SendDiagnosticMessage(sb.ToString());
        return cells;
    }
}
