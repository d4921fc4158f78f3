namespace Gateway.Fax.T38;

/// <summary>Encodes and decodes <see cref="UdptlPacket"/> (ASN.1 aligned PER, T.38 Annex A), as Asterisk and t38modem do.</summary>
public static class UdptlCodec
{
    /// <summary>The most secondary IFPs or FEC entries accepted in one datagram.</summary>
    public const int MaxEntries = 32;

    /// <summary>Encoded size of <paramref name="packet"/>.</summary>
    public static int EncodedLength(UdptlPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var n = 2 + OpenTypeLength(packet.Primary.Length) + 1;
        if (packet.IsFec)
        {
            n += 2 + LengthOfLength(packet.FecEntries.Count);
            foreach (var e in packet.FecEntries)
                n += OpenTypeLength(e.Length);
        }
        else
        {
            n += LengthOfLength(packet.Secondary.Count);
            foreach (var s in packet.Secondary)
                n += OpenTypeLength(s.Length);
        }
        return n;
    }

    private static int LengthOfLength(int n) => n < 0x80 ? 1 : 2;
    private static int OpenTypeLength(int n) => n == 0 ? 2 : LengthOfLength(n) + n;

    /// <summary>Encodes into <paramref name="destination"/> (at least <see cref="EncodedLength"/> octets) and returns the length.</summary>
    public static int Encode(UdptlPacket packet, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var p = 0;
        destination[p++] = (byte)(packet.SequenceNumber >> 8);
        destination[p++] = (byte)packet.SequenceNumber;
        WriteOpenType(destination, ref p, packet.Primary.Span);
        if (packet.IsFec)
        {
            destination[p++] = 0x80;
            // fec-npackets is an unconstrained INTEGER: a length octet (1) and the value.
            destination[p++] = 1;
            destination[p++] = (byte)packet.FecSpan;
            WriteLength(destination, ref p, packet.FecEntries.Count);
            foreach (var e in packet.FecEntries)
                WriteOpenType(destination, ref p, e.Span);
        }
        else
        {
            destination[p++] = 0x00;
            WriteLength(destination, ref p, packet.Secondary.Count);
            foreach (var s in packet.Secondary)
                WriteOpenType(destination, ref p, s.Span);
        }
        return p;
    }

    /// <summary>Encodes into a new array.</summary>
    public static byte[] Encode(UdptlPacket packet)
    {
        var buffer = new byte[EncodedLength(packet)];
        Encode(packet, buffer);
        return buffer;
    }

    private static void WriteLength(Span<byte> d, ref int p, int n)
    {
        if (n >= 0x4000)
            throw new ArgumentException("UDPTL fields over 16383 octets are not supported.");
        if (n < 0x80)
            d[p++] = (byte)n;
        else
        {
            d[p++] = (byte)(0x80 | (n >> 8));
            d[p++] = (byte)n;
        }
    }

    private static void WriteOpenType(Span<byte> d, ref int p, ReadOnlySpan<byte> octets)
    {
        if (octets.IsEmpty)
        {
            // X.691 §10.1: an empty open type is encoded as one zero octet.
            d[p++] = 1;
            d[p++] = 0;
            return;
        }
        WriteLength(d, ref p, octets.Length);
        octets.CopyTo(d[p..]);
        p += octets.Length;
    }

    /// <summary>Decodes a datagram. Never throws on bad input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> datagram, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UdptlPacket? packet, out UdptlError error)
    {
        packet = null;
        var p = 0;
        if (datagram.Length < 2)
        {
            error = UdptlError.Truncated;
            return false;
        }
        var seq = (datagram[0] << 8) | datagram[1];
        p = 2;
        if (!TryReadOpenType(datagram, ref p, out var primary, out error))
            return false;
        if (p >= datagram.Length)
        {
            error = UdptlError.Truncated;
            return false;
        }
        var fec = (datagram[p++] & 0x80) != 0;
        if (!fec)
        {
            if (!TryReadLength(datagram, ref p, out var count, out error))
                return false;
            if (count > MaxEntries)
            {
                error = UdptlError.TooManyEntries;
                return false;
            }
            var secondary = new ReadOnlyMemory<byte>[count];
            for (var i = 0; i < count; i++)
                if (!TryReadOpenType(datagram, ref p, out secondary[i], out error))
                    return false;
            packet = new UdptlPacket(seq, primary) { Secondary = secondary };
            return true;
        }
        if (p + 2 > datagram.Length)
        {
            error = UdptlError.Truncated;
            return false;
        }
        if (datagram[p++] != 1)
        {
            error = UdptlError.UnsupportedLength;
            return false;
        }
        var span = datagram[p++];
        if (!TryReadLength(datagram, ref p, out var entries, out error))
            return false;
        if (entries > MaxEntries)
        {
            error = UdptlError.TooManyEntries;
            return false;
        }
        var parity = new ReadOnlyMemory<byte>[entries];
        for (var i = 0; i < entries; i++)
            if (!TryReadOpenType(datagram, ref p, out parity[i], out error))
                return false;
        packet = new UdptlPacket(seq, primary) { IsFec = true, FecSpan = span, FecEntries = parity };
        return true;
    }

    private static bool TryReadLength(ReadOnlySpan<byte> d, ref int p, out int n, out UdptlError error)
    {
        n = 0;
        if (p >= d.Length)
        {
            error = UdptlError.Truncated;
            return false;
        }
        var b = d[p++];
        if ((b & 0x80) == 0)
            n = b;
        else if ((b & 0xC0) == 0x80)
        {
            if (p >= d.Length)
            {
                error = UdptlError.Truncated;
                return false;
            }
            n = ((b & 0x3F) << 8) | d[p++];
        }
        else
        {
            error = UdptlError.UnsupportedLength;
            return false;
        }
        error = UdptlError.None;
        return true;
    }

    private static bool TryReadOpenType(ReadOnlySpan<byte> d, ref int p, out ReadOnlyMemory<byte> octets, out UdptlError error)
    {
        octets = ReadOnlyMemory<byte>.Empty;
        if (!TryReadLength(d, ref p, out var n, out error))
            return false;
        if (p + n > d.Length)
        {
            error = UdptlError.Truncated;
            return false;
        }
        octets = d.Slice(p, n).ToArray();
        p += n;
        return true;
    }
}
