using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Fax.T38;
using Gateway.Fax.Tests.Coding;
using Gateway.Testing.SpanDsp;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.Interop;

/// <summary>
/// Whole T.38 faxes with our own page coding on both sides: a two-page document from
/// <see cref="FaxDocumentPageSource"/> to libspandsp's receiver, and spandsp's sender to our
/// <see cref="FaxPageSink"/>, compared pixel for pixel.
/// </summary>
public sealed class DocumentT38InteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("doc-t38-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static T30Settings Settings(bool caller, bool ecm) => new()
    {
        IsCaller = caller,
        LocalIdent = caller ? "+1 555 0100" : "+1 555 0199",
        Ecm = ecm,
    };

    [Theory]
    [InlineData(false, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D)]
    [InlineData(true, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | SpanDsp.T30SupportT6)]
    public void Spandsp_receives_a_two_page_document_coded_by_us_pixel_identical(bool ecm, int compressions)
    {
        FaxPage first = ChartPages.Load("itu1-fine");
        FaxPage second = ChartPages.Load("itu2-fine");
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var session = new T30Session(Settings(caller: true, ecm), time, source: new FaxDocumentPageSource(new FaxDocument([first, second])));
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = 0 }, time);
        using var theirs = new SpanDspT38Terminal(calling: false, 0);
        string rx = Path.Combine(_dir, "rx.tif");
        SpanDsp.t30_set_rx_file(theirs.T30, rx, -1);
        SpanDsp.t30_set_ecm_capability(theirs.T30, 1);
        SpanDsp.t30_set_supported_compressions(theirs.T30, compressions);

        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(5)), $"ours {session.Result.Code} {session.Result.Text}; spandsp {theirs.CompletionCode}");

        Assert.True(session.Result.Code == T30CompletionCode.Ok, session.Result.Text);
        Assert.Equal(2, session.Result.PagesConfirmed);
        Assert.Equal(2, theirs.Statistics.PagesRx);
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-fine"), rx, 0, 0));
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu2-fine"), rx, 0, 1));
    }

    [Fact]
    public void Our_sink_receives_spandsp_pages_pixel_identical()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var sink = new FaxPageSink();
        var session = new T30Session(Settings(caller: false, ecm: true), time, sink: sink);
        var ours = new T38Terminal(session, new T38TerminalOptions { Version = 0 }, time);
        using var theirs = new SpanDspT38Terminal(calling: true, 0);
        SpanDsp.t30_set_tx_file(theirs.T30, ItuCharts.Get("itu3-std"), -1, -1);
        SpanDsp.t30_set_ecm_capability(theirs.T30, 1);
        SpanDsp.t30_set_supported_compressions(theirs.T30, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | SpanDsp.T30SupportT6);

        var call = new T38Call(time, ours, theirs, T38Path.Direct(), T38Path.Direct());
        Assert.True(call.Run(TimeSpan.FromMinutes(5)), $"ours {session.Result.Code} {session.Result.Text}; spandsp {theirs.CompletionCode}");

        Assert.True(session.Result.Code == T30CompletionCode.Ok, session.Result.Text);
        FaxPage received = Assert.Single(sink.Pages);
        Assert.Equal(0, ChartPages.Load("itu3-std").CountDifferingRows(received));
    }
}
