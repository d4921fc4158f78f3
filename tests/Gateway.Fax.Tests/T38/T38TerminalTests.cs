using Gateway.Fax.T30;
using Gateway.Fax.T38;
using Gateway.Fax.Tests.T30;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.T38;

public class T38TerminalTests
{
    /// <summary>Two of our terminals back to back through UDPTL; every IFP each side sends is recorded with its time.</summary>
    private static (T38Terminal Tx, T38Terminal Rx, List<(TimeSpan At, IfpPacket Packet)> Sent, TestPages Sink) Run(bool ecm, int version)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = TestPages.Random(1, 3000, 11);
        source.Format = new T30PageFormat(T30Resolution.Standard, Gateway.Fax.T30.Frames.RecordingWidth.A4);
        var sink = new TestPages();
        var options = new T38TerminalOptions { Version = version, MaxIfpSize = 98 };
        var tx = new T38Terminal(new T30Session(new T30Settings { IsCaller = true, Ecm = ecm }, time, source: source), options, time);
        var rx = new T38Terminal(new T30Session(new T30Settings { IsCaller = false, Ecm = ecm }, time, sink: sink), options, time);
        var sent = new List<(TimeSpan, IfpPacket)>();
        var udptl = new UdptlOptions();
        var (toRx, toTx) = (new UdptlSender(udptl), new UdptlSender(udptl));
        var (atRx, atTx) = (new UdptlReceiver(), new UdptlReceiver());
        tx.Start();
        rx.Start();
        for (var step = 0; step < 20_000 && !(tx.IsCompleted && rx.IsCompleted); step++)
        {
            tx.Tick();
            rx.Tick();
            var moved = true;
            while (moved)
            {
                moved = false;
                while (tx.TryGetPacket(out var ifp))
                {
                    moved = true;
                    Assert.True(IfpCodec.TryDecode(ifp, version, out var p, out _));
                    Assert.True(ifp.Length <= options.MaxIfpSize);
                    sent.Add((time.GetUtcNow() - DateTimeOffset.UnixEpoch, p));
                    atRx.Receive(toRx.Send(ifp), (seq, data) => rx.OnIfp(data.Span, seq));
                }
                while (rx.TryGetPacket(out var ifp))
                {
                    moved = true;
                    atTx.Receive(toTx.Send(ifp), (seq, data) => tx.OnIfp(data.Span, seq));
                }
            }
            time.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.True(tx.Session.Result.Succeeded, tx.Session.Result.Text);
        Assert.True(rx.Session.Result.Succeeded, rx.Session.Result.Text);
        return (tx, rx, sent, sink);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 2)]
    public void Waits_at_least_one_second_after_v21_preamble_before_hdlc_data(bool ecm, int version)
    {
        var (_, _, sent, _) = Run(ecm, version);
        var preambles = 0;
        for (var i = 0; i < sent.Count; i++)
        {
            if (sent[i].Packet.Indicator != T38Indicator.V21Preamble)
                continue;
            var firstData = sent.Skip(i).First(s => !s.Packet.IsIndicator);
            Assert.Equal(T38DataType.V21, firstData.Packet.DataType);
            Assert.True(firstData.At - sent[i].At >= TimeSpan.FromSeconds(1), $"HDLC data {((firstData.At - sent[i].At).TotalMilliseconds)} ms after the preamble");
            preambles++;
        }
        Assert.True(preambles >= 3); // DCS, post-page command, DCN
    }

    [Fact]
    public void Pads_a_non_ecm_page_with_forty_ms_of_zeros_then_sig_end_then_no_signal()
    {
        var (_, _, sent, sink) = Run(ecm: false, version: 0);
        // The page follows the last training indicator (the first one is TCF's).
        var pageStart = sent.FindLastIndex(s => s.Packet.Indicator is T38Indicator.V17_14400ShortTraining or T38Indicator.V17_14400LongTraining);
        var pageEnd = sent.FindIndex(pageStart, s => !s.Packet.IsIndicator && s.Packet.Fields.Any(f => f.Type == T38FieldType.T4NonEcmSigEnd));
        var data = sent.Skip(pageStart).Take(pageEnd - pageStart).SelectMany(s => s.Packet.Fields.Where(f => f.Type == T38FieldType.T4NonEcmData).SelectMany(f => f.Data.ToArray())).ToArray();
        var zeros = data.Reverse().TakeWhile(b => b == 0).Count();
        Assert.True(zeros >= 14400 * 40 / 1000 / 8, $"only {zeros} zero octets before t4-non-ecm-sig-end");
        // The page the receiver got is what was sent, followed by the padding zeros.
        Assert.Equal(3000 + zeros, sink.Received[0].Length);
        // sig-end is repeated and followed by no-signal.
        var afterSigEnd = sent.Skip(pageEnd).TakeWhile(s => s.Packet.IsIndicator || s.Packet.Fields.All(f => f.Type == T38FieldType.T4NonEcmSigEnd)).ToList();
        Assert.Equal(3, afterSigEnd.Count(s => !s.Packet.IsIndicator));
        Assert.Contains(afterSigEnd, s => s.Packet.Indicator == T38Indicator.NoSignal);
    }

    [Fact]
    public void Paces_tcf_and_image_at_the_line_rate()
    {
        var (_, _, sent, _) = Run(ecm: false, version: 2);
        var training = sent.First(s => s.Packet.Indicator == T38Indicator.V17_14400LongTraining);
        var tcfEnd = sent.First(s => s.At > training.At && s.Packet.Fields.Any(f => f.Type == T38FieldType.T4NonEcmSigEnd));
        var tcfOctets = sent.Where(s => s.At >= training.At && s.At <= tcfEnd.At).SelectMany(s => s.Packet.Fields).Sum(f => f.Type == T38FieldType.T4NonEcmData ? f.Data.Length : 0);
        Assert.Equal(14400 * 1500 / 8000, tcfOctets);
        // Long training (1393 ms) then 1.5 s of data: the sig-end leaves about 2.9 s after the indicator.
        Assert.InRange((tcfEnd.At - training.At).TotalMilliseconds, 2850, 2950);
    }

    [Fact]
    public void Repeats_each_indicator()
    {
        var (_, _, sent, _) = Run(ecm: true, version: 0);
        var first = sent.First(s => s.Packet.Indicator == T38Indicator.V21Preamble);
        Assert.Equal(3, sent.Count(s => s.At == first.At && s.Packet.Indicator == T38Indicator.V21Preamble));
    }

    [Fact]
    public void Splits_ecm_frames_to_fit_the_max_ifp()
    {
        var (tx, _, sent, sink) = Run(ecm: true, version: 2);
        Assert.Contains(sent, s => !s.Packet.IsIndicator && s.Packet.DataType == T38DataType.V17_14400 && s.Packet.Fields.Count == 1 && s.Packet.Fields[0].Type == T38FieldType.HdlcData);
        Assert.Equal(256, tx.Session.Result.EcmFrameSize);
        Assert.Equal(3000, sink.Received[0].Length);
    }

    [Fact]
    public void Ends_the_page_at_once_with_sig_end_and_no_signal_when_dis_arrives_during_it_then_sends_dcs_again()
    {
        // The receiver (ours) gets the page start; 0.5 s into the page a DIS from "the far end" reaches the sender, as
        // from a receiver whose T2 ran out (T.30 §5.4.3.1). The sender stops the page (t4-non-ecm-sig-end, no-signal,
        // T.38 §7.4) without sending the rest, trains again (DCS) and sends the page again.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var page = new byte[30_000]; // ≈ 17 s at 14 400 bit/s
        new Random(5).NextBytes(page);
        var source = new TestPages(page);
        source.Format = new T30PageFormat(T30Resolution.Standard, Gateway.Fax.T30.Frames.RecordingWidth.A4);
        var sink = new TestPages();
        var options = new T38TerminalOptions { Version = 2, MaxIfpSize = 300 };
        var tx = new T38Terminal(new T30Session(new T30Settings { IsCaller = true, Ecm = false }, time, source: source), options, time);
        var rx = new T38Terminal(new T30Session(new T30Settings { IsCaller = false, Ecm = false }, time, sink: sink), options, time);
        var sent = new List<(TimeSpan At, IfpPacket Packet)>();
        var udptl = new UdptlOptions();
        var (toRx, toTx) = (new UdptlSender(udptl), new UdptlSender(udptl));
        var (atRx, atTx) = (new UdptlReceiver(), new UdptlReceiver());
        TimeSpan? pageStart = null, disAt = null;
        var dis = BitReverse.ToArray(new Gateway.Fax.T30.Frames.DisFrame { MaxWidth = Gateway.Fax.T30.Frames.RecordingWidth.A4 }.ToFrame().ToArray());
        tx.Start();
        rx.Start();
        for (var step = 0; step < 20_000 && !(tx.IsCompleted && rx.IsCompleted); step++)
        {
            var now = time.GetUtcNow() - DateTimeOffset.UnixEpoch;
            if (pageStart is { } p && disAt is null && now >= p + TimeSpan.FromSeconds(0.5))
            {
                disAt = now;
                foreach (var packet in new[]
                {
                    IfpPacket.ForIndicator(T38Indicator.V21Preamble),
                    IfpPacket.ForData(T38DataType.V21, new IfpField(T38FieldType.HdlcData, dis), new IfpField(T38FieldType.HdlcFcsOkSigEnd)),
                    IfpPacket.ForIndicator(T38Indicator.NoSignal),
                })
                    atTx.Receive(toTx.Send(IfpCodec.Encode(packet, options.Version)), (seq, data) => tx.OnIfp(data.Span, seq));
            }
            tx.Tick();
            rx.Tick();
            var moved = true;
            while (moved)
            {
                moved = false;
                while (tx.TryGetPacket(out var ifp))
                {
                    moved = true;
                    Assert.True(IfpCodec.TryDecode(ifp, options.Version, out var packet, out _));
                    sent.Add((time.GetUtcNow() - DateTimeOffset.UnixEpoch, packet));
                    // The page: image data after the short training (TCF had the long one, T.30 §5.3.2.3).
                    if (pageStart is null && !packet.IsIndicator && sent.Any(x => x.Packet.Indicator == T38Indicator.V17_14400ShortTraining))
                        pageStart = sent[^1].At;
                    atRx.Receive(toRx.Send(ifp), (seq, data) => rx.OnIfp(data.Span, seq));
                }
                while (rx.TryGetPacket(out var ifp))
                {
                    moved = true;
                    atTx.Receive(toTx.Send(ifp), (seq, data) => tx.OnIfp(data.Span, seq));
                }
            }
            time.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.NotNull(disAt);
        Assert.True(tx.Session.Result.Succeeded, tx.Session.Result.Text);
        Assert.Equal(1, tx.Session.Result.ImageTransmissionsAborted);
        // Right after the DIS: sig-end of the page's data type, then no-signal, and no more page data until the new DCS.
        var sigEnd = sent.FindIndex(s => s.At >= disAt && s.Packet.Fields.Any(f => f.Type == T38FieldType.T4NonEcmSigEnd));
        Assert.Equal(disAt, sent[sigEnd].At);
        Assert.Equal(T38DataType.V17_14400, sent[sigEnd].Packet.DataType);
        Assert.Contains(sent.Skip(sigEnd).TakeWhile(s => s.At == disAt), s => s.Packet.Indicator == T38Indicator.NoSignal);
        var next = sent.Skip(sigEnd).First(s => !s.Packet.IsIndicator && s.Packet.Fields.All(f => f.Type != T38FieldType.T4NonEcmSigEnd));
        Assert.Equal(T38DataType.V21, next.Packet.DataType);
        Assert.True(next.At - disAt >= TimeSpan.FromSeconds(1), "HDLC data at least 1 s after the v21-preamble of the new DCS");
        // The page the receiver confirmed is the whole page (then the ≥ 40 ms of padding zeros), sent the second time.
        var received = sink.Received[^1];
        Assert.Equal(page, received.AsSpan(0, page.Length).ToArray());
        Assert.All(received.Skip(page.Length), b => Assert.Equal(0, b));
        Assert.Equal(2, sent.Where(s => s.Packet.Indicator == T38Indicator.V17_14400ShortTraining).Select(s => s.At).Distinct().Count());
    }
}

