using Gateway.Fax.T30;
using Gateway.Fax.T38;
using Gateway.Testing.SpanDsp;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.Interop;

/// <summary>Our T.38 terminal against libspandsp 0.0.6's, both directions, pages checked pixel for pixel.</summary>
public class T38InteropTests : IDisposable
{
    private static readonly string Charts = ItuCharts.Directory;

    private readonly string _dir = Directory.CreateTempSubdirectory("t38-interop-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    private static T30Settings Settings(bool caller, bool ecm, T30Compression best) => new()
    {
        IsCaller = caller,
        Ecm = ecm,
        LocalIdent = caller ? "+1 555 0100" : "+1 555 0199",
        Compressions = best switch
        {
            T30Compression.MH => new HashSet<T30Compression> { T30Compression.MH },
            T30Compression.MR => new HashSet<T30Compression> { T30Compression.MH, T30Compression.MR },
            _ => new HashSet<T30Compression> { T30Compression.MH, T30Compression.MR, T30Compression.MMR },
        },
    };

    private static int SpanCompressions(T30Compression best) => best switch
    {
        T30Compression.MH => SpanDsp.T30SupportT4_1D,
        T30Compression.MR => SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D,
        _ => SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | SpanDsp.T30SupportT6,
    };

    /// <summary>
    /// Every ITU chart at fine and standard resolution, each direction; T.38 version, ECM and coding rotate so
    /// that every combination of version (0, 2) × ECM (on, off) × coding (MH, MR, MMR with ECM) occurs.
    /// </summary>
    public static TheoryData<string, int, bool, T30Compression> Cases()
    {
        var combos = new (int Version, bool Ecm, T30Compression Best)[]
        {
            (0, false, T30Compression.MH), (2, true, T30Compression.MMR), (0, true, T30Compression.MR), (2, false, T30Compression.MR),
            (0, true, T30Compression.MMR), (2, true, T30Compression.MH), (0, false, T30Compression.MR), (2, false, T30Compression.MH),
        };
        var data = new TheoryData<string, int, bool, T30Compression>();
        var i = 0;
        for (var chart = 1; chart <= 8; chart++)
        {
            foreach (var res in new[] { "fine", "std" })
            {
                var c = combos[i++ % combos.Length];
                data.Add($"itu{chart}-{res}", c.Version, c.Ecm, c.Best);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Our_sender_delivers_a_page_that_spandsp_decodes_pixel_identical(string chart, int version, bool ecm, T30Compression best)
    {
        var tiff = Path.Combine(Charts, chart + ".tif");
        var resolution = chart.EndsWith("fine", StringComparison.Ordinal) ? T30Resolution.Fine : T30Resolution.Standard;
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var session = new T30Session(Settings(caller: true, ecm, best), time, source: new SpanDspCodedPages(tiff, resolution, _dir));
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = version }, time);
        using var theirs = new SpanDspT38Terminal(calling: false, version);
        var rx = Path.Combine(_dir, "spandsp-rx.tif");
        SpanDsp.t30_set_rx_file(theirs.T30, rx, -1);
        SpanDsp.t30_set_tx_ident(theirs.T30, "+1 555 0199");
        SpanDsp.t30_set_ecm_capability(theirs.T30, 1);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanCompressions(best));
        if (Environment.GetEnvironmentVariable("GATEWAY_SPANDSP_LOG") == "1")
            theirs.EnableLogging("spandsp");

        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(5)), $"Call did not finish: ours {session.Result.Code} {session.Result.Text}; spandsp {theirs.CompletionCode}");

