using Gateway.Media.Rtp;
using Xunit;

namespace Gateway.Media.Tests.Rtp;

public class RtpSessionTests
{
    private static RtpSession Session(byte pt = 0) => new(new RtpSessionOptions { AudioPayloadType = pt, JitterMode = JitterBufferMode.Fixed, JitterDelayMs = 20, Ssrc = 42 });

    [Fact]
    public void Sent_packets_advance_sequence_by_one_and_timestamp_by_160_with_marker_on_the_first()
    {
        RtpSession session = Session(8);
        var frame = new byte[160];
        var a = new byte[200];
        var b = new byte[200];
        session.WriteFrame(frame, a);
        session.WriteFrame(frame, b);

        Assert.True(RtpPacket.TryParse(a.AsSpan(0, 172), out RtpPacket first));
        ushort firstSequence = first.SequenceNumber;
        uint firstTimestamp = first.Timestamp;
        Assert.True(first.Marker);
        Assert.True(RtpPacket.TryParse(b.AsSpan(0, 172), out RtpPacket second));
        Assert.False(second.Marker);
        Assert.Equal((ushort)(firstSequence + 1), second.SequenceNumber);
        Assert.Equal(firstTimestamp + 160, second.Timestamp);
        Assert.Equal(8, second.PayloadType);
        Assert.Equal(42u, second.Ssrc);
    }

    [Fact]
    public void Comfort_noise_is_reported_as_such_until_audio_returns()
    {
        RtpSession session = Session();
        var packet = new byte[200];
        var frame = new byte[160];
        int n = RtpPacket.Write(packet, false, 13, 1, 0, 9, [40]); // RFC 3389 payload: noise level only
        Assert.True(session.Receive(packet.AsSpan(0, n), 0));

        Assert.Equal(RtpFrameKind.ComfortNoise, session.ReadFrame(frame));

        n = RtpPacket.Write(packet, false, 0, 2, 160, 9, Enumerable.Repeat((byte)3, 160).ToArray());
        session.Receive(packet.AsSpan(0, n), 160);
        n = RtpPacket.Write(packet, false, 0, 3, 320, 9, Enumerable.Repeat((byte)3, 160).ToArray());
        session.Receive(packet.AsSpan(0, n), 320);
        Assert.Equal(RtpFrameKind.Audio, session.ReadFrame(frame));
    }

    [Fact]
    public void Telephone_events_go_to_the_payload_handler_and_garbage_is_counted_not_thrown()
    {
        RtpSession session = Session();
        byte seenPt = 0;
        byte[] seenPayload = [];
        session.OtherPayloadReceived = (pt, marker, ts, payload) => { seenPt = pt; seenPayload = payload.ToArray(); };
        var packet = new byte[64];
        int n = RtpPacket.Write(packet, true, 101, 1, 0, 9, [1, 0x8A, 0x03, 0x20]); // RFC 4733: event 1, end, volume 10, duration 800

        Assert.True(session.Receive(packet.AsSpan(0, n), 0));
        Assert.False(session.Receive([1, 2, 3], 0));

        Assert.Equal(101, seenPt);
        Assert.Equal(new byte[] { 1, 0x8A, 0x03, 0x20 }, seenPayload);
        Assert.Equal(1, session.PacketsDiscarded);
    }

    [Fact]
    public void A_new_far_end_ssrc_flushes_the_jitter_buffer()
    {
        RtpSession session = Session();
        var packet = new byte[200];
        var frame = new byte[160];
        for (ushort i = 0; i < 3; i++)
        {
            int n = RtpPacket.Write(packet, false, 0, i, (uint)(i * 160), 1, Enumerable.Repeat((byte)1, 160).ToArray());
            session.Receive(packet.AsSpan(0, n), i * 160);
        }

        int m = RtpPacket.Write(packet, false, 0, 500, 77_000, 2, Enumerable.Repeat((byte)2, 160).ToArray());
        session.Receive(packet.AsSpan(0, m), 480);

        Assert.Equal(1, session.SourceRestarts);
        Assert.Equal(RtpFrameKind.NotStarted, session.ReadFrame(frame)); // re-priming on the new source
    }
}
