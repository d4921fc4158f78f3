using System.Numerics;

namespace Gateway.Fax.Coding;

/// <summary>
/// A scan line as its changing elements (T.4 §4.2.1.3.1: a pel whose colour differs from the previous pel
/// on the same line; the line starts with an imaginary white pel). Element 0 turns black, element 1 white,
/// and so on. Three sentinels equal to the width close the list, as the 2D coding rules need b1/b2 beyond
/// the last real change.
/// </summary>
internal static class ChangingElements
{
    /// <summary>Fills <paramref name="changes"/> from a packed row (MSB = leftmost, 1 = black); returns the count without sentinels; needs room for width + 3 entries.</summary>
    public static int FromRow(ReadOnlySpan<byte> row, int width, Span<int> changes)
    {
        int count = 0;
        bool black = false;
        int x = 0;
        while (x < width)
        {
            // Skip whole octets that continue the current colour: the common case on a fax page.
            if ((x & 7) == 0 && x + 8 <= width)
            {
                byte b = row[x >> 3];
                if (b == (black ? 0xFF : 0x00))
                {
                    x += 8;
                    continue;
                }

                // The first pel of the other colour within this octet.
                int v = black ? (byte)~b : b;
                int offset = BitOperations.LeadingZeroCount((uint)v) - 24;
                x += offset;
                changes[count++] = x;
                black = !black;
                continue;
            }

            bool pel = (row[x >> 3] & (0x80 >> (x & 7))) != 0;
            if (pel != black)
            {
                changes[count++] = x;
                black = pel;
            }

            x++;
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
        for (int i = 0; i + 1 <= count; i += 2)
        {
            int from = changes[i];
            int to = i + 1 < count ? changes[i + 1] : width;
            for (int x = from; x < to; x++)
            {
                row[x >> 3] |= (byte)(0x80 >> (x & 7));
            }
        }
    }
}
