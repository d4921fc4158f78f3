using System.Runtime.InteropServices;
using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Fax.T38;
using Gateway.Fax.Tests.Coding;
using Gateway.Testing.SpanDsp;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.Interop;

/// <summary>
/// 300 × 300, R16 and superfine negotiated with libspandsp 0.0.6 (T.30 Table 2 bits 41-45): pages go at
/// their own resolution when spandsp offers it (t30_set_supported_resolutions) and are resampled to the
/// best one it offers otherwise; what spandsp writes must be pixel-identical to what we meant to send.
/// </summary>
public sealed partial class ResolutionT38InteropTests : IDisposable
{
    // spandsp/t30.h T30_SUPPORT_*_RESOLUTION.
    private const int Standard = 0x01, Fine = 0x02, Superfine = 0x04, R8 = 0x20000, R16 = 0x40000, R300x300 = 0x100000, R400x400 = 0x200000;
    private const int AllR8 = Standard | Fine | Superfine | R8;

    // T30_SUPPORT_*_WIDTH and lengths (spandsp/t30.h).
    private const int Width215 = 0x01, Width255 = 0x02, Width303 = 0x04, AnyLength = 0x10000 | 0x20000 | 0x40000 | 0x80000 | 0x100000;

    private readonly string _dir = Directory.CreateTempSubdirectory("res-t38-").FullName;

    [LibraryImport(SpanDsp.Library)]
    private static partial int t30_set_supported_resolutions(IntPtr s, int resolutions);

    [LibraryImport(SpanDsp.Library)]
    private static partial int t30_set_supported_image_sizes(IntPtr s, int sizes);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<FaxResolution, int, FaxResolution, bool> SendCases() => new()
    {
        // page resolution, what spandsp offers, what must arrive, ECM (MMR) or not (MR)
        { FaxResolution.R300, AllR8 | R300x300, FaxResolution.R300, true },
        { FaxResolution.R16, AllR8 | R16 | R400x400, FaxResolution.R16, true },
        { FaxResolution.R16, AllR8 | R16 | R400x400, FaxResolution.R16, false },
        { FaxResolution.Superfine, AllR8, FaxResolution.Superfine, false },
        { FaxResolution.R16, AllR8, FaxResolution.Superfine, true },
        { FaxResolution.R300, AllR8, FaxResolution.Fine, true },
        { FaxResolution.Superfine, Standard | Fine | R8, FaxResolution.Fine, true },
    };

