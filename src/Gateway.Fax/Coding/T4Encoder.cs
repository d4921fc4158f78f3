using System.Buffers;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;

namespace Gateway.Fax.Coding;

/// <summary>
/// Codes a <see cref="FaxPage"/> for transmission: T.4 one-dimensional (MH, §4.1), T.4 two-dimensional
/// (MR, §4.2, K rows per 1D row) or T.6 (MMR). MH/MR rows start with EOL (MR: EOL + tag bit), each row is
/// filled with zeros before the next EOL to at least the minimum bits per row (§4.1.2), and the page ends
/// with RTC (six EOLs, §4.1.4). MMR has no EOL and no fill and ends with EOFB (T.6 §2.4).
/// </summary>
public static class T4Encoder
{
    private const int EolCode = 1;
    private const int EolLength = 12;

    /// <summary>Codes <paramref name="page"/>; <paramref name="kFactor"/> applies to MR (2 standard, 4 finer: T.4 §4.2.1).</summary>
    public static byte[] Encode(FaxPage page, T30Compression compression, int kFactor = 2, int minBitsPerRow = 0)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(kFactor, 1);
        var writer = new T4BitWriter(Math.Max(1024, page.Bits.Length / 8));
        int[] reference = ArrayPool<int>.Shared.Rent(page.Width + 5);
        int[] coding = ArrayPool<int>.Shared.Rent(page.Width + 5);
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
                        WriteEol(writer, tag: null);
                        WriteOneDimensional(writer, coding, count, page.Width);
                        break;
                    case T30Compression.MR:
                        bool oneDimensional = y % kFactor == 0;
                        WriteEol(writer, tag: oneDimensional ? 1 : 0);
                        if (oneDimensional)
                        {
                            WriteOneDimensional(writer, coding, count, page.Width);
                        }
                        else
                        {
                            WriteTwoDimensional(writer, reference, coding, count, page.Width);
                        }

                        break;
                    case T30Compression.MMR:
                        WriteTwoDimensional(writer, reference, coding, count, page.Width);
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown coding");
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
                writer.Write(EolCode, EolLength); // EOFB: two EOLs (T.6 §2.4)
                writer.Write(EolCode, EolLength);
            }
            else
            {
                for (int i = 0; i < 6; i++)
                {
                    WriteEol(writer, compression == T30Compression.MR ? 1 : null); // RTC (T.4 §4.1.4, §4.2.4)
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

    private static void WriteEol(T4BitWriter writer, int? tag)
    {
        writer.Write(EolCode, EolLength);
        if (tag is { } t)
        {
            writer.Write(t, 1);
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
        while (true)
        {
            while (ai < count && coding[ai] <= a0)
            {
                ai++;
            }

            int a1 = ai < count ? coding[ai] : width;
            int b1Index = FirstOpposite(reference, a0, black, width);
            int b1 = reference[b1Index];
            int b2 = reference[b1Index + 1];
            if (b2 < a1)
            {
                writer.Write(0b0001, 4); // pass mode
                a0 = b2;
                continue;
            }

            int delta = a1 - b1;
            if (delta is >= -3 and <= 3)
            {
                WriteVertical(writer, delta);
                a0 = a1;
                black = !black;
            }
            else
            {
                int a2 = ai + 1 < count ? coding[ai + 1] : width;
                writer.Write(0b001, 3); // horizontal mode
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

    /// <summary>Index of b1: the first changing element on the reference line right of a0 with the colour opposite a0's.</summary>
    internal static int FirstOpposite(ReadOnlySpan<int> reference, int a0, bool a0Black, int width)
    {
        // Even indices turn black, odd turn white; the opposite of a white a0 is a black element (even
        // index). The sentinels (three times the width) stop the walk whichever parity it has.
        int i = a0Black ? 1 : 0;
        while (reference[i] <= a0 && reference[i] < width)
        {
            i += 2;
        }

        return i;
    }

    private static void WriteVertical(T4BitWriter writer, int delta)
    {
        switch (delta)
        {
            case 0: writer.Write(0b1, 1); break;
            case 1: writer.Write(0b011, 3); break;
            case 2: writer.Write(0b000011, 6); break;
            case 3: writer.Write(0b0000011, 7); break;
            case -1: writer.Write(0b010, 3); break;
            case -2: writer.Write(0b000010, 6); break;
            default: writer.Write(0b0000010, 7); break;
        }
    }
}
