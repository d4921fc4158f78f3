namespace Gateway.Fax.T30.Frames;

/// <summary>
/// Bit access to a DIS/DTC/DCS information field using T.30 Table 2 numbering: bit 1 is the first bit
/// sent, the least significant bit of FIF octet 0; bit n is octet (n-1)/8, mask 1 &lt;&lt; ((n-1)%8).
/// Every eighth bit (24, 32, 40…) is the "extend field" bit that says another octet follows (T.30 §5.3.6.2.1).
/// </summary>
internal static class T30Bits
{
    public static bool Get(ReadOnlySpan<byte> fif, int bit)
    {
        var index = (bit - 1) >> 3;
        return index < fif.Length && (fif[index] & (1 << ((bit - 1) & 7))) != 0;
    }

    public static void Set(Span<byte> fif, int bit, bool value)
    {
        var index = (bit - 1) >> 3;
        var mask = (byte)(1 << ((bit - 1) & 7));
        if (value)
            fif[index] |= mask;
        else
            fif[index] &= (byte)~mask;
    }

    /// <summary>Reads <paramref name="count"/> bits starting at <paramref name="first"/>, the first bit as the value's bit 0.</summary>
    public static int GetField(ReadOnlySpan<byte> fif, int first, int count)
    {
        var v = 0;
        for (var i = 0; i < count; i++)
            if (Get(fif, first + i))
                v |= 1 << i;
        return v;
    }

    public static void SetField(Span<byte> fif, int first, int count, int value)
    {
        for (var i = 0; i < count; i++)
            Set(fif, first + i, (value & (1 << i)) != 0);
    }

    /// <summary>Trims the field to the last octet that holds a set bit (at least 3 octets) and sets the extend bits before it.</summary>
    public static byte[] Finish(Span<byte> fif)
    {
        var length = fif.Length;
        while (length > 3)
        {
            // The octet is needed if any of its bits other than the extend bit is set.
            if ((fif[length - 1] & 0x7F) != 0)
                break;
            length--;
        }
        for (var i = 2; i < fif.Length; i++)
            Set(fif, (i + 1) * 8, i < length - 1);
        return fif[..length].ToArray();
    }
}
