using Gateway.Fax.T30;
using Gateway.Fax.Tests.Interop;
using Gateway.Testing.SpanDsp;
using Xunit;

namespace Gateway.Fax.Tests.Modems.Pump;

/// <summary>
/// What our sender does when the line destroys part of one of its image transmissions, against libspandsp 0.0.6's
/// audio receiver: one chosen transmission is hit (<see cref="Burst"/>), everything else is clean, so each case is
/// deterministic. spandsp's receiver loses the carrier in the gap and cannot retrain on the data that follows; its
/// T2 (7 s) starts, and when it runs out it goes back to phase B and sends DIS — but only once the line is quiet:
/// spandsp queues its phase-B transmission until its receiver no longer hears a signal (our image signal keeps its
/// V.21 receiver's carrier up), so it talks over us only when its T2 ends inside an outage.
/// </summary>
public sealed class AudioFaxRecoveryTests
{
    /// <summary>T30_ERR_RX_T2EXPMPS in spandsp 0.0.6's t30.h.</summary>
    private const int SpanDspT2ExpiredWaitingForPage = 32;

    private static int Index(AudioFaxInteropTests interop, T30CommandKind kind, int occurrence) =>
        interop.LastTransmissions.Select((t, i) => (t, i)).Where(x => x.t.Kind == kind && x.t.Modem != FaxModem.V21).Skip(occurrence - 1).First().i;

    [Fact]
    public void A_non_ecm_page_stops_when_the_receiver_sends_dis_during_it_and_is_sent_again()
    {
        // V.27 ter 4800, itu1 standard MR: a 27 s page. The line to spandsp is dead from 2 s to 9.5 s into it (after the
        // 0.7 s training); spandsp loses the carrier, its T2 runs out 7 s later in the silence and it sends CSI + DIS
        // while we are still sending. We stop the page at once (turn-off), train again and send the page again.
        using var interop = new AudioFaxInteropTests();
        var line = new LineModel("alaw", Bursts: [new Burst(T30CommandKind.SendImage, 1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9.5))]);
        var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm: false, SpanDsp.T30SupportAllModems, line, maxModem: FaxModem.V27ter4800, spandspLog: true);
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{string.Join("\n", log)}");
        var why = string.Join("\n", log);
        // spandsp 0.0.6 keeps the status its T2 expiry set ("T2 expired while waiting for next fax page") after the
        // page it then receives perfectly; the page count and the pixels are what count.
        Assert.True(theirs is 0 or SpanDspT2ExpiredWaitingForPage, $"spandsp {SpanDsp.CompletionText(theirs ?? -1)}\n{why}");
        Assert.True(stats.PagesRx == 1, why);
        Assert.Equal(4800, stats.BitRate);
        Assert.Equal(2, log.Count(l => l.Contains("tx DCS", StringComparison.Ordinal)));
        Assert.True(ours.ImageTransmissionsAborted == 1, why);
        var first = interop.LastTransmissionTimes[Index(interop, T30CommandKind.SendImage, 1)];
        var second = interop.LastTransmissionTimes[Index(interop, T30CommandKind.SendImage, 2)];
        // The cut page ended within a second of the DIS (2.1 s + T2 7 s + the DIS frame ≈ 10-11 s in), not after 27 s.
        Assert.InRange((first.End - first.Start).TotalSeconds, 9, 13);
        Assert.True((second.End - second.Start).TotalSeconds > 25, $"the resent page lasted {second.End - second.Start}");
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
    }

    [Fact]
    public void An_ecm_burst_stops_when_the_receiver_sends_dis_during_it_and_the_page_is_sent_again()
    {
        // V.27 ter 4800 with ECM, one 256-frame block allowed per burst: itu1 standard MMR is 47 frames, a 21 s burst.
        // The line to spandsp is dead from 2 s to 9.5 s in; spandsp's DIS comes ≈ 11 s in; we end the burst (its HDLC
        // frame is aborted by the turn-off's marking ones), train again and send the page from its first block.
        using var interop = new AudioFaxInteropTests();
        var line = new LineModel("alaw", Bursts: [new Burst(T30CommandKind.SendHdlc, 1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9.5))]);
        var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm: true, SpanDsp.T30SupportAllModems, line, maxModem: FaxModem.V27ter4800, spandspLog: true,
            settings: s => s with { EcmMaxBurst = TimeSpan.FromMinutes(2) });
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{string.Join("\n", log)}");
        var why = string.Join("\n", log);
        // spandsp 0.0.6 keeps the status its T2 expiry set ("T2 expired while waiting for next fax page") after the
        // page it then receives perfectly; the page count and the pixels are what count.
        Assert.True(theirs is 0 or SpanDspT2ExpiredWaitingForPage, $"spandsp {SpanDsp.CompletionText(theirs ?? -1)}\n{why}");
        Assert.True(stats.PagesRx == 1, why);
        Assert.Equal(2, log.Count(l => l.Contains("tx DCS", StringComparison.Ordinal)));
        Assert.True(ours.ImageTransmissionsAborted == 1, why);
        var first = interop.LastTransmissionTimes[Index(interop, T30CommandKind.SendHdlc, 1)];
        Assert.InRange((first.End - first.Start).TotalSeconds, 9, 13);
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
    }
}
