using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.T30;

public class T30SessionEcmTests
{
    private static (T30Session Tx, T30Session Rx, T30Link Link, TestPages Sink) Pair(TestPages source, T30Settings? tx = null, T30Settings? rx = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sink = new TestPages();
        var txs = new T30Session((tx ?? new T30Settings()) with { IsCaller = true }, time, source: source);
        var rxs = new T30Session((rx ?? new T30Settings()) with { IsCaller = false }, time, sink: sink);
        return (txs, rxs, new T30Link(time, txs, rxs), sink);
    }

    [Fact]
    public void After_four_pprs_with_progress_the_transmitter_sends_ctc_at_a_lower_rate()
    {
        var source = TestPages.Random(1, 20 * 256, 7);
        var (tx, rx, link, sink) = Pair(source);
        // Frame 3 is lost in the first four bursts (PPR 1-4); frames 5 and 6 only in the first, so there is progress and CTC follows.
        var fcdSeen = 0;
        link.DropFromCaller = (frame, _) =>
        {
            if (frame[2] != T30Fcf.Fcd)
                return false;
            fcdSeen++;
            return frame[3] == 3 && fcdSeen < 26 || (fcdSeen <= 20 && frame[3] is 5 or 6);
        };
        link.Run(TimeSpan.FromMinutes(10));
        Assert.True(tx.Result.Code == T30CompletionCode.Ok, tx.Result.Text);
        Assert.Contains(link.Trace, t => t.StartsWith("A", StringComparison.Ordinal) && t.Contains("CTC", StringComparison.Ordinal));
        Assert.Equal(FaxModem.V17_12000, tx.Result.Modem);
        Assert.Equal(FaxModem.V17_12000, rx.Result.Modem);
        Assert.Equal(source.Encode(0, default).ToArray(), sink.Received[0]);
    }

    [Fact]
    public void Without_a_lower_rate_the_transmitter_ends_the_block_with_eor_and_the_page_is_not_confirmed()
    {
        var source = TestPages.Random(1, 10 * 256, 8);
        // One block of 10 frames (at 2400 bit/s the default partial page would hold 4).
        var (tx, rx, link, sink) = Pair(source, new T30Settings { Modems = ModemSupport.V27ter, MaxModem = FaxModem.V27ter2400, EcmMaxBurst = Timeout.InfiniteTimeSpan });
        link.DropFromCaller = (frame, _) => frame[2] == T30Fcf.Fcd && frame[3] == 4;
        link.Run(TimeSpan.FromMinutes(20));
        Assert.Contains(link.Trace, t => t.StartsWith("A", StringComparison.Ordinal) && t.Contains("EOR", StringComparison.Ordinal));
        Assert.Contains(link.Trace, t => t.StartsWith("B", StringComparison.Ordinal) && t.Contains("ERR", StringComparison.Ordinal));
        Assert.Equal(0, tx.Result.PagesConfirmed);
        Assert.Equal(0, tx.Result.FirstUnconfirmedPage);
        Assert.Equal(T30CompletionCode.TxEcmPhaseD, tx.Result.Code);
        // The receiver kept the page without the frame that never arrived.
        Assert.Single(sink.Received);
        Assert.Equal(9 * 256, sink.Received[0].Length);
    }

