using Gateway.Fax.T30;
using Gateway.Fax.T38;
using Gateway.Testing.SpanDsp;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.Interop;

/// <summary>
/// Faxes between our terminal and spandsp's through UDPTL with packet loss in both directions: 50 calls per
/// configuration (alternating direction and ECM), fixed seeds so the figures are reproducible. The success
/// rates are written to the test output and docs/fax-t30-t38.md.
/// </summary>
public class LossyT38Tests(ITestOutputHelper output)
{
    private const int Calls = 50;

    [Theory]
    [InlineData(0.01, 1.0, UdptlErrorCorrection.Redundancy, 1.00)]
    [InlineData(0.05, 1.0, UdptlErrorCorrection.Redundancy, 1.00)]
    [InlineData(0.10, 1.0, UdptlErrorCorrection.Redundancy, 0.99)]
    [InlineData(0.10, 3.0, UdptlErrorCorrection.Redundancy, 0.88)]
    [InlineData(0.01, 1.0, UdptlErrorCorrection.Fec, 1.00)]
    [InlineData(0.05, 1.0, UdptlErrorCorrection.Fec, 1.00)]
    [InlineData(0.10, 1.0, UdptlErrorCorrection.Fec, 0.99)]
    [InlineData(0.10, 3.0, UdptlErrorCorrection.Fec, 0.82)]
    public void Faxes_survive_packet_loss(double loss, double burst, UdptlErrorCorrection ec, double required)
    {
        var ok = 0;
        var failures = new List<string>();
        for (var call = 0; call < Calls; call++)
        {
            var (success, why) = RunCall(call, loss, burst, ec);
            if (success)
                ok++;
            else
                failures.Add($"call {call}: {why}");
        }
        var rate = ok / (double)Calls;
        output.WriteLine($"loss {loss:P0} burst {burst} {ec}: {ok}/{Calls} ({rate:P0})");
        foreach (var f in failures)
            output.WriteLine(f);
        Assert.True(rate >= required, $"{ok}/{Calls} succeeded at {loss:P0} loss (burst {burst}, {ec}); need {required:P0}.\n{string.Join("\n", failures)}");
    }

    private static (bool, string) RunCall(int call, double loss, double burst, UdptlErrorCorrection ec)
    {
        var weSend = call % 2 == 0;
        var ecm = call % 4 < 2;
        var tiff = ItuCharts.Get("itu1-std");
        var dir = Directory.CreateTempSubdirectory("t38-loss-").FullName;
        try
        {
            var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
            var udptl = new UdptlOptions { ErrorCorrection = ec, MaxDatagram = 400 };
            var pages = new SpanDspCodedPages(tiff, T30Resolution.Standard, dir);
            var settings = new T30Settings { IsCaller = weSend, Ecm = ecm };
            var session = weSend ? new T30Session(settings, time, source: pages) : new T30Session(settings, time, sink: pages);
            var ours = new T38Terminal(session, new T38TerminalOptions { Version = 0, MaxIfpSize = new UdptlSender(udptl).MaxIfpSize }, time);
            using var theirs = new SpanDspT38Terminal(calling: !weSend, version: 0);
            var rx = Path.Combine(dir, "spandsp-rx.tif");
            if (weSend)
                SpanDsp.t30_set_rx_file(theirs.T30, rx, -1);
            else
                SpanDsp.t30_set_tx_file(theirs.T30, tiff, -1, -1);
            SpanDsp.t30_set_ecm_capability(theirs.T30, ecm ? 1 : 0);
            SpanDsp.t30_set_supported_compressions(theirs.T30, SpanDsp.T30SupportT4_1D | SpanDsp.T30SupportT4_2D | SpanDsp.T30SupportT6);
            var lossA = new LossModel(loss, burst, 1000 + call);
            var lossB = new LossModel(loss, burst, 2000 + call);
            var link = new T38Call(time, ours, theirs, T38Path.Udptl(udptl, lossA.Drop), T38Path.Udptl(udptl, lossB.Drop));
            if (!link.Run(TimeSpan.FromMinutes(4)))
                return (false, $"did not finish ({session.Result.Code}: {session.Result.Text}; spandsp {theirs.CompletionCode})");
            if (session.Result.Code != T30CompletionCode.Ok || theirs.CompletionCode != 0)
                return (false, $"ours {session.Result.Code} ({session.Result.Text}), spandsp {SpanDsp.CompletionText(theirs.CompletionCode ?? -1)}");
            // A confirmed page must also be the right page: non-ECM pages may lose rows to the network and still be accepted.
            var received = weSend ? rx : pages.ReceivedFiles.Single();
            var bad = TiffPixels.DifferingRows(tiff, received);
            return ecm && bad != 0 ? (false, $"ECM page differs in {bad} rows") : (true, "");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
