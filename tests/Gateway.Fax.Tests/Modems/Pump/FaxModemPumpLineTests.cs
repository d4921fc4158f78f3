using Gateway.Fax.Modems.Dsp;
using Gateway.Fax.Modems.Pump;
using Gateway.Fax.T30;
using Gateway.Fax.Tests.Interop;
using Gateway.Testing.SpanDsp;
using Xunit;

namespace Gateway.Fax.Tests.Modems.Pump;

/// <summary>
/// What the pump puts on the line in whole calls against spandsp's receiver, measured in the samples: the gap
/// between two of our transmissions in a row (T.30 §5.3.2.4 and Figure 5-2: 75 ± 20 ms between the end of one
/// modulation and the start of the next) and the transmit levels (−14 dBm0 V.21, −10 dBm0 image, configurable).
/// </summary>
public sealed class FaxModemPumpLineTests(ITestOutputHelper output)
{
    private const int SamplesPerMs = 8;

    // Silence that begins a training without TEP, in samples: V.29 segment 1 (48 symbols at 2400 baud, §3.1),
    // V.27 ter segment 2 (32 symbols: 20 ms at 1600 baud, 26.7 ms at 1200 baud; Table 3); V.17 starts with ABAB.
    private static int TrainingSilence(FaxModem modem) => modem switch
    {
        _ when modem.IsV29() => 48 * 8000 / 2400,
        FaxModem.V27ter4800 => 32 * 8000 / 1600,
        FaxModem.V27ter2400 => 32 * 8000 / 1200,
        _ => 0,
    };

    private static (List<(int Start, int End, T30CommandKind Kind, FaxModem Modem)> Ours, List<(int Start, int End)> Theirs, AudioRecording Recording) Run(
        FaxModem modem, bool ecm, FaxModemPumpOptions? options = null)
    {
        using var interop = new AudioFaxInteropTests();
        var recording = new AudioRecording();
        var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm, SpanDsp.T30SupportAllModems, new LineModel("alaw"), maxModem: modem, options: options, recording: recording);
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{string.Join("\n", log)}");
        Assert.Equal(0, theirs);
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
        var signals = AudioRecording.Signals(recording.Sent)
            .Select(s =>
            {
                var block = recording.SentBlocks[(s.Start + s.End) / 2 / 160];
                return (s.Start, s.End, block.Kind ?? T30CommandKind.Silence, block.Modem);
            })
            .ToList();
        return (signals, AudioRecording.Signals(recording.Received), recording);
    }

    [Theory]
    [InlineData(FaxModem.V17_14400, false)]
    [InlineData(FaxModem.V29_9600, true)]
    [InlineData(FaxModem.V27ter4800, false)]
    public void Back_to_back_transmissions_are_75_ms_apart(FaxModem modem, bool ecm)
    {
        var (ours, theirs, _) = Run(modem, ecm);
        var gaps = new List<(string, double)>();
        for (var i = 1; i < ours.Count; i++)
        {
            var (prev, next) = (ours[i - 1], ours[i]);
            // Back to back: nothing from the far end in between (otherwise we were waiting for its response).
            if (theirs.Any(t => t.End > prev.End && t.Start < next.Start))
                continue;
            var silence = next.Modem == FaxModem.V21 ? 0 : TrainingSilence(next.Modem);
            var gapMs = (next.Start - prev.End - silence) / (double)SamplesPerMs;
            gaps.Add(($"{prev.Kind} {prev.Modem} → {next.Kind} {next.Modem}", gapMs));
        }
        foreach (var (what, ms) in gaps)
            output.WriteLine($"{what}: {ms:F3} ms");
        // DCS → TCF, and the page (non-ECM) or the ECM burst → the post-page command.
        Assert.Contains(gaps, g => g.Item1.StartsWith("SendHdlc V21 → SendTcf", StringComparison.Ordinal));
        Assert.Contains(gaps, g => g.Item1.EndsWith("→ SendHdlc V21", StringComparison.Ordinal) && !g.Item1.StartsWith("SendHdlc V21", StringComparison.Ordinal));
        Assert.All(gaps, g => Assert.InRange(g.Item2, 55, 95));
    }

    [Theory]
    [InlineData(FaxModem.V17_14400, -10, -14)]
    [InlineData(FaxModem.V29_9600, -13, -17)]
    [InlineData(FaxModem.V27ter4800, -10, -14)]
    public void Transmit_levels_follow_the_options(FaxModem modem, double imageDbm0, double v21Dbm0)
    {
        var options = new FaxModemPumpOptions { ImageLevelDbm0 = imageDbm0, V21LevelDbm0 = v21Dbm0 };
        var (ours, _, recording) = Run(modem, ecm: false, options);
        var measured = new List<(string, double)>();
        foreach (var s in ours)
        {
            // Skip the first and last 50 ms; on an image modem measure only the second half (data, not training).
            var from = s.Modem == FaxModem.V21 ? s.Start + 400 : (s.Start + s.End) / 2;
            var to = s.End - 400;
            if (to - from < 800)
                continue;
            var level = Level.Measure(recording.Sent.GetRange(from, to - from).ToArray());
            measured.Add(($"{s.Kind} {s.Modem}", level));
            var want = s.Modem == FaxModem.V21 ? v21Dbm0 : imageDbm0;
            Assert.True(Math.Abs(level - want) <= 0.5, $"{s.Kind} {s.Modem}: {level:F2} dBm0, configured {want}");
        }
        foreach (var (what, db) in measured)
            output.WriteLine($"{what}: {db:F2} dBm0");
        Assert.Contains(measured, m => m.Item1.EndsWith("V21", StringComparison.Ordinal));
        Assert.Contains(measured, m => m.Item1.StartsWith("SendImage", StringComparison.Ordinal));
    }
}
