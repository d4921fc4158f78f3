using System.Globalization;
using System.Text;
using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Xunit;

namespace Gateway.Media.Tests.Evaluation;

/// <summary>
/// The word check's evaluation command (session 7), not part of the default run:
/// <c>GATEWAY_MEDIA_WORDS_EVAL=1 dotnet test --project tests/Gateway.Media.Tests -c Release -- --filter-class Gateway.Media.Tests.Evaluation.WordEvaluationTests</c>.
/// Prints, per set (tune, heldout: the reply corpus's espeak-ng sets; festival: the word corpus's Festival voice) and
/// noise cell, what the reply detector made of the yes family, "нет", "алло" and the noise alone in each word-check mode
/// (yes / declined / neither), with production's one replay. GATEWAY_MEDIA_WORDS_SETS, _CELLS (white/20,babble/5,…), _MODES
/// (off,rejectno,require), _ONLY (noise-only prompts per cell, default 24), _REPORT. The festival set is skipped, with the
/// build script's message, when Festival or festvox-ru is not installed (apt-get install festival festvox-ru).
/// </summary>
public sealed class WordEvaluationTests
{
    private static bool Enabled => Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_EVAL") == "1";

    private static string[] List(string name, string fallback) => (Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_" + name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Word_check_confusion_per_set_cell_and_mode()
    {
        Assert.SkipUnless(Enabled, "evaluation command: set GATEWAY_MEDIA_WORDS_EVAL=1");
        var sets = List("SETS", "tune,heldout,festival");
        var cells = List("CELLS", "white/20,white/10,white/5,babble/20,babble/10,babble/5");
        var modes = List("MODES", "off,rejectno,require").Select(m => Enum.Parse<WordCheck>(m, ignoreCase: true)).ToList();
        var only = int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_ONLY"), out var n) ? n : 24;
        var sb = new StringBuilder();
        sb.AppendLine("Outcome per truth row: yes (after the reply began; +early = before it, made by the noise) / declined / neither; production's one replay.");
        var totals = new Dictionary<(string Set, WordCheck Mode, string Row), WordEvaluation.Outcome>();
        foreach (var set in sets)
        {
            if (set == "festival" && WordCorpus.Instance.FestivalMissing is { } why)
            {
                sb.AppendLine("festival set skipped: " + why);
                continue;
            }

            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"### {set}");
            sb.AppendLine($"| cell | mode | {string.Join(" | ", WordEvaluation.Rows)} |");
            sb.AppendLine($"|---|---|{string.Concat(WordEvaluation.Rows.Select(_ => "---|"))}");
            foreach (var cell in cells)
            {
                var noise = cell.Split('/')[0];
                var snr = int.Parse(cell.Split('/')[1], CultureInfo.InvariantCulture);
                var seed = 7000 + (set.Length * 101) + (noise.Length * 13) + snr;
                foreach (var mode in modes)
                {
                    var options = new ReplyDetectorOptions { MaxReplays = 1, WordCheck = mode };
                    var r = WordEvaluation.Cell(set, noise, snr, options, set == "festival" ? 0 : only, seed);
                    sb.AppendLine(CultureInfo.InvariantCulture, $"| {cell} | {mode} | {string.Join(" | ", WordEvaluation.Rows.Select(row => row == "noise-only" && set == "festival" ? "—" : $"{r[row]} of {r[row].Trials}"))} |");
                    foreach (var row in WordEvaluation.Rows)
                    {
                        var t = totals.TryGetValue((set, mode, row), out var x) ? x : totals[(set, mode, row)] = new WordEvaluation.Outcome();
                        t.Trials += r[row].Trials;
                        t.Yes += r[row].Yes;
                        t.EarlyYes += r[row].EarlyYes;
                        t.Declined += r[row].Declined;
                        t.YesAfterReplay += r[row].YesAfterReplay;
                    }
                }
            }
        }

        sb.AppendLine();
        sb.AppendLine("Totals over the cells (yes / declined / neither):");
        foreach (var ((set, mode, row), o) in totals.Where(t => t.Value.Trials > 0))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {set} {mode} {row}: {o} of {o.Trials} (yes after a replay {o.YesAfterReplay})");
        }

        var path = Environment.GetEnvironmentVariable("GATEWAY_MEDIA_WORDS_REPORT") ?? Path.Combine(Path.GetTempPath(), "gateway-media-words-report.md");
        File.WriteAllText(path, sb.ToString());
        TestContext.Current.SendDiagnosticMessage(sb.ToString());

        // At the measured level (session 7, six cells: white and babble at 20/10/5 dB), on the espeak-ng sets only: with Require
        // "нет" was a yes 0 (tune) and 1 (held-out) of 72 times, "алло" 8 and 12 of 72, and the yes family lost at most 2 replies
        // against Off. The Festival set is reported, not asserted: Require lost 94 of 216 of its yes replies (not met).
        foreach (var set in sets.Where(s => s != "festival"))
        {
            if (totals.TryGetValue((set, WordCheck.Require, "нет"), out var no) && no.Trials == 72)
            {
                Assert.True(no.AnyYes <= 1, $"{set}: нет taken for a yes {no.AnyYes} times");
                Assert.True(totals[(set, WordCheck.Require, "алло")].AnyYes <= 12, $"{set}: алло taken for a yes {totals[(set, WordCheck.Require, "алло")].AnyYes} times");
            }

            if (totals.TryGetValue((set, WordCheck.Require, "yes-family"), out var yes) && totals.TryGetValue((set, WordCheck.Off, "yes-family"), out var off) && yes.Trials == 288)
            {
                Assert.True(yes.Yes >= off.Yes - 2, $"{set}: the word check lost {off.Yes - yes.Yes} yes replies");
            }
        }
    }
}
