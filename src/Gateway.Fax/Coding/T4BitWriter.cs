namespace Gateway.Fax.Coding;

/// <summary>
/// Packs T.4/T.6 code bits in transmission order, the first bit into the least significant bit of each
/// octet (the order T.30 sends octets in and IT30PageSource promises).
/// </summary>
internal sealed class T4BitWriter(int capacity = 8192)
{
    private byte[] _buffer = new byte[Math.Max(16, capacity)];
    private long _bits;

    /// <summary>Bits written so far.</summary>
    public long BitCount => _bits;

    /// <summary>Writes the low <paramref name="length"/> bits of <paramref name="code"/>, most significant first (as T.4's tables print codes).</summary>
    public void Write(int code, int length)
    {
        for (int i = length - 1; i >= 0; i--)
        {
            WriteBit((code >> i) & 1);
        }
    }

    /// <summary>Writes <paramref name="count"/> zero bits (fill, T.4 §4.1.2).</summary>
    public void WriteZeros(long count)
    {
        for (long i = 0; i < count; i++)
        {
            WriteBit(0);
        }
    }

    /// <summary>The coded octets; a partial last octet is padded with zero bits.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, (int)((_bits + 7) >> 3)).ToArray();

    private void WriteBit(int bit)
    {
        long index = _bits >> 3;
        if (index >= _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        if (bit != 0)
        {
            _buffer[index] |= (byte)(1 << (int)(_bits & 7));
        }

        _bits++;
    }
}
