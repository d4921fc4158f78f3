using Gateway.Fax.Modems.Pump;
using Gateway.Fax.T30;
using Gateway.Fax.Tests.Interop;
using Gateway.Testing.SpanDsp;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.Modems.Pump;

/// <summary>Our sender (T30Session + FaxModemPump) against libspandsp's audio fax receiver, through G.711.</summary>
public sealed class AudioFaxInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("audio-fax-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static T30Settings Settings(bool ecm, FaxModem maxModem) => new()
    {
        IsCaller = true,
        MaxModem = maxModem,
        Ecm = ecm,
        LocalIdent = "+1 555 0100",
        Compressions = ecm
            ? new HashSet<T30Compression> { T30Compression.MH, T30Compression.MR, T30Compression.MMR }
            : new HashSet<T30Compression> { T30Compression.MH, T30Compression.MR },
    };

    /// <summary>Our transmissions in the last <see cref="Call"/>.</summary>
    internal List<(T30CommandKind Kind, FaxModem Modem, bool ShortTraining)> LastTransmissions { get; private set; } = [];

    /// <summary>Start and end of each of <see cref="LastTransmissions"/>.</summary>
    internal List<(TimeSpan Start, TimeSpan End)> LastTransmissionTimes { get; private set; } = [];

    /// <summary>Runs one call; returns our result, spandsp's completion code, its statistics and the received file.</summary>
    internal (T30Result Ours, int? Theirs, T30Stats Stats, string RxFile, List<string> Log) Call(
        string chart, bool ecm, int spandspModems, LineModel line, TimeSpan? limit = null, bool spandspLog = false, FaxModem maxModem = FaxModem.V17_14400, string? secondPage = null,
        FaxModemPumpOptions? options = null, AudioRecording? recording = null, Func<T30Settings, T30Settings>? settings = null)
    {
        var tiff = ItuCharts.Get(chart);
        var resolution = chart.EndsWith("fine", StringComparison.Ordinal) ? T30Resolution.Fine : T30Resolution.Standard;
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pages = new List<(string, T30Resolution)> { (tiff, resolution) };
        if (secondPage is not null)
            pages.Add((ItuCharts.Get(secondPage), secondPage.EndsWith("fine", StringComparison.Ordinal) ? T30Resolution.Fine : T30Resolution.Standard));
        var session = new T30Session(settings is null ? Settings(ecm, maxModem) : settings(Settings(ecm, maxModem)), time, source: new SpanDspCodedPages(pages, _dir));
        var log = new List<string>();
        session.FrameTraced += (f, rx) => log.Add($"{(time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds:F2} {(rx ? "rx" : "tx")} {f}");
        session.Diagnostic += d => log.Add($"{(time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds:F2} {d}");
        var pump = new FaxModemPump(session, time, options);
        using var theirs = new SpanDspAudioFax(calling: false);
        if (spandspLog)
        {
            SpanDspAudioFax.Log.Clear();
            theirs.EnableLogging("spandsp");
        }
        var rx = Path.Combine(_dir, $"rx-{Guid.NewGuid():N}.tif");
        SpanDsp.t30_set_rx_file(theirs.T30, rx, -1);
        SpanDsp.t30_set_tx_ident(theirs.T30, "+1 555 0199");
        SpanDsp.t30_set_ecm_capability(theirs.T30, 1);
        SpanDsp.t30_set_supported_modems(theirs.T30, spandspModems);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | SpanDsp.T30SupportT6);
        var call = new AudioFaxCall(time, pump, theirs, line, spandspLog ? log : null) { Sent = recording?.Sent, SentBlocks = recording?.SentBlocks, Received = recording?.Received };
        call.Run(limit ?? TimeSpan.FromMinutes(4));
        LastTransmissions = call.Transmissions;
        LastTransmissionTimes = call.TransmissionTimes;
        return (session.Result, theirs.CompletionCode, theirs.Statistics, rx, log);
    }

    public static TheoryData<string, bool, int, string, int> Cases() => new()
    {
        // chart, ECM, spandsp's modems (T30_SUPPORT_V27TER 1 | V29 2 | V17 4), law, expected bit rate
        { "itu1-fine", false, 4, "alaw", 14400 },
        { "itu1-std", true, 4, "ulaw", 14400 },
        { "itu4-fine", true, 2, "alaw", 9600 },
        { "itu4-std", false, 1, "ulaw", 4800 },
    };

    [Theory]
    [InlineData(false, "alaw")]
    [InlineData(true, "ulaw")]
    public void Second_page_at_v17_uses_the_short_training_and_arrives_pixel_identical(bool ecm, string law)
    {
        // T.30 §5.3.2.3 / V.17 §1.5: after TCF (and after each page) the image transmissions use the short training;
        // spandsp's receiver then expects it (with ECM a long training there loses the block).
        var (ours, theirs, stats, rx, log) = Call("itu1-std", ecm, SpanDsp.T30SupportAllModems, new LineModel(law), secondPage: "itu4-std");
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{string.Join("\n", log)}");
        Assert.Equal(0, theirs);
        Assert.Equal(2, stats.PagesRx);
        Assert.Equal(14400, stats.BitRate);
        Assert.Single(log, l => l.Contains("tx DCS", StringComparison.Ordinal));
        var image = LastTransmissions.Where(t => t.Modem == FaxModem.V17_14400).ToList();
        Assert.Equal(T30CommandKind.SendTcf, image[0].Kind);
        Assert.False(image[0].ShortTraining);
        Assert.True(image.Count >= 3, string.Join(", ", image));
        Assert.All(image.Skip(1), t => Assert.True(t.ShortTraining, $"{t.Kind} used the long training"));
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx, 0, 0));
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu4-std"), rx, 0, 1));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Spandsp_audio_receiver_gets_our_page_pixel_identical(string chart, bool ecm, int modems, string law, int rate)
    {
        var (ours, theirs, stats, rx, log) = Call(chart, ecm, modems, new LineModel(law));
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{string.Join("\n", log)}");
        Assert.True(theirs == 0, SpanDsp.CompletionText(theirs ?? -1));
        Assert.Equal(1, stats.PagesRx);
        Assert.Equal(rate, stats.BitRate);
        Assert.Equal(ecm, stats.ErrorCorrectingMode != 0);
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get(chart), rx));
    }
}
