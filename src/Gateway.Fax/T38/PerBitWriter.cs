namespace Gateway.Fax.T38;

/// <summary>Writes ASN.1 aligned-PER bit fields (X.691) most significant bit first.</summary>
internal ref struct PerBitWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _bit;

    /// <summary>Octets used so far (a partial octet counts, padded with zeros).</summary>
    public readonly int Length => (_bit + 7) >> 3;

    public void WriteBits(int value, int count)
    {
        for (var i = count - 1; i >= 0; i--, _bit++)
        {
            var index = _bit >> 3;
            if ((_bit & 7) == 0)
                _buffer[index] = 0;
            if (((value >> i) & 1) != 0)
                _buffer[index] |= (byte)(0x80 >> (_bit & 7));
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
