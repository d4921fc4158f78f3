using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Calls.Capture;

/// <summary>
/// Writes the classic libpcap file format: a 24-octet global header, then one record per packet
/// (16-octet record header, then the packet). Link type 101 (LINKTYPE_RAW: the packet starts with its
/// IP header). Our sockets see UDP payloads only, so each record gets a synthetic IPv4 header
/// (RFC 791 §3.1, with its header checksum) and UDP header (RFC 768; checksum 0 = none, allowed over
/// IPv4) built from the real addresses and ports. IPv6 peers are written as IPv4 only when they are
/// IPv4-mapped; other IPv6 packets are counted in <see cref="Skipped"/> and left out.
/// Not thread-safe: <see cref="CallCapture"/> serializes the writers.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    /// <summary>LINKTYPE_RAW (tcpdump.org link-layer header types).</summary>
    public const uint LinkTypeRaw = 101;

    private const int IpHeaderLength = 20;
    private const int UdpHeaderLength = 8;
    private const int MaxPayload = ushort.MaxValue - IpHeaderLength - UdpHeaderLength;

    private readonly Stream _stream;
    private readonly byte[] _header = new byte[16 + IpHeaderLength + UdpHeaderLength];
    private ushort _ipId;

    public PcapWriter(Stream stream)
    {
        _stream = stream;
        Span<byte> global = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(global, 0xa1b2c3d4); // magic: microsecond timestamps, our byte order
        BinaryPrimitives.WriteUInt16LittleEndian(global[4..], 2); // version 2.4
        BinaryPrimitives.WriteUInt16LittleEndian(global[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(global[8..], 0); // thiszone: timestamps are UTC
        BinaryPrimitives.WriteUInt32LittleEndian(global[12..], 0); // sigfigs
        BinaryPrimitives.WriteUInt32LittleEndian(global[16..], ushort.MaxValue); // snaplen
        BinaryPrimitives.WriteUInt32LittleEndian(global[20..], LinkTypeRaw);
        _stream.Write(global);
    }

    /// <summary>Packets written.</summary>
    public int Written { get; private set; }

    /// <summary>Packets left out (IPv6 addresses that are not IPv4-mapped).</summary>
    public int Skipped { get; private set; }

    /// <summary>Writes one UDP datagram as seen at <paramref name="at"/>; a payload over 65,507 octets is truncated.</summary>
    public void WriteUdp(DateTimeOffset at, IPAddress source, int sourcePort, IPAddress destination, int destinationPort, ReadOnlySpan<byte> payload)
    {
        if (!TryIPv4(source, out uint src) || !TryIPv4(destination, out uint dst))
        {
            Skipped++;
            return;
        }

        WriteUdp(at, src, (ushort)sourcePort, dst, (ushort)destinationPort, payload);
    }

    /// <summary>As above, with IPv4 addresses in host order.</summary>
    public void WriteUdp(DateTimeOffset at, uint source, ushort sourcePort, uint destination, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayload)
        {
            payload = payload[..MaxPayload];
        }

        int length = IpHeaderLength + UdpHeaderLength + payload.Length;
        long micros = (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        Span<byte> h = _header;
        BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)(micros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)(micros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], (uint)length); // incl_len
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], (uint)length); // orig_len

        Span<byte> ip = h.Slice(16, IpHeaderLength);
        ip[0] = 0x45; // version 4, IHL 5 words
        ip[1] = 0; // TOS
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)length);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], _ipId++);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000); // DF, fragment offset 0
        ip[8] = 64; // TTL
        ip[9] = 17; // protocol: UDP
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destination);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], HeaderChecksum(ip));

        Span<byte> udp = h.Slice(16 + IpHeaderLength, UdpHeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(UdpHeaderLength + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0); // RFC 768: zero means no checksum

        _stream.Write(h);
        _stream.Write(payload);
        Written++;
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>An IPv4 address (or IPv4-mapped IPv6 address) in host order.</summary>
    internal static bool TryIPv4(IPAddress address, out uint value)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            value = 0;
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    /// <summary>RFC 791 §3.1: the one's complement of the one's complement sum of the header's 16-bit words.</summary>
    private static ushort HeaderChecksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
