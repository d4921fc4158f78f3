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
        AssertCutCleanly(interop, log, Index(interop, T30CommandKind.SendImage, 1));
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
            settings: s => s with { EcmMaxBurst = Timeout.InfiniteTimeSpan });
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
        AssertCutCleanly(interop, log, Index(interop, T30CommandKind.SendHdlc, 1));
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
    }

    /// <summary>
    /// The cut transmission stops within 40 ms of the DIS (the pump's turn-off: 32 symbols at 1600 baud, 20 ms, and the
    /// filter tail; at most one 20 ms block of our step), and the next one, DCS on V.21, starts after the 75 ms gap.
    /// </summary>
    private static void AssertCutCleanly(AudioFaxInteropTests interop, List<string> log, int index)
    {
        var heard = log.Single(l => l.Contains("DIS during our image transmission", StringComparison.Ordinal));
        var at = TimeSpan.FromSeconds(double.Parse(heard.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        var cut = interop.LastTransmissionTimes[index];
        Assert.InRange((cut.End - at).TotalMilliseconds, 0, 40);
        var next = interop.LastTransmissions[index + 1];
        Assert.Equal((T30CommandKind.SendHdlc, FaxModem.V21), (next.Kind, next.Modem));
        Assert.InRange((interop.LastTransmissionTimes[index + 1].Start - cut.End).TotalMilliseconds, 60, 100);
    }

    [Theory]
    [InlineData(FaxModem.V27ter4800, 8)]
    [InlineData(FaxModem.V17_14400, 30)]
    public void Ecm_pages_go_in_partial_pages_that_fit_the_receivers_t2(FaxModem modem, int framesPerBlock)
    {
        // T2 7 s → bursts of at most 5 s: itu1 standard MMR is 47 frames of 256 octets, at 4800 bit/s 8 per block
        // (6 blocks, PPS-NULL after the first five), at 14 400 (V.17 short training) 30 (2 blocks). spandsp takes the
        // short blocks by the frame count of each PPS and assembles the page exactly.
        using var interop = new AudioFaxInteropTests();
        var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm: true, SpanDsp.T30SupportAllModems, new LineModel("ulaw"), maxModem: modem);
        var why = string.Join("\n", log);
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{why}");
        Assert.Equal(0, theirs);
        Assert.Equal(1, stats.PagesRx);
        Assert.Equal(modem.BitRate(), stats.BitRate);
        var blocks = (47 + framesPerBlock - 1) / framesPerBlock;
        var pps = log.Where(l => l.Contains(" tx PPS", StringComparison.Ordinal)).ToList();
        Assert.Equal(blocks, pps.Count);
        // PPS FIF: FCF2 (NULL 00 until the last block, then EOP with the X bit), page, block, frames − 1 (T.30 §A.4.3).
        for (var b = 0; b < blocks; b++)
        {
            var frames = Math.Min(framesPerBlock, 47 - b * framesPerBlock);
            var fcf2 = b < blocks - 1 ? "00" : "2F";
            Assert.EndsWith($"[{fcf2}00{b:X2}{frames - 1:X2}]", pps[b]);
        }
        var bursts = interop.LastTransmissions.Select((t, i) => (t, i)).Where(x => x.t.Kind == T30CommandKind.SendHdlc && x.t.Modem != FaxModem.V21)
            .Select(x => interop.LastTransmissionTimes[x.i]).ToList();
        Assert.Equal(blocks, bursts.Count);
        Assert.All(bursts, b => Assert.True(b.End - b.Start <= TimeSpan.FromSeconds(5), $"a burst lasted {(b.End - b.Start).TotalSeconds:F2} s"));
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
    }

    [Theory]
    [InlineData(FaxModem.V27ter4800)]
    [InlineData(FaxModem.V17_14400)]
    public void A_loss_inside_a_partial_page_is_answered_with_ppr_and_only_the_lost_frames_are_sent_again(FaxModem modem)
    {
        // 100 ms vanish 2 s into the first burst: spandsp loses the carrier there and keeps the frames before it. Our
        // PPS-NULL reaches it before its T2 ends, it answers PPR with the frames it lacks, we send those, it answers MCF,
        // and the page goes on: one phase B in the whole call, the page exact.
        using var interop = new AudioFaxInteropTests();
        var line = new LineModel("alaw", Bursts: [new Burst(T30CommandKind.SendHdlc, 1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.1))]);
        var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm: true, SpanDsp.T30SupportAllModems, line, maxModem: modem);
        var why = string.Join("\n", log);
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{why}");
        Assert.Equal(0, theirs);
        Assert.Equal(1, stats.PagesRx);
        Assert.Equal(modem.BitRate(), stats.BitRate);
        Assert.Single(log, l => l.Contains("tx DCS", StringComparison.Ordinal));
        Assert.Single(log, l => l.Contains("rx PPR", StringComparison.Ordinal));
        Assert.InRange(ours.EcmRetransmittedFrames, 1, modem == FaxModem.V27ter4800 ? 8 : 30);
        Assert.Equal(0, ours.ImageTransmissionsAborted);
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
    }

    [Fact]
    public void After_four_pprs_ctc_continues_at_a_lower_rate_with_the_long_training()
    {
        // 100 ms vanish 1 s into each of the first four bursts of block 0 (V.17 14 400, 30 frames): four PPRs, each
        // with progress, so we send CTC at 12 000 (T.30 §A.4.4). After CTR the receiver expects the long training
        // (spandsp: "T.30 says we change back to long training here"); our bursts at 12 000 keep it, since no TCF
        // trained that rate (T.30 §5.3.2.3), and the session sizes those blocks for it. Block 1 then goes through at once.
        using var interop = new AudioFaxInteropTests();
        var bursts = Enumerable.Range(1, 4).Select(n => new Burst(T30CommandKind.SendHdlc, n, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1))).ToList();
        var (ours, theirs, stats, rx, log) = interop.Call("itu1-std", ecm: true, SpanDsp.T30SupportAllModems, new LineModel("alaw", Bursts: bursts));
        var why = string.Join("\n", log);
        Assert.True(ours.Code == T30CompletionCode.Ok, $"{ours.Code} {ours.Text}\n{why}");
        Assert.Equal(0, theirs);
        Assert.Equal(1, stats.PagesRx);
        Assert.Single(log, l => l.Contains(" tx CTC", StringComparison.Ordinal));
        Assert.Equal(4, log.Count(l => l.Contains(" rx PPR", StringComparison.Ordinal)));
        Assert.Equal(12000, stats.BitRate);
        var image = interop.LastTransmissions.Where(t => t.Kind == T30CommandKind.SendHdlc && t.Modem != FaxModem.V21).ToList();
        Assert.Equal(6, image.Count); // four bursts of block 0 at 14 400, its rest at 12 000, block 1
        Assert.All(image.Take(4), t => Assert.Equal((FaxModem.V17_14400, true), (t.Modem, t.ShortTraining)));
        Assert.All(image.Skip(4), t => Assert.Equal((FaxModem.V17_12000, false), (t.Modem, t.ShortTraining)));
        Assert.Equal(0, TiffPixels.DifferingRows(ItuCharts.Get("itu1-std"), rx));
    }
}
