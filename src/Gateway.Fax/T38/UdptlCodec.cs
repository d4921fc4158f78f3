namespace Gateway.Fax.T38;

/// <summary>
/// Encodes and decodes <see cref="UdptlPacket"/> (ASN.1 aligned PER, T.38 Annex A), as Asterisk and t38modem do.
/// <see cref="TryRead"/> views a datagram in place without allocating (the media path); <see cref="UdptlSender"/>
/// writes datagrams straight into a caller's buffer. The <see cref="UdptlPacket"/> overloads are for tests and tools.
/// </summary>
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

    internal static int LengthOfLength(int n) => n < 0x80 ? 1 : 2;

    /// <summary>Octets an open type of <paramref name="n"/> octets takes (X.691 §10.1: an empty one is one zero octet).</summary>
    internal static int OpenTypeLength(int n) => n == 0 ? 2 : LengthOfLength(n) + n;

    /// <summary>Encodes into <paramref name="destination"/> (at least <see cref="EncodedLength"/> octets) and returns the length.</summary>
    public static int Encode(UdptlPacket packet, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var p = 0;
        WriteHeader(destination, ref p, packet.SequenceNumber, packet.Primary.Span);
        if (packet.IsFec)
        {
            WriteFecHeader(destination, ref p, packet.FecSpan, packet.FecEntries.Count);
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

    // seq-number INTEGER (0..65535) as two octets, then the primary IFP as an open type.
    internal static void WriteHeader(Span<byte> d, ref int p, int sequenceNumber, ReadOnlySpan<byte> primary)
    {
        d[p++] = (byte)(sequenceNumber >> 8);
        d[p++] = (byte)sequenceNumber;
        WriteOpenType(d, ref p, primary);
    }

    // error-recovery CHOICE fec-info: the choice bit, fec-npackets as an unconstrained INTEGER (a length
    // octet of 1 and the value), then the count of fec-data entries.
    internal static void WriteFecHeader(Span<byte> d, ref int p, int span, int entries)
    {
        d[p++] = 0x80;
        d[p++] = 1;
        d[p++] = (byte)span;
        WriteLength(d, ref p, entries);
    }

    internal static void WriteLength(Span<byte> d, ref int p, int n)
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

    internal static void WriteOpenType(Span<byte> d, ref int p, ReadOnlySpan<byte> octets)
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

    /// <summary>Decodes a datagram into a new <see cref="UdptlPacket"/>. Never throws on bad input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> datagram, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UdptlPacket? packet, out UdptlError error)
    {
        packet = null;
        if (!TryRead(datagram, out var view, out error))
            return false;
        var entries = new ReadOnlyMemory<byte>[view.EntryCount];
        var i = 0;
        foreach (var entry in view.Entries)
            entries[i++] = entry.ToArray();
        packet = view.IsFec
            ? new UdptlPacket(view.SequenceNumber, view.Primary.ToArray()) { IsFec = true, FecSpan = view.FecSpan, FecEntries = entries }
            : new UdptlPacket(view.SequenceNumber, view.Primary.ToArray()) { Secondary = entries };
        return true;
    }

    /// <summary>
    /// Checks a datagram and views it in place (no allocation): the entries are read from
    /// <paramref name="datagram"/> as they are enumerated. Never throws on bad input.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out UdptlView view, out UdptlError error)
    {
        view = default;
        if (datagram.Length < 2)
        {
            error = UdptlError.Truncated;
            return false;
        }
        var seq = (datagram[0] << 8) | datagram[1];
        var p = 2;
        if (!TryReadOpenType(datagram, ref p, out var primary, out error))
            return false;
        if (p >= datagram.Length)
        {
            error = UdptlError.Truncated;
            return false;
        }
        var fec = (datagram[p++] & 0x80) != 0;
        var span = 0;
        if (fec)
        {
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
            span = datagram[p++];
        }
        if (!TryReadLength(datagram, ref p, out var count, out error))
            return false;
        if (count > MaxEntries)
        {
            error = UdptlError.TooManyEntries;
            return false;
        }
        var entriesStart = p;
        for (var i = 0; i < count; i++)
        {
            if (!TryReadOpenType(datagram, ref p, out _, out error))
                return false;
        }
        view = new UdptlView(seq, primary, fec, span, count, datagram[entriesStart..p]);
        return true;
    }

    private static bool TryReadLength(ReadOnlySpan<byte> d, scoped ref int p, out int n, out UdptlError error)
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

    internal static bool TryReadOpenType(ReadOnlySpan<byte> d, scoped ref int p, out ReadOnlySpan<byte> octets, out UdptlError error)
    {
        octets = default;
        if (!TryReadLength(d, ref p, out var n, out error))
            return false;
        if (p + n > d.Length)
        {
            error = UdptlError.Truncated;
            return false;
        }
        octets = d.Slice(p, n);
        p += n;
        return true;
    }
}