    [Fact]
    public void Crp_makes_the_transmitter_repeat_its_last_command()
    {
        var source = TestPages.Random(1, 1000, 9);
        var (tx, rx, link, _) = Pair(source, new T30Settings { Ecm = false });
        var first = true;
        // Corrupt the first EOP on the line: the receiver sees a bad FCS and asks for a repeat.
        link.CorruptFromCaller = frame =>
        {
            if (first && frame[2] == (T30Fcf.Eop | 1))
            {
                first = false;
                return true;
            }
            return false;
        };
        link.Run(TimeSpan.FromMinutes(5));
        Assert.True(tx.Result.Code == T30CompletionCode.Ok, tx.Result.Text);
        Assert.Contains(link.Trace, t => t.StartsWith("B", StringComparison.Ordinal) && t.Contains("CRP", StringComparison.Ordinal));
        Assert.Equal(2, link.Trace.Count(t => t.StartsWith("A", StringComparison.Ordinal) && t.Contains("EOP", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_calling_receiver_polls_a_called_transmitter_with_dtc()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var source = TestPages.Random(2, 3000, 10);
        var sink = new TestPages();
        var caller = new T30Session(new T30Settings { IsCaller = true }, time, sink: sink);
        var called = new T30Session(new T30Settings { IsCaller = false }, time, source: source);
        var link = new T30Link(time, caller, called);
        link.Run(TimeSpan.FromMinutes(5));
        Assert.True(called.Result.Code == T30CompletionCode.Ok, called.Result.Text);
        Assert.True(caller.Result.Code == T30CompletionCode.Ok, caller.Result.Text);
        Assert.Contains(link.Trace, t => t.StartsWith("A", StringComparison.Ordinal) && t.Contains("DTC", StringComparison.Ordinal));
        Assert.Equal(2, sink.Received.Count);
        Assert.Equal(source.Encode(1, default).ToArray(), sink.Received[1]);
    }

    [Theory]
    [InlineData(7, null, 4, 3)]     // T2 7 s → bursts ≤ 5 s: 0.94 s training + 0.2 s flags + 4 × 0.92 s
    [InlineData(12, null, 9, 2)]    // T2 12 s → bursts ≤ 10 s
    [InlineData(7, 2.5, 1, 10)]     // EcmMaxBurst 2.5 s: one frame per block
    [InlineData(7, -1.0, 10, 1)]    // Timeout.InfiniteTimeSpan: 256-frame blocks
    public void Ecm_blocks_are_cut_to_fit_the_burst_limit_derived_from_t2(int t2Seconds, double? maxBurstSeconds, int framesPerBlock, int blocks)
    {
        var source = TestPages.Random(1, 10 * 256, 12);
        var settings = new T30Settings
        {
            Modems = ModemSupport.V27ter,
            MaxModem = FaxModem.V27ter2400,
            Timers = new T30Timers { T2 = TimeSpan.FromSeconds(t2Seconds) },
            EcmMaxBurst = maxBurstSeconds switch { null => null, < 0 => Timeout.InfiniteTimeSpan, { } s => TimeSpan.FromSeconds(s) },
        };
        var (tx, _, link, sink) = Pair(source, settings);
        link.Run(TimeSpan.FromMinutes(20));
        Assert.True(tx.Result.Code == T30CompletionCode.Ok, tx.Result.Text);
        var pps = link.Trace.Where(t => t.StartsWith("A", StringComparison.Ordinal) && t.Contains("PPS", StringComparison.Ordinal)).ToList();
        Assert.Equal(blocks, pps.Count);
        // Every block but the last holds framesPerBlock frames (one burst each, nothing lost); the receiver assembled the page.
        var bursts = link.Trace.Where(t => t.StartsWith("A", StringComparison.Ordinal) && t.Contains("SendHdlc V27ter2400", StringComparison.Ordinal))
            .Select(t => t.Split("FCD").Length - 1).ToList();
        Assert.Equal(Enumerable.Range(0, blocks).Select(b => Math.Min(framesPerBlock, 10 - b * framesPerBlock)), bursts);
        Assert.Equal(source.Encode(0, default).ToArray(), sink.Received[0]);
    }

    [Fact]
    public void A_burst_limit_that_is_not_positive_is_refused()
    {
        var time = new FakeTimeProvider();
        Assert.Throws<ArgumentException>(() => new T30Session(new T30Settings { EcmMaxBurst = TimeSpan.Zero }, time, source: TestPages.Random(1, 10, 1)));
    }
}
