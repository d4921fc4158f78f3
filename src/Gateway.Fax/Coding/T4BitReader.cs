namespace Gateway.Fax.Coding;

/// <summary>Reads T.4/T.6 bits in transmission order (first bit in the least significant bit of each octet).</summary>
internal ref struct T4BitReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private long _position;

    /// <summary>Bits not yet read.</summary>
    public readonly long Remaining => ((long)_data.Length * 8) - _position;

    /// <summary>Position in bits from the start.</summary>
    public readonly long Position => _position;

    /// <summary>The next bit, or -1 at the end of the data.</summary>
    public int ReadBit()
    {
        if (_position >= (long)_data.Length * 8)
        {
            return -1;
        }

        int bit = (_data[(int)(_position >> 3)] >> (int)(_position & 7)) & 1;
        _position++;
        return bit;
    }

    /// <summary>The next bit without consuming it, or -1.</summary>
    public readonly int PeekBit() =>
        _position >= (long)_data.Length * 8 ? -1 : (_data[(int)(_position >> 3)] >> (int)(_position & 7)) & 1;

    /// <summary>
    /// Skips to just after the next EOL (eleven or more zeros then a one, T.4 §4.1.2 with fill). Returns
    /// false at the end of the data.
    /// </summary>
    public bool SkipToNextEol()
    {
        int zeros = 0;
        while (true)
        {
            int bit = ReadBit();
            if (bit < 0)
            {
                return false;
            }

            if (bit == 0)
            {
                zeros++;
            }
            else if (zeros >= 11)
            {
                return true;
            }
            else
            {
                zeros = 0;
            }
        }
    }
}
