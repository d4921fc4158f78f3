using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Gateway.Sip.Resolution;

/// <summary>
/// Writes a one-question query and reads the answer section of a response (RFC 1035 §4.1). Sans-IO:
/// bytes in, records out; every malformed response is a <see cref="DnsException"/> of kind Malformed.
/// </summary>
internal static class DnsMessageCodec
{
    const ushort FlagResponse = 0x8000, FlagRecursionDesired = 0x0100;
    const int HeaderLength = 12;
    const ushort TypeSoa = 6;

    /// <summary>RFC 1035 §4.1.1–4.1.2: header with RD, one question of class IN.</summary>
    public static byte[] WriteQuery(ushort id, string name, DnsRecordType type)
    {
        var labels = name.TrimEnd('.').Split('.');
        int length = HeaderLength + 1 + 4;
        foreach (var l in labels)
        {
            int n = Encoding.ASCII.GetByteCount(l);
            if (n is 0 or > 63) throw new ArgumentException($"'{name}' is not a valid DNS name (label length {n})", nameof(name));
            length += 1 + n;
        }
        if (length - HeaderLength - 4 > 255) throw new ArgumentException($"'{name}' is longer than 255 octets", nameof(name));
        var buf = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(buf, id);
        BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(2), FlagRecursionDesired);
        BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(4), 1); // QDCOUNT
        int p = HeaderLength;
        foreach (var l in labels)
        {
            buf[p] = (byte)Encoding.ASCII.GetBytes(l, buf.AsSpan(p + 1));
            p += 1 + buf[p];
        }
        buf[p++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(p), (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(p + 2), 1); // class IN
        return buf;
    }

    /// <summary>
    /// The answers of <paramref name="type"/> in a response to query <paramref name="id"/>: IPAddress for
    /// A/AAAA, <see cref="SrvRecord"/> for SRV, <see cref="NaptrRecord"/> for NAPTR. NXDOMAIN gives an empty list; other RCODEs throw ServerError.
    /// </summary>
    public static List<object> ReadAnswers(ReadOnlySpan<byte> msg, ushort id, DnsRecordType type) => Read(msg, id, type).Records;

    /// <summary>
    /// <see cref="ReadAnswers"/> with how long the answer may be cached: the smallest TTL of the answer section's
    /// records (a CNAME on the way included, RFC 1035 §3.2.1); for an answer with no records of the type (NXDOMAIN or
    /// no data) the smaller of the authority section's SOA TTL and its MINIMUM field (RFC 2308 §5), or null without
    /// an SOA — such a negative answer is not cached (RFC 2308 §5).
    /// </summary>
    public static DnsAnswer Read(ReadOnlySpan<byte> msg, ushort id, DnsRecordType type)
    {
        if (msg.Length < HeaderLength) throw Malformed("shorter than the 12-byte header");
        if (BinaryPrimitives.ReadUInt16BigEndian(msg) != id) throw Malformed("id does not match the query");
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(msg[2..]);
        if ((flags & FlagResponse) == 0) throw Malformed("not a response");
        int rcode = flags & 0xF;
        var result = new List<object>();
        if (rcode is not (0 or 3)) throw new DnsException(DnsErrorKind.ServerError, $"server answered RCODE {rcode}") { ResponseCode = rcode };
        int qd = BinaryPrimitives.ReadUInt16BigEndian(msg[4..]), an = BinaryPrimitives.ReadUInt16BigEndian(msg[6..]), ns = BinaryPrimitives.ReadUInt16BigEndian(msg[8..]);
        int p = HeaderLength;
        for (int i = 0; i < qd; i++) { ReadName(msg, ref p); p += 4; }
        uint ttl = uint.MaxValue;
        for (int i = 0; rcode == 0 && i < an; i++)
        {
            var (rtype, recordTtl, rdata, rdlen) = ReadRecordHeader(msg, ref p);
            ttl = Math.Min(ttl, recordTtl);
            if (rtype != type) continue; // CNAMEs and others: the server already followed them
            switch (rtype)
            {
                case DnsRecordType.A when rdlen == 4:
                case DnsRecordType.Aaaa when rdlen == 16:
                    result.Add(new IPAddress(msg.Slice(rdata, rdlen)));
                    break;
                case DnsRecordType.Srv when rdlen >= 7:
                    // RFC 2782: priority, weight, port, target.
                    int t = rdata + 6;
                    var target = ReadName(msg, ref t);
                    result.Add(new SrvRecord(BinaryPrimitives.ReadUInt16BigEndian(msg[rdata..]), BinaryPrimitives.ReadUInt16BigEndian(msg[(rdata + 2)..]),
                        BinaryPrimitives.ReadUInt16BigEndian(msg[(rdata + 4)..]), target));
                    break;
                case DnsRecordType.Naptr when rdlen >= 7:
                    result.Add(ReadNaptr(msg, rdata, rdlen));
                    break;
                default:
                    throw Malformed($"{rtype} record with {rdlen} bytes of data");
            }
        }
        if (result.Count > 0) return new DnsAnswer(result, TimeSpan.FromSeconds(ttl));
        if (rcode == 3) p = SkipRecords(msg, p, an);
        return new DnsAnswer(result, NegativeTtl(msg, p, ns));
    }

    /// <summary>RFC 2308 §5: the negative TTL is the SOA record's own TTL or its MINIMUM field, whichever is less.</summary>
    static TimeSpan? NegativeTtl(ReadOnlySpan<byte> msg, int p, int ns)
    {
        for (int i = 0; i < ns; i++)
        {
            var (rtype, recordTtl, rdata, rdlen) = ReadRecordHeader(msg, ref p);
            if ((ushort)rtype != TypeSoa) continue;
            if (rdlen < 22) throw Malformed($"SOA record with {rdlen} bytes of data");
            uint minimum = BinaryPrimitives.ReadUInt32BigEndian(msg[(rdata + rdlen - 4)..]); // RFC 1035 §3.3.13: MINIMUM ends the record
            return TimeSpan.FromSeconds(Math.Min(recordTtl, minimum));
        }
        return null;
    }

    static int SkipRecords(ReadOnlySpan<byte> msg, int p, int count)
    {
        for (int i = 0; i < count; i++) ReadRecordHeader(msg, ref p);
        return p;
    }

    /// <summary>RFC 1035 §4.1.3: owner name, type, class, TTL, RDLENGTH; leaves <paramref name="p"/> after the record.</summary>
    static (DnsRecordType Type, uint Ttl, int Data, int Length) ReadRecordHeader(ReadOnlySpan<byte> msg, ref int p)
    {
        ReadName(msg, ref p);
        if (p + 10 > msg.Length) throw Malformed("record header runs past the end");
        var rtype = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(msg[p..]);
        // RFC 2181 §8: a TTL with the top bit set is taken as zero.
        uint raw = BinaryPrimitives.ReadUInt32BigEndian(msg[(p + 4)..]);
        uint ttl = raw > int.MaxValue ? 0 : raw;
        int rdlen = BinaryPrimitives.ReadUInt16BigEndian(msg[(p + 8)..]);
        int rdata = p + 10;
        if (rdata + rdlen > msg.Length) throw Malformed("record data runs past the end");
        p = rdata + rdlen;
        return (rtype, ttl, rdata, rdlen);
    }

    /// <summary>RFC 3403 §4.1: order, preference, three character-strings (flags, services, regexp), replacement.</summary>
    static NaptrRecord ReadNaptr(ReadOnlySpan<byte> msg, int rdata, int rdlen)
    {
        int end = rdata + rdlen, p = rdata + 4;
        string flags = ReadCharacterString(msg, ref p, end), services = ReadCharacterString(msg, ref p, end), regexp = ReadCharacterString(msg, ref p, end);
        if (p >= end) throw Malformed("NAPTR record without a replacement");
        // RFC 3403 §4.1 forbids compressing the replacement, but a pointer is read like any other name.
        string replacement = ReadName(msg, ref p);
        if (p != end) throw Malformed("NAPTR replacement does not end with the record data");
        return new NaptrRecord(BinaryPrimitives.ReadUInt16BigEndian(msg[rdata..]), BinaryPrimitives.ReadUInt16BigEndian(msg[(rdata + 2)..]), flags, services, regexp, replacement);
    }

    /// <summary>RFC 1035 §3.3: a length octet and that many octets, inside the record's data.</summary>
    static string ReadCharacterString(ReadOnlySpan<byte> msg, ref int p, int end)
    {
        if (p >= end || p + 1 + msg[p] > end) throw Malformed("character-string runs past the record data");
        var text = Encoding.ASCII.GetString(msg.Slice(p + 1, msg[p]));
        p += 1 + msg[p];
        return text;
    }

    /// <summary>RFC 1035 §4.1.4: labels, with compression pointers; loops and overruns are rejected.</summary>
    static string ReadName(ReadOnlySpan<byte> msg, ref int p)
    {
        var sb = new StringBuilder();
        int pos = p, jumps = 0;
        bool jumped = false;
        while (true)
        {
            if (pos >= msg.Length) throw Malformed("name runs past the end");
            byte len = msg[pos];
            if (len == 0) { pos++; break; }
            if ((len & 0xC0) == 0xC0)
            {
                if (pos + 1 >= msg.Length) throw Malformed("truncated name pointer");
                if (++jumps > 32) throw Malformed("name pointer loop");
                int target = ((len & 0x3F) << 8) | msg[pos + 1];
                if (!jumped) p = pos + 2;
                jumped = true;
                pos = target;
                continue;
            }
            if ((len & 0xC0) != 0) throw Malformed("reserved label type");
            if (pos + 1 + len > msg.Length) throw Malformed("label runs past the end");
            if (sb.Length > 0) sb.Append('.');
            sb.Append(Encoding.ASCII.GetString(msg.Slice(pos + 1, len)));
            if (sb.Length > 255) throw Malformed("name longer than 255 octets");
            pos += 1 + len;
        }
        if (!jumped) p = pos;
        return sb.Length == 0 ? "." : sb.ToString();
    }

    static DnsException Malformed(string what) => new(DnsErrorKind.Malformed, "malformed DNS response: " + what);
}
