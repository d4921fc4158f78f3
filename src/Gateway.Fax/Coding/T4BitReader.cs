using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gateway.Fax.Coding;

/// <summary>
/// Reads T.4/T.6 bits in transmission order (first bit in the least significant bit of each octet). Up to
/// 63 unread bits wait in an accumulator, the next one in bit 0, so a code word is looked up with one mask
/// (<see cref="Peek13"/>) and runs of zeros (fill, EOL) are skipped with a trailing-zero count. Past the end
/// of the data the accumulator reads as zeros; <see cref="Remaining"/> tells real bits from those.
/// </summary>
internal ref struct T4BitReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _next;
    private ulong _accumulator;
    private int _buffered;
    private long _position;

    /// <summary>Bits not yet read.</summary>
    public readonly long Remaining => ((long)_data.Length * 8) - _position;

    /// <summary>Position in bits from the start.</summary>
    public readonly long Position => _position;

    /// <summary>The next 13 bits (zeros beyond the end of the data), first in bit 0; not consumed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Peek13()
    {
        if (_buffered < 13)
        {
            Refill();
        }

        return (int)(_accumulator & 0x1FFF);
    }

    /// <summary>Consumes <paramref name="count"/> bits (at most the real bits left, and at most 13 after a <see cref="Peek13"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int count)
    {
        _accumulator >>= count;
        _buffered -= count;
        _position += count;
    }

    /// <summary>The next bit, or -1 at the end of the data.</summary>
    public int ReadBit()
    {
        if (_buffered == 0)
        {
            Refill();
            if (_buffered == 0)
            {
                return -1;
            }
        }

        int bit = (int)(_accumulator & 1);
        Skip(1);
        return bit;
    }

    /// <summary>
    /// Consumes zeros up to and including the next one; <paramref name="zeros"/> counts the zeros. False when
    /// the data ends first (every remaining bit consumed).
    /// </summary>
    public bool SkipZerosThroughOne(out int zeros)
    {
        zeros = 0;
        while (true)
        {
            if (_buffered < 56)
            {
                Refill();
            }

            if (_buffered == 0)
            {
                return false;
            }

            if (_accumulator == 0)
            {
                zeros += _buffered;
                _position += _buffered;
                _buffered = 0;
                continue;
            }

            int run = BitOperations.TrailingZeroCount(_accumulator);
            zeros += run;
            Skip(run + 1);
            return true;
        }
    }

    /// <summary>
    /// Skips to just after the next EOL (eleven or more zeros then a one, T.4 §4.1.2 with fill). Returns
    /// false at the end of the data.
    /// </summary>
    public bool SkipToNextEol()
    {
        while (SkipZerosThroughOne(out int zeros))
        {
            if (zeros >= 11)
            {
                return true;
            }
        }

        return false;
    }

    // Tops the accumulator up to at least 56 bits while data lasts, eight octets at a time where it can.
    private void Refill()
    {
        if (_buffered > 55)
        {
            return;
        }

        if (_next + 8 <= _data.Length)
        {
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_next));
            int octets = (63 - _buffered) >> 3;
            _accumulator |= word << _buffered;
            _next += octets;
            _buffered += octets * 8;
            _accumulator &= (1UL << _buffered) - 1;
            return;
        }

        while (_buffered <= 55 && _next < _data.Length)
        {
            _accumulator |= (ulong)_data[_next++] << _buffered;
            _buffered += 8;
        }
    }
}
