namespace Gateway.Fax.T38;

/// <summary>Reads ASN.1 aligned-PER bit fields (X.691) most significant bit first.</summary>
internal ref struct PerBitReader(ReadOnlySpan<byte> buffer, int bit = 0)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _bit = bit;

    public readonly int BitPosition => _bit;
    public readonly int OctetPosition => (_bit + 7) >> 3;
    public readonly bool AtEnd => OctetPosition >= _buffer.Length;

    /// <summary>Reads 1 to 16 bits.</summary>
    public bool TryReadBits(int count, out int value)
    {
        if (_bit + count > _buffer.Length * 8)
        {
            value = 0;
            return false;
        }
        // The bits lie within three octets (at most 7 bits of offset + 16 bits): take them as one window.
        var index = _bit >> 3;
        var window = _buffer[index] << 16;
        if (index + 1 < _buffer.Length)
            window |= _buffer[index + 1] << 8;
        if (index + 2 < _buffer.Length)
            window |= _buffer[index + 2];
        value = (window >> (24 - (_bit & 7) - count)) & ((1 << count) - 1);
        _bit += count;
        return true;
    }

    public void Align() => _bit = (_bit + 7) & ~7;

    public bool TryReadOctets(int count, out ReadOnlySpan<byte> octets)
    {
        Align();
        var start = _bit >> 3;
        if (start + count > _buffer.Length)
        {
            octets = default;
            return false;
        }
        octets = _buffer.Slice(start, count);
        _bit += count * 8;
        return true;
    }
}
