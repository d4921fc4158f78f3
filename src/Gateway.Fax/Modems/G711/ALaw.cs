namespace Gateway.Fax.Modems.G711;

/// <summary>
/// G.711 A-law (G.711 §2, Tables 1a/1b): 13-bit segmented companding, even bits inverted (XOR 0x55).
/// Table-driven both ways (64 KiB encode table over every 16-bit sample, 256-entry decode table).
/// </summary>
public static class ALaw
{
    private static readonly short[] DecodeTable = BuildDecode();
    private static readonly byte[] EncodeTable = BuildEncode();

    /// <summary>Encodes one 16-bit linear sample.</summary>
    public static byte Encode(short sample) => EncodeTable[(ushort)sample];

    /// <summary>Decodes one A-law octet to 16-bit linear.</summary>
    public static short Decode(byte octet) => DecodeTable[octet];

    /// <summary>Encodes <paramref name="samples"/> into <paramref name="destination"/> (same length or longer).</summary>
    public static void Encode(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        if (destination.Length < samples.Length)
            throw new ArgumentException("Destination is shorter than the samples.", nameof(destination));
        var table = EncodeTable;
        for (var i = 0; i < samples.Length; i++)
            destination[i] = table[(ushort)samples[i]];
    }

    /// <summary>Decodes <paramref name="octets"/> into <paramref name="destination"/> (same length or longer).</summary>
    public static void Decode(ReadOnlySpan<byte> octets, Span<short> destination)
    {
        if (destination.Length < octets.Length)
            throw new ArgumentException("Destination is shorter than the octets.", nameof(destination));
        var table = DecodeTable;
        for (var i = 0; i < octets.Length; i++)
            destination[i] = table[octets[i]];
    }

    private static short DecodeOne(byte octet)
    {
        var a = octet ^ 0x55;
        var mantissa = (a & 0x0F) << 4;
        var segment = (a >> 4) & 0x07;
        // Reconstruct at the middle of the quantisation interval (G.711 Table 1a "decoder output").
        var magnitude = segment == 0 ? mantissa + 8 : (mantissa + 0x108) << (segment - 1);
        return (short)((a & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static byte EncodeOne(short sample)
    {
        var v = sample >> 3; // 13-bit
        int mask;
        if (v >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            v = -v - 1;
        }
        // Segment: 0 for 0..31, then one per doubling up to 4095.
        var segment = 0;
        while (segment < 8 && v > (0x20 << segment) - 1)
            segment++;
        if (segment >= 8)
            return (byte)(0x7F ^ mask);
        var code = segment << 4;
        code |= segment < 2 ? (v >> 1) & 0x0F : (v >> segment) & 0x0F;
        return (byte)(code ^ mask);
    }

    private static short[] BuildDecode()
    {
        var t = new short[256];
        for (var i = 0; i < 256; i++)
            t[i] = DecodeOne((byte)i);
        return t;
    }

    private static byte[] BuildEncode()
    {
        var t = new byte[65536];
        for (var i = 0; i < 65536; i++)
            t[i] = EncodeOne((short)i);
        return t;
    }
}
