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

    /// <summary>Fills <paramref name="changes"/> from a packed row (MSB = leftmost, 1 = black); returns the count without sentinels; needs room for width + 3 entries.</summary>
    public static int FromRow(ReadOnlySpan<byte> row, int width, Span<int> changes)
    {
        int count = 0;
        bool black = false;
        int x = 0;
        while ((x = NextChange(row, x, black, width)) < width)
        {
            changes[count++] = x;
            black = !black;
        }

        changes[count] = width;
        changes[count + 1] = width;
        changes[count + 2] = width;
        return count;
    }

    /// <summary>
    /// The first pel at or after <paramref name="x"/> whose colour is not <paramref name="black"/>, or the
    /// width: the rest of the octet first, then 64 pels at a time with a leading-zero count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextChange(ReadOnlySpan<byte> row, int x, bool black, int width)
    {
        int i = x >> 3;
        int invert = black ? 0xFF : 0;
        int octet = (row[i] ^ invert) & (0xFF >> (x & 7));
        if (octet != 0)
        {
            return Math.Min((i << 3) + BitOperations.LeadingZeroCount((uint)octet) - 24, width);
        }

        i++;
        ulong invert64 = black ? ulong.MaxValue : 0;
        while (i + 8 <= row.Length)
        {
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(row.Slice(i)) ^ invert64;
            if (word != 0)
            {
                return Math.Min((i << 3) + BitOperations.LeadingZeroCount(word), width);
            }

            i += 8;
        }

        for (; i < row.Length; i++)
        {
            octet = row[i] ^ invert;
            if (octet != 0)
            {
                return Math.Min((i << 3) + BitOperations.LeadingZeroCount((uint)octet) - 24, width);
            }
        }

        return width;
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
