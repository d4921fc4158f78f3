using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gateway.Fax.Coding;

/// <summary>
/// A scan line as its changing elements (T.4 §4.2.1.3.1: a pel whose colour differs from the previous pel
/// on the same line; the line starts with an imaginary white pel). Element 0 turns black, element 1 white,
/// and so on. Three sentinels equal to the width close the list, as the 2D coding rules need b1/b2 beyond
/// the last real change.
/// </summary>
internal static class ChangingElements
{
    /// <summary>Entries a changes buffer needs for a row of <paramref name="width"/> pels, sentinels included (a corrupt 2D row may repeat positions, up to two per pel).</summary>
    public static int Capacity(int width) => (2 * width) + 8;

    /// <summary>
    /// Fills <paramref name="changes"/> from a packed row (MSB = leftmost, 1 = black); returns the count
    /// without sentinels; needs room for width + 3 entries. Works on 64 pels at a time: a pel is a changing
    /// element where it differs from the pel on its left, so word XOR (word shifted right by one, with the
    /// last pel of the previous word in front) has a one at every changing element, and a leading-zero
    /// count walks them left to right. White stretches cost one XOR per 64 pels.
    /// </summary>
    public static int FromRow(ReadOnlySpan<byte> row, int width, Span<int> changes)
    {
        int count = 0;
        ulong previous = 0; // the imaginary white pel before the row (T.4 §4.2.1.3.1)
        int octets = (width + 7) >> 3;
        for (int i = 0; i < octets; i += 8)
        {
            ulong word;
            if (i + 8 <= row.Length)
            {
                word = BinaryPrimitives.ReadUInt64BigEndian(row.Slice(i));
            }
            else
            {
                word = 0;
                for (int k = 0; i + k < octets; k++)
                {
                    word |= (ulong)row[i + k] << (56 - (8 * k));
                }
            }

            ulong edges = word ^ ((word >> 1) | (previous << 63));
            previous = word & 1;
            int origin = i << 3;
            int beyond = origin + 64 - width;
            if (beyond > 0)
            {
                edges &= ulong.MaxValue << beyond; // padding pels after the last one are not part of the row
            }

            while (edges != 0)
            {
                int offset = BitOperations.LeadingZeroCount(edges);
                changes[count++] = origin + offset;
                edges ^= 0x8000_0000_0000_0000UL >> offset;
            }
        }

        changes[count] = width;
        changes[count + 1] = width;
        changes[count + 2] = width;
        return count;
    }

    /// <summary>Writes a row's pels (packed, MSB first) from its changing elements.</summary>
    public static void ToRow(ReadOnlySpan<int> changes, int count, int width, Span<byte> row)
    {
        row.Clear();
        for (int i = 0; i < count; i += 2)
        {
            int from = changes[i];
            int to = i + 1 < count ? changes[i + 1] : width;
            FillBlack(row, from, Math.Min(to, width));
        }
    }

    /// <summary>Sets pels [<paramref name="from"/>, <paramref name="to"/>) black, whole octets at a time.</summary>
    private static void FillBlack(Span<byte> row, int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        int first = from >> 3;
        int last = (to - 1) >> 3;
        byte firstMask = (byte)(0xFF >> (from & 7));
        byte lastMask = (byte)(0xFF << (7 - ((to - 1) & 7)));
        if (first == last)
        {
            row[first] |= (byte)(firstMask & lastMask);
            return;
        }

        row[first] |= firstMask;
        row.Slice(first + 1, last - first - 1).Fill(0xFF);
        row[last] |= lastMask;
    }

    /// <summary>
    /// Index of b1 (T.4 §4.2.1.3.1): the first changing element on the reference line right of a0 with the
    /// colour opposite a0's. Even indices turn black, odd turn white, so the opposite of a white a0 is at an
    /// even index. <paramref name="hint"/> is where the last search ended: b1 only moves right along a line,
    /// except by one element after a vertical-left code, so the search starts there instead of at 0 (which
    /// would make a row cost the square of its changes). The sentinels stop the walk whichever parity it has.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FindB1(ReadOnlySpan<int> reference, int a0, bool a0Black, int width, ref int hint)
    {
        int parity = a0Black ? 1 : 0;
        int i = hint - ((hint ^ parity) & 1);
        if (i < parity)
        {
            i = parity;
        }

        while (i >= 2 && reference[i - 2] > a0)
        {
            i -= 2;
        }

        while (reference[i] <= a0 && reference[i] < width)
        {
            i += 2;
        }

        hint = i;
        return i;
    }
}
