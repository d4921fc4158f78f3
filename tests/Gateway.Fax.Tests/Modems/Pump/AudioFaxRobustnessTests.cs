using System.Globalization;
using System.Text;
using Gateway.Fax.T30;
using Gateway.Fax.Tests.Interop;
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
    public void Page_arrives_through_25_db_snr_50_ppm_drift_and_dropped_frames_at_14400()
    {
        using var interop = new AudioFaxInteropTests();
        var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm: true, spandspModems: 4,
            new LineModel("alaw", SnrDb: 25, Ppm: 50, DropProbability: 0.002, Seed: 7));
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{string.Join("\n", log)}");
        Assert.Equal(0, theirs);
        Assert.Equal(1, stats.PagesRx);
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
    }

    [Fact]
    public void Evaluation_success_rate_per_rate_and_impairment()
    {
        var calls = int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_AUDIO_EVAL"), CultureInfo.InvariantCulture, out var n) ? n : 0;
        Assert.SkipWhen(calls <= 0, "Set GATEWAY_AUDIO_EVAL=<calls per cell> to run the statistical evaluation.");
        var rates = new (string Name, int Modems)[] { ("V.17 14400", 4), ("V.29 9600", 2), ("V.27ter 4800", 1) };
        var lines = new (string Name, Func<int, LineModel> Line)[]
        {
            ("30 dB", s => new LineModel("alaw", 30, 0, 0, s)),
            ("25 dB", s => new LineModel("alaw", 25, 0, 0, s)),
            ("20 dB", s => new LineModel("alaw", 20, 0, 0, s)),
            ("+50 ppm", s => new LineModel("ulaw", double.PositiveInfinity, 50, 0, s)),
            ("-50 ppm", s => new LineModel("ulaw", double.PositiveInfinity, -50, 0, s)),
            ("drop 0.5%", s => new LineModel("alaw", double.PositiveInfinity, 0, 0.005, s)),
        };
        var report = new StringBuilder("| rate | line | ok | pixel-identical |\n|---|---|---|---|\n");
        using var interop = new AudioFaxInteropTests();
        foreach (var (rateName, modems) in rates)
        {
            foreach (var (lineName, line) in lines)
            {
                int ok = 0, identical = 0;
                for (var seed = 1; seed <= calls; seed++)
                {
                    var (ours, theirs, stats, rx, _) = interop.Call("itu1-std", ecm: seed % 2 == 0, modems, line(seed));
                    if (ours.Code == T30CompletionCode.Ok && theirs == 0 && stats.PagesRx == 1)
                    {
                        ok++;
                        if (TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx) == 0)
                            identical++;
                    }
                }
                report.Append(CultureInfo.InvariantCulture, $"| {rateName} | {lineName} | {ok}/{calls} | {identical}/{calls} |\n");
            }
        }
        output.WriteLine(report.ToString());
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "gateway-audio-eval.md"), report.ToString());
    }
}
