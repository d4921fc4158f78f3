using System.Globalization;
using System.Text;
using Gateway.Fax.T30;
using Gateway.Fax.Tests.Interop;
using Gateway.Testing.SpanDsp;
using Xunit;

namespace Gateway.Fax.Tests.Modems.Pump;

/// <summary>
/// Every rate of V.27 ter, V.29 and V.17 × ECM on/off × itu1/itu4 × fine/standard × A-law/µ-law, our sender into
/// libspandsp's audio receiver, pages pixel-identical. CI runs a covering subset (every rate with and without ECM,
/// every chart, resolution and law several times); the whole 128-call matrix is an evaluation:
/// GATEWAY_AUDIO_MATRIX=1 dotnet test --project tests/Gateway.Fax.Tests -c Release -- --filter-method "*Full_matrix*"
/// (table in $TMP/gateway-audio-matrix.md).
/// </summary>
public sealed class AudioFaxMatrixTests(ITestOutputHelper output)
{
    private static readonly string[] Charts = ["itu1-fine", "itu1-std", "itu4-fine", "itu4-std"];

    public static TheoryData<FaxModem, bool, string, string> CiSubset()
    {
        // Each rate twice (ECM off and on); chart and law rotate so each chart × law and each chart × ECM appears.
        var data = new TheoryData<FaxModem, bool, string, string>();
        var i = 0;
        foreach (var modem in AudioFaxRobustnessTests.EvaluationRates)
        {
            foreach (var ecm in new[] { false, true })
            {
                data.Add(modem, ecm, Charts[(i + (ecm ? 1 : 0)) % 4], (i / 2 + (ecm ? 1 : 0)) % 2 == 0 ? "alaw" : "ulaw");
            }
            i++;
        }
        return data;
    }

    private static string? Run(AudioFaxInteropTests interop, FaxModem modem, bool ecm, string chart, string law) => Run(interop, modem, ecm, chart, law, null, out _);

    // A fine itu4 page with ECM at 2400 bit/s in partial pages of 4 frames takes ≈ 9 min (docs/modems.md §5 "Session 4").
    private static string? Run(AudioFaxInteropTests interop, FaxModem modem, bool ecm, string chart, string law, TimeSpan? ecmMaxBurst, out TimeSpan duration)
    {
        var (ours, theirs, stats, rx, log) = interop.Call(chart, ecm, SpanDsp.T30SupportAllModems, new LineModel(law), limit: TimeSpan.FromMinutes(12), maxModem: modem,
            settings: ecmMaxBurst is null ? null : s => s with { EcmMaxBurst = ecmMaxBurst });
        duration = ours.Duration;
        if (ours.Code != T30CompletionCode.Ok)
            return $"{ours.Code} {ours.Text}\n{string.Join("\n", log)}";
        if (theirs != 0)
            return $"spandsp: {SpanDsp.CompletionText(theirs ?? -1)}";
        if (stats.PagesRx != 1 || stats.BitRate != modem.BitRate() || (stats.ErrorCorrectingMode != 0) != ecm)
            return $"spandsp got {stats.PagesRx} page(s) at {stats.BitRate} bit/s, ECM {stats.ErrorCorrectingMode}";
        var differing = TiffPixels.DifferingRows(ItuCharts.Get(chart), rx);
        return differing == 0 ? null : $"{differing} rows differ";
    }

    [Theory]
    [MemberData(nameof(CiSubset))]
    public void Spandsp_receives_the_page_pixel_identical_at_every_rate(FaxModem modem, bool ecm, string chart, string law)
    {
        using var interop = new AudioFaxInteropTests();
        var failure = Run(interop, modem, ecm, chart, law);
        Assert.True(failure is null, failure);
    }

    [Fact]
    public void Full_matrix_evaluation()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("GATEWAY_AUDIO_MATRIX") != "1", "Set GATEWAY_AUDIO_MATRIX=1 to run all 128 combinations.");
        // GATEWAY_AUDIO_MATRIX_BURST=infinite: ECM in 256-frame blocks (EcmMaxBurst = InfiniteTimeSpan), to compare call times.
        TimeSpan? burst = Environment.GetEnvironmentVariable("GATEWAY_AUDIO_MATRIX_BURST") == "infinite" ? Timeout.InfiniteTimeSpan : null;
        using var interop = new AudioFaxInteropTests();
        var report = new StringBuilder("| rate | ECM | law |");
        foreach (var chart in Charts)
            report.Append(CultureInfo.InvariantCulture, $" {chart} |");
        report.Append("\n|---|---|---|---|---|---|---|\n");
        var failures = 0;
        foreach (var modem in AudioFaxRobustnessTests.EvaluationRates)
        {
            foreach (var ecm in new[] { false, true })
            {
                foreach (var law in new[] { "alaw", "ulaw" })
                {
                    report.Append(CultureInfo.InvariantCulture, $"| {modem} | {(ecm ? "on" : "off")} | {law} |");
                    foreach (var chart in Charts)
                    {
                        var failure = Run(interop, modem, ecm, chart, law, burst, out var duration);
                        failures += failure is null ? 0 : 1;
                        report.Append(failure is null ? $" identical, {duration.TotalSeconds:F0} s |" : $" FAIL {failure.Split('\n')[0]} |");
                    }
                    report.Append('\n');
                }
            }
        }
        report.Append(CultureInfo.InvariantCulture, $"\n{128 - failures}/128 pixel-identical\n");
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "gateway-audio-matrix.md"), report.ToString());
        output.WriteLine(report.ToString());
        Assert.Equal(0, failures);
    }
}
