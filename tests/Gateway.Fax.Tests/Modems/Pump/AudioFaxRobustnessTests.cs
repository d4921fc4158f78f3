using System.Globalization;
using System.Text;
using Gateway.Fax.T30;
using Gateway.Fax.Tests.Interop;
using Gateway.Testing.SpanDsp;
using Xunit;

namespace Gateway.Fax.Tests.Modems.Pump;

/// <summary>
/// Our sender through an impaired line to libspandsp's audio receiver. One representative call runs in CI; the
/// statistical evaluation (≥ 20 calls per rate and impairment) runs on demand:
/// GATEWAY_AUDIO_EVAL=20 dotnet test --project tests/Gateway.Fax.Tests -c Release -- --filter-method "*Evaluation*" (table in $TMP/gateway-audio-eval.md)
/// </summary>
public sealed class AudioFaxRobustnessTests(ITestOutputHelper output)
{
    [Fact]
    public void Pages_arrive_through_25_db_snr_50_ppm_drift_and_dropped_frames_at_14400()
    {
        // Six calls with ECM through the combined impairments. A dropped frame in the middle of an ECM burst makes
        // spandsp 0.0.6 lose the carrier and the rest of that burst (the partial page is short enough for our PPS to
        // arrive before its T2, so it answers PPR), and one in a training it never answers (no FTT; it then answers
        // our repeated DCS with DCN), so the bar is four of six, every delivered page pixel-identical. Success rates
        // per impairment: docs/modems.md §5.
        using var interop = new AudioFaxInteropTests();
        var failures = new List<string>();
        for (var seed = 1; seed <= 6; seed++)
        {
            var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm: true, spandspModems: 4,
                new LineModel("alaw", SnrDb: 25, Ppm: 50, DropProbability: 0.002, Seed: seed));
            // spandsp may still be waiting when we are done (our DCN dropped): the page is delivered all the same.
            if (ours.Code != T30CompletionCode.Ok || theirs is not (0 or null) || stats.PagesRx != 1)
                failures.Add($"seed {seed}: {ours.Code} {ours.Text} / spandsp {theirs}\n{string.Join("\n", log)}");
            else
                Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
        }
        Assert.True(failures.Count <= 2, string.Join("\n\n", failures));
    }

    [Theory]
    [InlineData(1, 12000)]
    [InlineData(2, 9600)]
    [InlineData(3, 9600)]
    public void Each_failed_tcf_steps_down_the_fallback_list(int failedTcfs, int expectedRate)
    {
        // 40 ms of silence 2 s into each of the first TCFs (after V.17's 1.4 s training; V.29's is shorter, so the
        // cut still lands in its zeros): spandsp trains but finds no 1 s run of zeros and answers FTT (T.30 §5.3.2);
        // we step down 14 400 → 12 000 → 9600 (V.17) → 9600 (V.29) as FaxModemInfo.FallbackOrder says.
        using var interop = new AudioFaxInteropTests();
        var bursts = Enumerable.Range(1, failedTcfs).Select(n => new Burst(T30CommandKind.SendTcf, n, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.04))).ToList();
        var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm: false, SpanDsp.T30SupportAllModems, new LineModel("alaw", Bursts: bursts));
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{string.Join("\n", log)}");
        Assert.Equal(failedTcfs, log.Count(l => l.EndsWith("rx FTT", StringComparison.Ordinal)));
        Assert.Equal(0, theirs);
        Assert.Equal(expectedRate, stats.BitRate);
        Assert.Equal(failedTcfs, ours.Fallbacks);
        Assert.Equal(FaxModemInfo.FallbackOrder[failedTcfs], interop.LastTransmissions.Last(t => t.Kind == T30CommandKind.SendImage).Modem);
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
    }

    [Fact]
    public void A_page_whose_training_is_lost_is_sent_again_when_the_receiver_returns_to_phase_b()
    {
        // The first 300 ms of the page vanish: spandsp's V.17 receiver misses the short training, waits T2 and sends
        // DIS again; we train again and resend the page at the same rate.
        using var interop = new AudioFaxInteropTests();
        var line = new LineModel("ulaw", Bursts: [new Burst(T30CommandKind.SendImage, 1, TimeSpan.Zero, TimeSpan.FromSeconds(0.3))]);
        var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm: false, SpanDsp.T30SupportAllModems, line);
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{string.Join("\n", log)}");
        Assert.Equal(2, log.Count(l => l.Contains("tx DCS", StringComparison.Ordinal)));
        Assert.Equal(0, theirs);
        Assert.Equal(14400, stats.BitRate);
        Assert.Equal(1, stats.PagesRx);
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
    }

    [Fact]
    public void An_ecm_block_lost_in_the_middle_is_sent_again_when_the_receiver_returns_to_phase_b()
    {
        // With one 256-frame block per burst (EcmMaxBurst infinite; the default cuts the page into partial pages that
        // avoid this, AudioFaxRecoveryTests): 100 ms vanish 3 s into the 10.6 s burst; spandsp loses the carrier, its
        // T2 runs out while our burst goes on, and as soon as our carrier drops it sends DIS (over our PPS); we train
        // again and send the page from its first block.
        using var interop = new AudioFaxInteropTests();
        var line = new LineModel("alaw", Bursts: [new Burst(T30CommandKind.SendHdlc, 1, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.1))]);
        var (ours, theirs, stats, rx, log) = interop.Call("itu1-fine", ecm: true, SpanDsp.T30SupportAllModems, line,
            settings: s => s with { EcmMaxBurst = Timeout.InfiniteTimeSpan });
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{string.Join("\n", log)}");
        Assert.Equal(2, log.Count(l => l.Contains("tx DCS", StringComparison.Ordinal)));
        Assert.Equal(0, theirs);
        Assert.Equal(1, stats.PagesRx);
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-fine"), rx));
    }

    /// <summary>The rates of the evaluation (our MaxModem; spandsp offers all three modems).</summary>
    internal static readonly FaxModem[] EvaluationRates =
    [
        FaxModem.V17_14400, FaxModem.V17_12000, FaxModem.V17_9600, FaxModem.V17_7200,
        FaxModem.V29_9600, FaxModem.V29_7200, FaxModem.V27ter4800, FaxModem.V27ter2400,
    ];

    /// <summary>The impairments of the evaluation, by name.</summary>
    internal static readonly (string Name, Func<int, LineModel> Line)[] EvaluationLines =
    [
        ("clean", s => new LineModel("alaw", Seed: s)),
        ("30 dB (signal only)", s => new LineModel("alaw", 30, Seed: s)),
        ("25 dB (signal only)", s => new LineModel("alaw", 25, Seed: s)),
        ("20 dB (signal only)", s => new LineModel("alaw", 20, Seed: s)),
        ("30 dB (signal in whole 20 ms frames, session 3 model)", s => new LineModel("alaw", 30, Seed: s, FrameGatedNoise: true)),
        ("30 dB continuous, no loss (floor −40 dBm0)", s => new LineModel("alaw", 30, Seed: s, GatedNoise: false)),
        ("30 dB continuous, 14 dB loss (floor −54 dBm0)", s => new LineModel("alaw", 30, Seed: s, GatedNoise: false, LossDb: 14)),
        ("25 dB continuous, 14 dB loss (floor −49 dBm0)", s => new LineModel("alaw", 25, Seed: s, GatedNoise: false, LossDb: 14)),
        ("20 dB continuous, 14 dB loss (floor −44 dBm0)", s => new LineModel("alaw", 20, Seed: s, GatedNoise: false, LossDb: 14)),
        ("20 dB continuous, 18 dB loss (floor −48 dBm0)", s => new LineModel("alaw", 20, Seed: s, GatedNoise: false, LossDb: 18)),
        ("+50 ppm", s => new LineModel("ulaw", Ppm: 50, Seed: s)),
        ("−50 ppm", s => new LineModel("ulaw", Ppm: -50, Seed: s)),
        ("drop 0.1 % both ways", s => new LineModel("alaw", DropProbability: 0.001, Seed: s)),
        ("drop 0.5 % both ways", s => new LineModel("alaw", DropProbability: 0.005, Seed: s)),
        ("drop 0.5 % to them", s => new LineModel("alaw", DropProbability: 0.005, Seed: s, Drops: DropDirection.ToThem)),
        ("drop 0.5 % to us", s => new LineModel("alaw", DropProbability: 0.005, Seed: s, Drops: DropDirection.ToUs)),
    ];

    /// <summary>
    /// GATEWAY_AUDIO_EVAL=calls per cell; optional GATEWAY_AUDIO_EVAL_RATES (e.g. "14400,4800") and
    /// GATEWAY_AUDIO_EVAL_LINES (substrings of the line names, comma-separated) narrow it down. Odd seeds send
    /// without ECM, even seeds with ECM; itu1 standard resolution.
    /// </summary>
    [Fact]
    public void Evaluation_success_rate_per_rate_and_impairment()
    {
        var calls = int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_AUDIO_EVAL"), CultureInfo.InvariantCulture, out var n) ? n : 0;
        Assert.SkipWhen(calls <= 0, "Set GATEWAY_AUDIO_EVAL=<calls per cell> to run the statistical evaluation.");
        var rateFilter = Environment.GetEnvironmentVariable("GATEWAY_AUDIO_EVAL_RATES")?.Split(',');
        var lineFilter = Environment.GetEnvironmentVariable("GATEWAY_AUDIO_EVAL_LINES")?.Split(',');
        var rates = EvaluationRates.Where(r => rateFilter is null || rateFilter.Contains(r.BitRate().ToString(CultureInfo.InvariantCulture))).ToList();
        var lines = EvaluationLines.Where(l => lineFilter is null || lineFilter.Any(f => l.Name.Contains(f, StringComparison.Ordinal))).ToList();
        // GATEWAY_AUDIO_EVAL_LOG=1: both ends' T.30 logs (and spandsp's) of every failed call go to a file.
        var logFailures = Environment.GetEnvironmentVariable("GATEWAY_AUDIO_EVAL_LOG") == "1";
        var failures = new StringBuilder();
        var report = new StringBuilder($"{calls} calls per cell: {(calls + 1) / 2} without ECM (odd seeds), {calls / 2} with ECM (even seeds), itu1 standard; " +
            "ok = both ends report success with one page; exact = and pixel-identical\n\n| line | ECM |");
        foreach (var r in rates)
            report.Append(CultureInfo.InvariantCulture, $" {r} |");
        report.Append("\n|---|---|").Append(string.Concat(Enumerable.Repeat("---|", rates.Count))).Append('\n');
        var allCauses = new StringBuilder("\n\nWhy the failed calls failed (first fatal event, from both ends' logs):\n\n| line | causes |\n|---|---|\n");
        using var interop = new AudioFaxInteropTests();
        foreach (var (lineName, line) in lines)
        {
            var cells = new (int Ok, int Identical, int Calls)[rates.Count, 2];
            var causes = new Dictionary<string, int>();
            for (var ri = 0; ri < rates.Count; ri++)
            {
                for (var seed = 1; seed <= calls; seed++)
                {
                    var ecm = seed % 2 == 0;
                    // spandsp's log is always on: the failure cause is read from it.
                    var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm, SpanDsp.T30SupportAllModems, line(seed), maxModem: rates[ri], spandspLog: true);
                    ref var cell = ref cells[ri, ecm ? 1 : 0];
                    cell.Calls++;
                    if (ours.Code == T30CompletionCode.Ok && theirs == 0 && stats.PagesRx == 1)
                    {
                        cell.Ok++;
                        if (TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx) == 0)
                            cell.Identical++;
                    }
                    else
                    {
                        var cause = FailureCause(ours, stats, log);
                        causes[cause] = causes.GetValueOrDefault(cause) + 1;
                    }
                    if (logFailures && !(ours.Code == T30CompletionCode.Ok && theirs == 0 && stats.PagesRx == 1))
                    {
                        failures.Append(CultureInfo.InvariantCulture, $"=== {lineName} {rates[ri]} ecm={ecm} seed={seed}: ours {ours.Code} {ours.Text}, spandsp {theirs}, pages {stats.PagesRx}\n");
                        failures.AppendJoin('\n', log).Append("\n\n");
                    }
                }
            }
            for (var e = 0; e < 2; e++)
            {
                report.Append(CultureInfo.InvariantCulture, $"| {lineName} | {(e == 1 ? "on" : "off")} |");
                for (var ri = 0; ri < rates.Count; ri++)
                    report.Append(CultureInfo.InvariantCulture, $" {cells[ri, e].Ok}/{cells[ri, e].Calls} ok, {cells[ri, e].Identical} exact |");
                report.Append('\n');
            }
            if (causes.Count > 0)
                allCauses.Append(CultureInfo.InvariantCulture, $"| {lineName} | {string.Join("; ", causes.OrderByDescending(c => c.Value).Select(c => $"{c.Key} ×{c.Value}"))} |\n");
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "gateway-audio-eval.md"), report.ToString() + allCauses);
            if (logFailures)
                File.WriteAllText(Path.Combine(Path.GetTempPath(), "gateway-audio-eval-failures.txt"), failures.ToString());
        }
        output.WriteLine(report.ToString() + allCauses);
    }

    /// <summary>
    /// The first fatal event of a failed call, read from our T.30 trace and spandsp's log (see docs/modems.md §5):
    /// spandsp 0.0.6 answers a repeated command it did not expect with DCN, so "lost X, DCN on the repeat" means
    /// the line destroyed something (a training, a frame) and T.30's repetition could not recover with this peer.
    /// </summary>
    internal static string FailureCause(T30Result ours, T30Stats stats, List<string> log)
    {
        var unexpected = log.FirstOrDefault(l => l.Contains("spandsp ", StringComparison.Ordinal) && l.Contains("Unexpected ", StringComparison.Ordinal) && l.Contains(" frame in state", StringComparison.Ordinal));
        if (unexpected is not null)
        {
            var command = unexpected[(unexpected.IndexOf("Unexpected ", StringComparison.Ordinal) + 11)..].Split(' ')[0];
            var at = log.IndexOf(unexpected);
            var before = log.Take(at).ToList();
            // What came before: spandsp never answered (training lost), or the last frame it sent (its answer we missed, or a DIS
            // it sent while we were still transmitting).
            var trainingFailed = before.FindLastIndex(l => l.Contains("Training failed", StringComparison.Ordinal));
            var lastSent = before.FindLastIndex(l => l.Contains(" spandsp ", StringComparison.Ordinal) && l.Contains("Tx:  ", StringComparison.Ordinal) && l.Contains("with final frame tag", StringComparison.Ordinal));
            if (command == "DCS" && trainingFailed >= 0 && trainingFailed > lastSent)
                return "TCF training lost (spandsp silent, no FTT) → DCN on our repeated DCS";
            if (lastSent >= 0)
            {
                var response = before[lastSent][(before[lastSent].IndexOf("Tx:  ", StringComparison.Ordinal) + 5)..].Split(' ')[0];
                return $"DCN on our repeated {command} (spandsp's last frame before: {response}){(stats.PagesRx > 0 ? ", page was delivered" : "")}";
            }
            return $"DCN on our repeated {command}";
        }
        if (ours.Text.Contains("not received", StringComparison.Ordinal))
            return "page or ECM block lost 3 times (spandsp back to phase B each time)";
        if (ours.Code == T30CompletionCode.Ok)
            return "we finished, spandsp did not";
        return $"{ours.Code}";
    }
}
