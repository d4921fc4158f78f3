namespace Gateway.Fax.Modems.G711;

/// <summary>
/// G.711 µ-law (G.711 §3, Tables 2a/2b): 14-bit segmented companding with a bias of 33 (0x84 at 16-bit
/// scale), all bits inverted. Table-driven both ways.
/// </summary>
public static class MuLaw
{
    private const int Bias = 0x84;
    private const int Clip = 32635;
    private static readonly short[] DecodeTable = BuildDecode();
    private static readonly byte[] EncodeTable = BuildEncode();

    /// <summary>Encodes one 16-bit linear sample.</summary>
    public static byte Encode(short sample) => EncodeTable[(ushort)sample];

    /// <summary>Decodes one µ-law octet to 16-bit linear.</summary>
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
        var u = ~octet & 0xFF;
        var t = (((u & 0x0F) << 3) + Bias) << ((u >> 4) & 0x07);
        return (short)((u & 0x80) != 0 ? Bias - t : t - Bias);
    }

    private static byte EncodeOne(short sample)
    {
        int v = sample;
        var sign = 0;
        if (v < 0)
        {
            v = -v;
            sign = 0x80;
        }
        if (v > Clip)
            v = Clip;
        v += Bias;
        // The segment is the position of the leading one above bit 7.
        var exponent = 7;
        for (var mask = 0x4000; (v & mask) == 0 && exponent > 0; mask >>= 1)
            exponent--;
        var mantissa = (v >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
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
