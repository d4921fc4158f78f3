namespace Gateway.Fax.T38;

/// <summary>Reads ASN.1 aligned-PER bit fields (X.691) most significant bit first.</summary>
internal ref struct PerBitReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _bit;

    public readonly int BitPosition => _bit;
    public readonly int OctetPosition => (_bit + 7) >> 3;
    public readonly bool AtEnd => OctetPosition >= _buffer.Length;

    public bool TryReadBits(int count, out int value)
    {
        value = 0;
        if (_bit + count > _buffer.Length * 8)
            return false;
        for (var i = 0; i < count; i++, _bit++)
            value = (value << 1) | ((_buffer[_bit >> 3] >> (7 - (_bit & 7))) & 1);
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
