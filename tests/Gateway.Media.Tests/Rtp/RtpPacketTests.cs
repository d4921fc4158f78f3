using Gateway.Media.Rtp;
using Xunit;

namespace Gateway.Media.Tests.Rtp;

public class RtpPacketTests
{
    [Fact]
    public void Write_then_parse_round_trips_every_header_field()
    {
        byte[] payload = [1, 2, 3, 4, 5];
        var buffer = new byte[64];
        int length = RtpPacket.Write(buffer, marker: true, payloadType: 8, sequenceNumber: 0xFFFE, timestamp: 0xDEADBEEF, ssrc: 0x01020304, payload);

        Assert.Equal(17, length);
        Assert.Equal(new byte[] { 0x80, 0x88, 0xFF, 0xFE, 0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3, 4 }, buffer[..12]);
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out RtpPacket packet));
        Assert.True(packet.Marker);
        Assert.Equal(8, packet.PayloadType);
        Assert.Equal(0xFFFE, packet.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, packet.Timestamp);
        Assert.Equal(0x01020304u, packet.Ssrc);
        Assert.Equal(payload, packet.Payload.ToArray());
    }

    [Fact]
    public void Parse_skips_csrcs_header_extension_and_padding()
    {
        byte[] datagram =
        [
            0xB1, 0x00, 0x00, 0x01, 0, 0, 0, 160, 0, 0, 0, 9, // V=2 P=1 X=1 CC=1, PT 0
            0xAA, 0xBB, 0xCC, 0xDD, // one CSRC
            0xBE, 0xDE, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44, // extension of one word (RFC 8285 one-byte form)
            0x7F, 0x7E, // payload
            0x00, 0x00, 0x03, // padding: 3 octets including the count
        ];

        Assert.True(RtpPacket.TryParse(datagram, out RtpPacket packet));
        Assert.Equal(new byte[] { 0x7F, 0x7E }, packet.Payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0 })] // 11 bytes: shorter than the fixed header
    [InlineData(new byte[] { 0x40, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 })] // version 1
    [InlineData(new byte[] { 0x81, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 })] // CSRC count beyond the datagram
    [InlineData(new byte[] { 0x90, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0, 5 })] // extension longer than the datagram
    [InlineData(new byte[] { 0xA0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9 })] // padding count beyond the payload
    [InlineData(new byte[] { 0x80, 0xC8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 })] // RTCP sender report (PT 200 → 72 in 7 bits)
    public void Rejects_datagrams_that_are_not_well_formed_rtp(byte[] datagram)
    {
        Assert.False(RtpPacket.TryParse(datagram, out _));
    }
}
