using System.Buffers;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;

namespace Gateway.Fax.Coding;

/// <summary>
/// Codes a <see cref="FaxPage"/> for transmission: T.4 one-dimensional (MH, §4.1), T.4 two-dimensional
/// (MR, §4.2, K rows per 1D row) or T.6 (MMR). MH/MR rows start with EOL (MR: EOL + tag bit), each row is
/// filled with zeros before the next EOL to at least the minimum bits per row (§4.1.2), and the page ends
/// with RTC (six EOLs, §4.1.4). MMR has no EOL and no fill and ends with EOFB (T.6 §2.4).
/// Table-driven: rows become changing elements by scanning 64 pels at a time, every code word comes
/// precomputed in transmission order (<see cref="RunLengthCodes"/>), and nothing is allocated per row.
/// </summary>
public static class T4Encoder
{
    // T.4 Table 4 mode codes and EOL (T.4 §4.1.2), written first bit first as the Recommendation prints them.
    private static readonly uint Eol = RunLengthCodes.Reverse(0b000000000001, 12);
    private static readonly uint Pass = RunLengthCodes.Reverse(0b0001, 4);
    private static readonly uint Horizontal = RunLengthCodes.Reverse(0b001, 3);

    // Vertical modes by a1 − b1 + 3 (VL3, VL2, VL1, V0, VR1, VR2, VR3).
    private static readonly uint[] VerticalBits =
    [
        RunLengthCodes.Reverse(0b0000010, 7), RunLengthCodes.Reverse(0b000010, 6), RunLengthCodes.Reverse(0b010, 3), 1,
        RunLengthCodes.Reverse(0b011, 3), RunLengthCodes.Reverse(0b000011, 6), RunLengthCodes.Reverse(0b0000011, 7),
    ];

    private static readonly int[] VerticalLengths = [7, 6, 3, 1, 3, 6, 7];

    /// <summary>Codes <paramref name="page"/>; <paramref name="kFactor"/> applies to MR (2 standard, 4 finer: T.4 §4.2.1).</summary>
    public static byte[] Encode(FaxPage page, T30Compression compression, int kFactor = 2, int minBitsPerRow = 0)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(kFactor, 1);
        if (compression is not (T30Compression.MH or T30Compression.MR or T30Compression.MMR))
        {
            throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown coding");
        }

        using var writer = new T4BitWriter(Math.Max(1024, page.Bits.Length / 8));
        int capacity = ChangingElements.Capacity(page.Width);
        int[] reference = ArrayPool<int>.Shared.Rent(capacity);
        int[] coding = ArrayPool<int>.Shared.Rent(capacity);
        try
        {
            // The line before the first is imaginary white (T.6 §2.2.1).
            reference[0] = reference[1] = reference[2] = page.Width;
            for (int y = 0; y < page.Height; y++)
            {
                int count = ChangingElements.FromRow(page.GetRow(y), page.Width, coding);
                long rowStart = writer.BitCount;
                switch (compression)
                {
                    case T30Compression.MH:
                        writer.WriteBits(Eol, 12);
                        WriteOneDimensional(writer, coding, count, page.Width);
                        break;
                    case T30Compression.MR when y % kFactor == 0:
                        writer.WriteBits(Eol | (1u << 12), 13); // EOL + tag 1: one-dimensional row (T.4 §4.2.3)
                        WriteOneDimensional(writer, coding, count, page.Width);
                        break;
                    case T30Compression.MR:
                        writer.WriteBits(Eol, 13); // EOL + tag 0: two-dimensional row
                        WriteTwoDimensional(writer, reference, coding, count, page.Width);
                        break;
                    default:
                        WriteTwoDimensional(writer, reference, coding, count, page.Width);
                        break;
                }

                if (compression != T30Compression.MMR && minBitsPerRow > 0)
                {
                    // Fill sits between the row's data and the next EOL, so the row's EOL counts too (T.4 §4.1.2).
                    long used = writer.BitCount - rowStart;
                    if (used < minBitsPerRow)
                    {
                        writer.WriteZeros(minBitsPerRow - used);
                    }
                }

                (reference, coding) = (coding, reference);
            }

            if (compression == T30Compression.MMR)
            {
                writer.WriteBits(Eol, 12); // EOFB: two EOLs (T.6 §2.4)
                writer.WriteBits(Eol, 12);
            }
            else
            {
                // RTC: six EOLs, each with tag 1 in MR (T.4 §4.1.4, §4.2.4).
                uint eol = compression == T30Compression.MR ? Eol | (1u << 12) : Eol;
                int length = compression == T30Compression.MR ? 13 : 12;
                for (int i = 0; i < 6; i++)
                {
                    writer.WriteBits(eol, length);
                }
            }

            return writer.ToArray();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(reference);
            ArrayPool<int>.Shared.Return(coding);
        }
    }

    private static void WriteOneDimensional(T4BitWriter writer, ReadOnlySpan<int> changes, int count, int width)
    {
        int previous = 0;
        bool black = false;
        for (int i = 0; i < count; i++)
        {
            RunLengthCodes.WriteRun(writer, changes[i] - previous, black);
            previous = changes[i];
            black = !black;
        }

        RunLengthCodes.WriteRun(writer, width - previous, black);
    }

    // T.4 §4.2.1.3: pass, vertical and horizontal modes against the reference line.
    private static void WriteTwoDimensional(T4BitWriter writer, ReadOnlySpan<int> reference, ReadOnlySpan<int> coding, int count, int width)
    {
        int a0 = -1;
        bool black = false;
        int ai = 0; // index of a1 in the coding line's changes
        int hint = 0;
        while (true)
        {
            while (ai < count && coding[ai] <= a0)
            {
                ai++;
            }

            int a1 = ai < count ? coding[ai] : width;
            int b1Index = ChangingElements.FindB1(reference, a0, black, width, ref hint);
            int b1 = reference[b1Index];
            int b2 = reference[b1Index + 1];
            if (b2 < a1)
            {
                writer.WriteBits(Pass, 4);
                a0 = b2;
                continue;
            }

            int delta = a1 - b1;
            if (delta is >= -3 and <= 3)
            {
                writer.WriteBits(VerticalBits[delta + 3], VerticalLengths[delta + 3]);
                a0 = a1;
                black = !black;
            }
            else
            {
                int a2 = ai + 1 < count ? coding[ai + 1] : width;
                writer.WriteBits(Horizontal, 3);
                RunLengthCodes.WriteRun(writer, a1 - Math.Max(a0, 0), black);
                RunLengthCodes.WriteRun(writer, a2 - a1, !black);
                a0 = a2;
            }

            if (a0 >= width)
            {
                return;
            }
        }
    }
}