        Assert.True(session.Result.Code == T30CompletionCode.Ok, session.Result.Text);
        Assert.True(theirs.CompletionCode == 0, SpanDsp.CompletionText(theirs.CompletionCode ?? -1));
        Assert.Equal(1, session.Result.PagesConfirmed);
        Assert.Equal(1, theirs.Statistics.PagesRx);
        Assert.Equal(ecm, theirs.Statistics.ErrorCorrectingMode != 0);
        Assert.Equal(14400, theirs.Statistics.BitRate);
        Assert.Equal("+1 555 0100", theirs.RemoteIdent);
        Assert.Equal("+1 555 0199", session.Result.RemoteIdent);
        Assert.Equal(0, TiffPixels.DifferingRows(tiff, rx));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Spandsp_sender_delivers_a_page_that_we_receive_pixel_identical(string chart, int version, bool ecm, T30Compression best)
    {
        var tiff = Path.Combine(Charts, chart + ".tif");
        var resolution = chart.EndsWith("fine", StringComparison.Ordinal) ? T30Resolution.Fine : T30Resolution.Standard;
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pages = new SpanDspCodedPages(tiff, resolution, _dir);
        var session = new T30Session(Settings(caller: false, ecm, best), time, sink: pages);
        var trace = new List<string>();
        session.FrameTraced += (f, rx) => trace.Add($"{(time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds:F2} {(rx ? "rx" : "tx")} {f}");
        session.Diagnostic += d => trace.Add($"{(time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds:F2} {d}");
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = version }, time);
        using var theirs = new SpanDspT38Terminal(calling: true, version);
        SpanDsp.t30_set_tx_file(theirs.T30, tiff, -1, -1);
        SpanDsp.t30_set_tx_ident(theirs.T30, "+1 555 0100");
        SpanDsp.t30_set_ecm_capability(theirs.T30, ecm ? 1 : 0);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanCompressions(best));
        if (Environment.GetEnvironmentVariable("GATEWAY_SPANDSP_LOG") == "1")
            theirs.EnableLogging("spandsp");

        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(5)), $"Call did not finish: ours {session.Result.Code} {session.Result.Text}; spandsp {theirs.CompletionCode}");

        Assert.True(session.Result.Code == T30CompletionCode.Ok, session.Result.Text + "\n" + string.Join("\n", trace) + "\n" + string.Join("\n", SpanDspT38Terminal.Log.Where(l => !l.Contains("IFP", StringComparison.Ordinal) && !l.Contains("non-ecm-data", StringComparison.Ordinal)).TakeLast(60)));
        Assert.True(theirs.CompletionCode == 0, SpanDsp.CompletionText(theirs.CompletionCode ?? -1));
        Assert.Equal(1, session.Result.PagesConfirmed);
        Assert.Equal(ecm, session.Result.Ecm);
        Assert.Equal("+1 555 0100", session.Result.RemoteIdent);
        Assert.Single(pages.ReceivedFiles);
        Assert.Equal(0, TiffPixels.DifferingRows(tiff, pages.ReceivedFiles[0]));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(256)]
    public void Spandsp_receives_both_ecm_frame_sizes(int frameSize)
    {
        // spandsp 0.0.6 decodes DCS bit 28 inverted (t30.c: set → 256) but its receiver sizes frames from the
        // first FCD it gets, so both sizes must work whatever the bit says.
        var tiff = ItuCharts.Get("itu1-fine");
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var session = new T30Session(Settings(caller: true, ecm: true, T30Compression.MMR) with { EcmFrameSize = frameSize }, time,
            source: new SpanDspCodedPages(tiff, T30Resolution.Fine, _dir));
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = 2 }, time);
        using var theirs = new SpanDspT38Terminal(calling: false, 2);
        var rx = Path.Combine(_dir, "spandsp-rx.tif");
        SpanDsp.t30_set_rx_file(theirs.T30, rx, -1);
        SpanDsp.t30_set_ecm_capability(theirs.T30, 1);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanCompressions(T30Compression.MMR));
        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(5)));
        Assert.True(session.Result.Code == T30CompletionCode.Ok, session.Result.Text);
        Assert.Equal(0, theirs.CompletionCode);
        Assert.Equal(frameSize, session.Result.EcmFrameSize);
        Assert.Equal(0, theirs.Statistics.ErrorCorrectingModeRetries);
        Assert.Equal(0, TiffPixels.DifferingRows(tiff, rx));
    }

    [Fact]
    public void Our_sender_sends_several_pages_with_mps_and_eom_to_spandsp()
    {
        // Pages 1-2 fine (MPS between them), page 3 standard: EOM, back to phase B, new DCS (T.30 §5.3.6.1.5).
        var pages = new[] { ("itu1-fine", T30Resolution.Fine), ("itu2-fine", T30Resolution.Fine), ("itu3-std", T30Resolution.Standard) }
            .Select(p => (ItuCharts.Get(p.Item1), p.Item2)).ToArray();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = new SpanDspCodedPages(pages, _dir);
        var session = new T30Session(Settings(caller: true, ecm: false, T30Compression.MR), time, source: source);
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = 0 }, time);
        using var theirs = new SpanDspT38Terminal(calling: false, 0);
        var rx = Path.Combine(_dir, "spandsp-rx.tif");
        SpanDsp.t30_set_rx_file(theirs.T30, rx, -1);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanCompressions(T30Compression.MR));
        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(10)));
        Assert.True(session.Result.Code == T30CompletionCode.Ok, session.Result.Text);
        Assert.Equal(0, theirs.CompletionCode);
        Assert.Equal(3, session.Result.PagesConfirmed);
        Assert.Equal(3, theirs.Statistics.PagesRx);
        for (var i = 0; i < 3; i++)
            Assert.Equal(0, TiffPixels.DifferingRows(pages[i].Item1, rx, 0, i));
    }

    [Fact]
    public void Spandsp_sends_several_pages_and_we_receive_each()
    {
        var names = new[] { "itu4-fine", "itu5-fine", "itu6-std" };
        var multi = Path.Combine(_dir, "multi.tif");
        using (var tiffcp = System.Diagnostics.Process.Start("tiffcp", [.. names.Select(ItuCharts.Get), multi])!)
        {
            tiffcp.WaitForExit(10_000);
            Assert.Equal(0, tiffcp.ExitCode);
        }
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var sink = new SpanDspCodedPages([(multi, T30Resolution.Fine)], _dir);
        var session = new T30Session(Settings(caller: false, ecm: true, T30Compression.MMR), time, sink: sink);
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = 2 }, time);
        using var theirs = new SpanDspT38Terminal(calling: true, 2);
        SpanDsp.t30_set_tx_file(theirs.T30, multi, -1, -1);
        SpanDsp.t30_set_ecm_capability(theirs.T30, 1);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanCompressions(T30Compression.MMR));
        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(10)));
        Assert.True(session.Result.Code == T30CompletionCode.Ok, session.Result.Text);
        Assert.Equal(0, theirs.CompletionCode);
        Assert.Equal(3, session.Result.PagesConfirmed);
        Assert.Equal(3, sink.ReceivedFiles.Count);
        for (var i = 0; i < 3; i++)
            Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get(names[i]), sink.ReceivedFiles[i]));
    }
}
