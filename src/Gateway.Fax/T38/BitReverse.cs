namespace Gateway.Fax.T38;

/// <summary>
/// Reverses the bit order of octets: T.30/T.4 octets on the line (and in <c>T30Session</c>) carry the first
/// bit in the least significant bit; T.38 carries it in the most significant bit (T.38 §7.3 and Annex A
/// field data; spandsp t38_terminal.c bit-reverses the same way).
/// </summary>
public static class BitReverse
{
    private static readonly byte[] Table = Build();

    private static byte[] Build()
    {
        var t = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            var r = 0;
            for (var b = 0; b < 8; b++)
                if ((i & (1 << b)) != 0)
                    r |= 0x80 >> b;
            t[i] = (byte)r;
        }
        return t;
    }

    /// <summary>One octet reversed.</summary>
    public static byte Reverse(byte value) => Table[value];

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> with each octet reversed.</summary>
    public static void Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        for (var i = 0; i < source.Length; i++)
            destination[i] = Table[source[i]];
    }

    /// <summary>A reversed copy.</summary>
    public static byte[] ToArray(ReadOnlySpan<byte> source)
    {
        var a = new byte[source.Length];
        Copy(source, a);
        return a;
    }
}