    [Theory]
    [MemberData(nameof(SendCases))]
    public void Spandsp_receives_the_page_at_the_best_resolution_it_offers_pixel_identical(FaxResolution pageResolution, int offered, FaxResolution expected, bool ecm)
    {
        FaxPage page = ChartAt(pageResolution);
        FaxPage sent = FaxPageResampler.Resample(page, expected, expected.PelsPerLine(FaxPageWidth.A4));
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var settings = new T30Settings { IsCaller = true, Ecm = ecm, LocalIdent = "+1 555 0100" };
        var session = new T30Session(settings, time, source: new FaxDocumentPageSource(new FaxDocument([page])));
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = 0 }, time);
        using var theirs = new SpanDspT38Terminal(calling: false, 0);
        string rx = Path.Combine(_dir, "rx.tif");
        SpanDsp.t30_set_rx_file(theirs.T30, rx, -1);
        SpanDsp.t30_set_ecm_capability(theirs.T30, 1);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | SpanDsp.T30SupportT6);
        t30_set_supported_resolutions(theirs.T30, offered);
        if (Environment.GetEnvironmentVariable("GATEWAY_SPANDSP_LOG") == "1")
            theirs.EnableLogging("spandsp");

        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(10)), $"ours {session.Result.Code} {session.Result.Text}; spandsp {theirs.CompletionCode}");

        Assert.True(session.Result.Code == T30CompletionCode.Ok, session.Result.Text);
        Assert.True(theirs.CompletionCode == 0, SpanDsp.CompletionText(theirs.CompletionCode ?? -1));
        Assert.Equal(FaxDocumentPageSource.ToT30(expected), session.Result.Resolution);
        (int x, int y) = SpanDspResolution(expected);
        Assert.Equal(x, theirs.Statistics.XResolution);
        Assert.Equal(y, theirs.Statistics.YResolution);
        Assert.Equal(0, Received(rx, expected).CountDifferingRows(sent));
    }

    public static TheoryData<FaxResolution, FaxPageWidth, int, FaxPageWidth> WidthCases() => new()
    {
        // page resolution and width, widths spandsp offers, width that must arrive
        { FaxResolution.Fine, FaxPageWidth.A3, Width215 | Width255 | Width303, FaxPageWidth.A3 },
        { FaxResolution.Fine, FaxPageWidth.A3, Width215, FaxPageWidth.A4 },
        { FaxResolution.R16, FaxPageWidth.B4, Width215 | Width255, FaxPageWidth.B4 },
        { FaxResolution.R16, FaxPageWidth.B4, Width215, FaxPageWidth.A4 },
    };

    [Theory]
    [MemberData(nameof(WidthCases))]
    public void A_wide_page_arrives_at_the_widest_recording_width_spandsp_offers_pixel_identical(FaxResolution resolution, FaxPageWidth pageWidth, int offered, FaxPageWidth expected)
    {
        FaxPage page = FaxPageResampler.Resample(ChartPages.Load("itu1-fine"), resolution, resolution.PelsPerLine(pageWidth));
        FaxPage sent = FaxPageResampler.Resample(page, resolution, resolution.PelsPerLine(expected));
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var session = new T30Session(new T30Settings { IsCaller = true, LocalIdent = "+1 555 0100" }, time, source: new FaxDocumentPageSource(new FaxDocument([page])));
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = 2 }, time);
        using var theirs = new SpanDspT38Terminal(calling: false, 2);
        string rx = Path.Combine(_dir, "rx.tif");
        SpanDsp.t30_set_rx_file(theirs.T30, rx, -1);
        SpanDsp.t30_set_ecm_capability(theirs.T30, 1);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | SpanDsp.T30SupportT6);
        t30_set_supported_resolutions(theirs.T30, AllR8 | R16 | R300x300);
        t30_set_supported_image_sizes(theirs.T30, offered | AnyLength);

        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(10)), $"ours {session.Result.Code} {session.Result.Text}; spandsp {theirs.CompletionCode}");

        Assert.True(session.Result.Code == T30CompletionCode.Ok, session.Result.Text);
        Assert.True(theirs.CompletionCode == 0, SpanDsp.CompletionText(theirs.CompletionCode ?? -1));
        Assert.Equal(resolution.PelsPerLine(expected), theirs.Statistics.Width);
        Assert.Equal(0, Received(rx, resolution).CountDifferingRows(sent));
    }

    [Theory]
    [InlineData(FaxResolution.R300)]
    [InlineData(FaxResolution.R16)]
    [InlineData(FaxResolution.Superfine)]
    public void We_receive_a_spandsp_page_at_its_own_resolution_pixel_identical(FaxResolution resolution)
    {
        FaxPage page = ChartAt(resolution);
        string tx = Path.Combine(_dir, "tx.tif");
        using (FileStream file = File.Create(tx))
            FaxTiff.Write(new FaxDocument([page]), file);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var sink = new FaxPageSink();
        var session = new T30Session(new T30Settings { IsCaller = false, Ecm = true, LocalIdent = "+1 555 0199" }, time, sink: sink);
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = 0 }, time);
        using var theirs = new SpanDspT38Terminal(calling: true, 0);
        SpanDsp.t30_set_tx_file(theirs.T30, tx, -1, -1);
        SpanDsp.t30_set_ecm_capability(theirs.T30, 1);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | SpanDsp.T30SupportT6);
        t30_set_supported_resolutions(theirs.T30, AllR8 | R16 | R300x300 | R400x400);
        if (Environment.GetEnvironmentVariable("GATEWAY_SPANDSP_LOG") == "1")
            theirs.EnableLogging("spandsp");

        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(10)), $"ours {session.Result.Code} {session.Result.Text}; spandsp {theirs.CompletionCode}");

        Assert.True(session.Result.Code == T30CompletionCode.Ok, session.Result.Text);
        Assert.True(theirs.CompletionCode == 0, SpanDsp.CompletionText(theirs.CompletionCode ?? -1));
        Assert.Equal(FaxDocumentPageSource.ToT30(resolution), session.Result.Resolution);
        FaxPage received = Assert.Single(sink.Pages);
        Assert.Equal(page.Width, received.Width);
        Assert.Equal(0, received.CountDifferingRows(page));
    }

    /// <summary>itu1 (fine) redrawn at <paramref name="resolution"/>: a real chart with the pel counts of the resolution.</summary>
    private static FaxPage ChartAt(FaxResolution resolution)
    {
        FaxPage fine = ChartPages.Load("itu1-fine");
        return FaxPageResampler.Resample(fine, resolution, resolution.PelsPerLine(FaxPageWidth.A4));
    }

    /// <summary>spandsp's T4_X_RESOLUTION_* / T4_Y_RESOLUTION_* (pels per metre) for a resolution.</summary>
    private static (int X, int Y) SpanDspResolution(FaxResolution resolution) => resolution switch
    {
        FaxResolution.Standard => (8031, 3850),
        FaxResolution.Fine => (8031, 7700),
        FaxResolution.Superfine => (8031, 15400),
        FaxResolution.R300 => (11811, 11811),
        _ => (16063, 15400),
    };

    private static FaxPage Received(string tiff, FaxResolution resolution)
    {
        (int width, int height, byte[][] rows) = TiffPixels.Read(tiff);
        int stride = FaxPage.StrideFor(width);
        byte[] bits = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (rows[y][x] != 0)
                    bits[(y * stride) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
            }
        }

        return new FaxPage(width, height, resolution, bits);
    }
}
