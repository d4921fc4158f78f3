using Gateway.Fax.T30;
using Gateway.Fax.T38;
using Gateway.Fax.Tests.T30;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.T38;

/// <summary>
/// What a whole call costs the sending T.38 terminal (its T.30 session included), measured with the thread's
/// allocation counter: the page is sent from where the page source holds it, so a call allocates far less than
/// its coded page in non-ECM, and in ECM about one array per frame (the FCD frame the session hands over), not
/// the frame's copies or a transmit buffer per page. Each figure is the fewest bytes of three calls: what a call
/// allocates it allocates in every call, a one-off runtime object on a loaded host in one.
/// </summary>
public class T38CallAllocationTests
{
    private const int PageOctets = 40_000;

    [Fact]
    public void A_non_ecm_call_allocates_far_less_than_its_page()
    {
        var bytes = Allocations.FewestMeasured(() =>
        {
            var (callBytes, result) = SendOnePage(ecm: false);
            Assert.True(result.Succeeded, result.Text);
            return callBytes;
        });
        TestContext.Current.TestOutputHelper?.WriteLine($"non-ECM call, sending terminal: {bytes} bytes");
        // Before the page was sent in place, the terminal copied it into a 64 KB pooled buffer (a new one whenever the
        // shared pool ran dry under load), growing it 4 -> 8 -> 16 -> 32 -> 64 KB.
        Assert.True(bytes < PageOctets / 4, $"{bytes} bytes for a {PageOctets}-octet page");
    }

    [Fact]
    public void An_ecm_call_allocates_about_one_frame_array_per_frame()
    {
        var bytes = Allocations.FewestMeasured(() =>
        {
            var (callBytes, result) = SendOnePage(ecm: true);
            Assert.True(result.Succeeded, result.Text);
            Assert.True(result.Ecm);
            return callBytes;
        });
        TestContext.Current.TestOutputHelper?.WriteLine($"ECM call, sending terminal: {bytes} bytes");
        // 157 FCD frames of 256 octets (4 octets of header each) are 41 KB; each used to be built three times
        // (FIF, the frame's copy, its octets) and copied once more into the transmit buffer.
        Assert.True(bytes < PageOctets * 3 / 2, $"{bytes} bytes for a {PageOctets}-octet page");
    }

    // One page between two of our terminals, IFP by IFP in memory; only the sending terminal's work is measured.
    private static (long Bytes, T30Result Result) SendOnePage(bool ecm)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = TestPages.Random(1, PageOctets, 5);
        source.Format = new T30PageFormat(T30Resolution.Standard, Gateway.Fax.T30.Frames.RecordingWidth.A4);
        var options = new T38TerminalOptions { Version = 0 };
        var tx = new T38Terminal(new T30Session(new T30Settings { IsCaller = true, Ecm = ecm }, time, source: source), options, time);
        var rx = new T38Terminal(new T30Session(new T30Settings { IsCaller = false, Ecm = ecm }, time, sink: new TestPages()), options, time);
        var ifp = new byte[Math.Max(tx.MaxPacketSize, rx.MaxPacketSize)];
        var (toRx, toTx) = (0, 0);
        var measured = 0L;
        var mark = GC.GetAllocatedBytesForCurrentThread();
        tx.Start();
        measured += GC.GetAllocatedBytesForCurrentThread() - mark;
        rx.Start();
        for (var step = 0; step < 100_000 && !(tx.IsCompleted && rx.IsCompleted); step++)
        {
            mark = GC.GetAllocatedBytesForCurrentThread();
            tx.Tick();
            while (tx.TryGetPacket(ifp, out var n))
            {
                measured += GC.GetAllocatedBytesForCurrentThread() - mark;
                rx.OnIfp(ifp.AsSpan(0, n), toRx++);
                mark = GC.GetAllocatedBytesForCurrentThread();
            }
            measured += GC.GetAllocatedBytesForCurrentThread() - mark;
            rx.Tick();
            while (rx.TryGetPacket(ifp, out var n))
            {
                mark = GC.GetAllocatedBytesForCurrentThread();
                tx.OnIfp(ifp.AsSpan(0, n), toTx++);
                measured += GC.GetAllocatedBytesForCurrentThread() - mark;
            }
            time.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.True(tx.IsCompleted && rx.IsCompleted);
        return (measured, tx.Session.Result);
    }
}
