namespace Gateway.Fax.T38;

/// <summary>Writes ASN.1 aligned-PER bit fields (X.691) most significant bit first.</summary>
internal ref struct PerBitWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _bit;

    /// <summary>Octets used so far (a partial octet counts, padded with zeros).</summary>
    public readonly int Length => (_bit + 7) >> 3;

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/> (1 to 16), an octet at a time.</summary>
    public void WriteBits(int value, int count)
    {
        while (count > 0)
        {
            var index = _bit >> 3;
            var used = _bit & 7;
            if (used == 0)
                _buffer[index] = 0;
            var free = 8 - used;
            var n = Math.Min(free, count);
            var bits = (value >> (count - n)) & ((1 << n) - 1);
            _buffer[index] |= (byte)(bits << (free - n));
            _bit += n;
            count -= n;
        }
    }

    public void Align() => _bit = (_bit + 7) & ~7;

    public void WriteOctets(ReadOnlySpan<byte> octets)
    {
        Align();
        octets.CopyTo(_buffer[(_bit >> 3)..]);
        _bit += octets.Length * 8;
    }
}
