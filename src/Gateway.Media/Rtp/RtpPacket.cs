using System.Buffers.Binary;

namespace Gateway.Media.Rtp;

/// <summary>
/// A view over one RTP packet (RFC 3550 §5.1). Parsing never allocates and never throws:
/// <see cref="TryParse"/> says whether the bytes are a well-formed version-2 packet.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct RtpPacket
{
    /// <summary>The fixed header length without CSRCs (RFC 3550 §5.1).</summary>
    public const int FixedHeaderLength = 12;

    private RtpPacket(bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        Marker = marker;
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Payload = payload;
    }

    public bool Marker { get; }

    public byte PayloadType { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    /// <summary>The payload with CSRCs, header extension and padding removed.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        if (datagram.Length < FixedHeaderLength)
        {
            return false;
        }

        byte first = datagram[0];
        if (first >> 6 != 2)
        {
            return false; // RFC 3550 §5.1: V is 2; also how RTP is told from STUN/RTCP-less noise.
        }

        bool padding = (first & 0x20) != 0;
        bool extension = (first & 0x10) != 0;
        int csrcCount = first & 0x0F;
        byte second = datagram[1];
        byte payloadType = (byte)(second & 0x7F);
        if (payloadType is >= 72 and <= 76)
        {
            return false; // RFC 5761 §4: these values are RTCP packet types (SR/RR/SDES/BYE/APP) when muxed.
        }

        int offset = FixedHeaderLength + (4 * csrcCount);
        if (datagram.Length < offset)
        {
            return false;
        }

        if (extension)
        {
            // RFC 3550 §5.3.1: 16-bit profile id, 16-bit length in 32-bit words, then the words.
            if (datagram.Length < offset + 4)
            {
                return false;
            }

            int words = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            offset += 4 + (4 * words);
            if (datagram.Length < offset)
            {
                return false;
            }
        }

        int end = datagram.Length;
        if (padding)
        {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            int pad = datagram[^1];
            if (pad == 0 || end - pad < offset)
            {
                return false;
            }

            end -= pad;
        }

        packet = new RtpPacket(
            (second & 0x80) != 0,
            payloadType,
            BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]),
            datagram[offset..end]);
        return true;
    }

    /// <summary>Writes a header without CSRCs, extension or padding followed by the payload.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        int length = FixedHeaderLength + payload.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination is too small for the RTP packet.", nameof(destination));
        }

        destination[0] = 0x80; // V=2, P=0, X=0, CC=0
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        payload.CopyTo(destination[FixedHeaderLength..]);
        return length;
    }
}
