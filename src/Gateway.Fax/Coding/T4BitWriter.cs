using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.Fax.Coding;

/// <summary>
/// Packs T.4/T.6 code bits in transmission order, the first bit into the least significant bit of each
/// octet (the order T.30 sends octets in and IT30PageSource promises). Codes arrive already in that order
/// (<see cref="RunLengthCodes"/> keeps them bit-reversed), are gathered in a 64-bit accumulator and stored
/// 32 bits at a time into a pooled buffer, so a page costs one allocation: the result.
/// </summary>
internal sealed class T4BitWriter : IDisposable
{
    private byte[] _buffer;
    private int _octets;
    private ulong _accumulator;
    private int _pending;

    public T4BitWriter(int capacity = 8192)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(64, capacity));
    }

    /// <summary>Bits written so far.</summary>
    public long BitCount => ((long)_octets * 8) + _pending;

    /// <summary>Writes <paramref name="length"/> (at most 32) bits, the first to go on the line in bit 0; higher bits of <paramref name="bits"/> must be clear.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBits(uint bits, int length)
    {
        _accumulator |= (ulong)bits << _pending;
        _pending += length;
        if (_pending >= 32)
        {
            Flush32();
        }
    }

    /// <summary>Writes the low <paramref name="length"/> bits of <paramref name="code"/>, most significant first (as T.4's tables print codes).</summary>
    public void Write(int code, int length) => WriteBits(RunLengthCodes.Reverse(code, length), length);

    /// <summary>Writes <paramref name="count"/> zero bits (fill, T.4 §4.1.2).</summary>
    public void WriteZeros(long count)
    {
        while (count > 0)
        {
            int step = (int)Math.Min(count, 32);
            _pending += step;
            if (_pending >= 32)
            {
                Flush32();
            }

            count -= step;
        }
    }

    /// <summary>The coded octets; a partial last octet is padded with zero bits.</summary>
    public byte[] ToArray()
    {
        int tail = (_pending + 7) >> 3;
        EnsureRoom(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_octets), _accumulator);
        return _buffer.AsSpan(0, _octets + tail).ToArray();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Flush32()
    {
        EnsureRoom(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_octets), (uint)_accumulator);
        _octets += 4;
        _accumulator >>= 32;
        _pending -= 32;
    }

    private void EnsureRoom(int octets)
    {
        if (_octets + octets > _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _octets).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
