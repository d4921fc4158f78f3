using System.Runtime.InteropServices;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Fax.T38;
using Gateway.Fax.Tests.Coding;
using Gateway.Testing.SpanDsp;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.Interop;

/// <summary>
/// Every field of <see cref="T30Result"/> the issue lists, filled from a real call with libspandsp 0.0.6:
/// completion code and text, pages sent and confirmed, rate, ECM and frame size, resolution, coding, the far
/// end's ident and NSF vendor, bad rows, and the time per phase adding up to the call's duration.
/// </summary>
public sealed partial class T30ResultInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("result-t38-").FullName;

    [LibraryImport(SpanDsp.Library)]
    private static unsafe partial int t30_set_tx_nsf(IntPtr s, byte* nsf, int len);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public unsafe void Transmitter_result_reports_the_call_as_spandsp_saw_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pages = new FaxDocument([ChartPages.Load("itu1-fine"), ChartPages.Load("itu2-fine")]);
        var session = new T30Session(new T30Settings { IsCaller = true, LocalIdent = "+1 555 0100", EcmFrameSize = 64 }, time, source: new FaxDocumentPageSource(pages));
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = 2 }, time);
        using var theirs = new SpanDspT38Terminal(calling: false, 2);
        SpanDsp.t30_set_rx_file(theirs.T30, Path.Combine(_dir, "rx.tif"), -1);
        SpanDsp.t30_set_tx_ident(theirs.T30, "+49 30 1234567");
        SpanDsp.t30_set_ecm_capability(theirs.T30, 1);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | SpanDsp.T30SupportT6);
        // NSF: T.35 country 0xAD, provider 0x0036, then vendor bytes (sent as given, T.30 §5.3.6.2.2).
        byte[] nsf = [0xAD, 0x00, 0x36, 0x12, 0x34, 0x56];
        fixed (byte* p = nsf)
            t30_set_tx_nsf(theirs.T30, p, nsf.Length);

        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(10)), $"ours {session.Result.Code}; spandsp {theirs.CompletionCode}");

        T30Result result = session.Result;
        Assert.Equal(T30CompletionCode.Ok, result.Code);
        Assert.True(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.Text));
        Assert.Equal(0, theirs.CompletionCode);
        Assert.Equal(2, result.PagesTransferred);
        Assert.Equal(2, result.PagesConfirmed);
        Assert.Null(result.FirstUnconfirmedPage);
        Assert.Equal(theirs.Statistics.PagesRx, result.PagesConfirmed);
        Assert.Equal(theirs.Statistics.BitRate, result.BitRate);
        Assert.Equal(FaxModem.V17_14400, result.Modem);
        Assert.True(result.Ecm);
        Assert.Equal(64, result.EcmFrameSize);
        Assert.Equal(T30Resolution.Fine, result.Resolution);
        Assert.Equal(T30Compression.MMR, result.Compression);
        Assert.Equal("+49 30 1234567", result.RemoteIdent);
        Assert.Equal("AD:0036", result.RemoteNsfVendor);
        Assert.Equal(0, result.BadRows);
        AssertPhaseTimes(result);
    }

    [Fact]
    public void Receiver_result_counts_the_bad_rows_of_a_damaged_page()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var sink = new FaxPageSink(maxBadRowRatio: 0.2);
        var badRowsSeen = 0;
        sink.PageReceived += (_, _, bad) => badRowsSeen += bad;
        var session = new T30Session(new T30Settings { IsCaller = false, LocalIdent = "+1 555 0199", Ecm = false }, time, sink: sink);
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = 0 }, time);
        using var theirs = new SpanDspT38Terminal(calling: true, 0);
        SpanDsp.t30_set_tx_file(theirs.T30, ItuCharts.Get("itu1-std"), -1, -1);
        SpanDsp.t30_set_tx_ident(theirs.T30, "+1 555 0100");
        SpanDsp.t30_set_ecm_capability(theirs.T30, 0);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D);

        // Flip a bit in the last octet of three image-data packets well after training (TCF is 1.5 s,
        // about 75 data packets): the line noise a non-ECM page meets. IFP headers stay intact.
        var dataPackets = 0;
        var toUs = T38Path.Direct();
        toUs.Alter = (ifp, _) =>
        {
            if (ifp.Length > 30 && ++dataPackets is 150 or 200 or 250)
            {
                var copy = (byte[])ifp.Clone();
                copy[^1] ^= 0x10;
                return copy;
            }

            return ifp;
        };
        var call = new T38Call(time, ours, theirs, T38Path.Direct(), toUs);
        Assert.True(call.Run(TimeSpan.FromMinutes(10)), $"ours {session.Result.Code}; spandsp {theirs.CompletionCode}");

        T30Result result = session.Result;
        Assert.Equal(T30CompletionCode.Ok, result.Code);
        Assert.Equal(1, result.PagesConfirmed);
        Assert.Equal(T30Resolution.Standard, result.Resolution);
        Assert.Equal(T30Compression.MR, result.Compression);
        Assert.False(result.Ecm);
        Assert.Equal(0, result.EcmFrameSize);
        Assert.Equal("+1 555 0100", result.RemoteIdent);
        Assert.Null(result.RemoteNsfVendor);
        Assert.InRange(result.BadRows, 1, 100);
        Assert.Equal(badRowsSeen, result.BadRows);
        FaxPage received = Assert.Single(sink.Pages);
        Assert.InRange(ChartPages.Load("itu1-std").CountDifferingRows(received), 1, 200);
        AssertPhaseTimes(result);
    }

    // T.30 §2.2: B (capabilities, training), C (the page), D (post-page) all take time; E closes the call
    // and A (set-up) is the call layer's, so B + C + D is the whole session.
    private static void AssertPhaseTimes(T30Result result)
    {
        Assert.True(result.Duration > TimeSpan.FromSeconds(5), result.Duration.ToString());
        foreach (T30Phase phase in new[] { T30Phase.B, T30Phase.C, T30Phase.D })
            Assert.True(result.PhaseTimes.GetValueOrDefault(phase) > TimeSpan.Zero, $"phase {phase}");
        Assert.Equal(result.Duration, result.PhaseTimes.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b));
    }
}
