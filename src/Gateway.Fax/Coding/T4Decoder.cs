using System.Buffers;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;

namespace Gateway.Fax.Coding;

/// <summary>
/// Decodes T.4 (MH, MR) and T.6 (MMR) page data (first bit in the least significant bit of each octet).
/// Never throws on bad data: a row that does not decode is counted as bad, replaced by the row above, and
/// MH/MR decoding resynchronises at the next EOL (T.4 §4.1.2); MMR has no EOL to resynchronise on, so it
/// stops at the first error. Output is bounded by <c>maxRows</c>.
/// </summary>
public static partial class T4Decoder
{
    /// <summary>Rows decoded at most (an A3 page at 15.4 lines/mm has about 6,500; unlimited-length pages are cut).</summary>
    public const int DefaultMaxRows = 16384;

    // A row cut short by an EOL: the EOL is consumed and starts the next row, so there is nothing to skip.
    private const string EolInsideRow = "EOL inside a row (row too short)";

    private enum Mode { Pass, Horizontal, V0, VR1, VR2, VR3, VL1, VL2, VL3, Eol, Error }

    /// <summary>Decodes one page of <paramref name="width"/> pels.</summary>
    public static T4DecodeResult Decode(ReadOnlySpan<byte> data, T30Compression compression, int width, FaxResolution resolution, int maxRows = DefaultMaxRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        int capacity = ChangingElements.Capacity(width);
        int[] reference = ArrayPool<int>.Shared.Rent(capacity);
        int[] coding = ArrayPool<int>.Shared.Rent(capacity);
        using var rows = new T4DecodedRows(width);
        try
        {
            var state = new PageState();
            bool end = compression == T30Compression.MMR
                ? DecodeMmr(data, rows, ref reference, ref coding, width, maxRows, ref state)
                : DecodeMhMr(data, compression, rows, ref reference, ref coding, width, maxRows, ref state);
            return new T4DecodeResult(rows.ToPage(resolution), state.Bad, end, state.FirstError) { LongestBadRun = state.LongestBadRun };
        }
        finally
        {
            ArrayPool<int>.Shared.Return(reference);
            ArrayPool<int>.Shared.Return(coding);
        }
    }

    // Bad-row bookkeeping of one page.
    private struct PageState
    {
        public int Bad;
        public int BadRun;
        public int LongestBadRun;
        public string? FirstError;

        public void AddBad(string why, T4DecodedRows rows)
        {
            Bad++;
            LongestBadRun = Math.Max(LongestBadRun, ++BadRun);
            FirstError ??= $"row {rows.Count + 1}: {why}";
            rows.RepeatLast();
        }
    }

    private static bool DecodeMmr(ReadOnlySpan<byte> data, T4DecodedRows rows, ref int[] reference, ref int[] coding, int width, int maxRows, ref PageState state)
    {
        reference[0] = reference[1] = reference[2] = width; // imaginary white line above the first (T.6 §2.2.1)
        var reader = new T4BitReader(data);
        while (rows.Count < maxRows)
        {
            int count = DecodeTwoDimensional(ref reader, reference, coding, width, out string? error, out bool eofb);
            if (eofb)
            {
                return true;
            }

            if (error is not null)
            {
                if (reader.Remaining > 0)
                {
                    state.AddBad(error, rows);
                }

                return false;
            }

            rows.Add(coding, count);
            state.BadRun = 0;
            (reference, coding) = (coding, reference);
        }

        return false;
    }

    private static bool DecodeMhMr(ReadOnlySpan<byte> data, T30Compression compression, T4DecodedRows rows, ref int[] reference, ref int[] coding, int width, int maxRows, ref PageState state)
    {
        reference[0] = reference[1] = reference[2] = width;
        var reader = new T4BitReader(data);
        if (!reader.SkipToNextEol())
        {
            return false;
        }

        while (rows.Count < maxRows)
        {
            // Just after an EOL. MR: a tag bit says how the row is coded (T.4 §4.2.3).
            bool twoDimensional = false;
            if (compression == T30Compression.MR)
            {
                int tag = reader.ReadBit();
                if (tag < 0)
                {
                    return false;
                }

                twoDimensional = tag == 0;
            }

            if (AtEol(reader))
            {
                return true; // EOL straight after EOL: RTC (T.4 §4.1.4)
            }

            string? error;
            int count = twoDimensional
                ? DecodeTwoDimensional(ref reader, reference, coding, width, out error, out _)
                : DecodeOneDimensional(ref reader, coding, width, out error);
            if (error is null && !ExpectEol(ref reader))
            {
                error = reader.Remaining > 0 ? "row longer than the page width or garbage before EOL" : null;
                if (error is null)
                {
                    rows.Add(coding, count);
                    state.BadRun = 0;
                    return false; // data ended right after a complete row: no RTC
                }
            }

            if (error is not null)
            {
                if (reader.Remaining <= 0)
                {
                    return false;
                }

                state.AddBad(error, rows);
                ChangingElements.FromRow(rows.Last, width, reference);
                if (error != EolInsideRow && !reader.SkipToNextEol())
                {
                    return false;
                }

                continue;
            }

            rows.Add(coding, count);
            state.BadRun = 0;
            (reference, coding) = (coding, reference);
        }

        return false;
    }

    /// <summary>True when the next bits are an EOL, eleven or more zeros then a one (fill may lengthen the zeros, T.4 §4.1.2); nothing is consumed.</summary>
    private static bool AtEol(T4BitReader reader)
    {
        var probe = reader;
        return probe.SkipZerosThroughOne(out int zeros) && zeros >= 11;
    }

    /// <summary>Consumes fill and the EOL after a row; false when anything but zeros precedes the EOL's one.</summary>
    private static bool ExpectEol(ref T4BitReader reader) =>
        reader.SkipZerosThroughOne(out int zeros) && zeros >= 11;

    private static int DecodeOneDimensional(ref T4BitReader reader, int[] changes, int width, out string? error)
    {
        int position = 0;
        int count = 0;
        bool black = false;
        while (true)
        {
            int run = ReadRun(ref reader, black);
            if (run < 0)
            {
                error = run == RunLengthCodes.Eol ? EolInsideRow : "invalid run-length code";
                return count;
            }

            position += run;
            if (position > width)
            {
                error = $"runs add up to {position} pels, more than the width {width}";
                return count;
            }

            if (position == width)
            {
                break;
            }

            if (count >= 2 * width)
            {
                // Only empty runs repeated without end get here (a real row changes at most once per pel).
                error = "too many changes in a row";
                return count;
            }

            changes[count++] = position;
            black = !black;
        }

        changes[count] = changes[count + 1] = changes[count + 2] = width;
        error = null;
        return count;
    }

    // T.4 §4.2.1.3 / T.6 §2.2: decode one row against the reference line into its changing elements.
    private static int DecodeTwoDimensional(ref T4BitReader reader, int[] reference, int[] coding, int width, out string? error, out bool eofb)
    {
        int a0 = -1;
        bool black = false;
        int count = 0;
        eofb = false;
        int hint = 0;
        while (a0 < width)
        {
            int b1Index = ChangingElements.FindB1(reference, a0, black, width, ref hint);
            int b1 = reference[b1Index];
            int b2 = reference[b1Index + 1];
            Mode mode = ReadMode(ref reader);
            switch (mode)
            {
                case Mode.Pass:
                    if (b2 >= width)
                    {
                        error = "pass mode beyond the end of the reference line";
                        return count;
                    }

                    a0 = b2;
                    break;
                case Mode.Horizontal:
                    int run1 = ReadRun(ref reader, black);
                    int run2 = run1 < 0 ? -2 : ReadRun(ref reader, !black);
                    if (run1 < 0 || run2 < 0)
                    {
                        error = "invalid run in horizontal mode";
                        return count;
                    }

                    int a1 = Math.Max(a0, 0) + run1;
                    int a2 = a1 + run2;
                    if (a2 > width)
                    {
                        error = $"horizontal mode runs past the width ({a2} > {width})";
                        return count;
                    }

                    if (a2 <= a0)
                    {
                        // Two empty runs: no coder sends that, and repeating it would never end the row.
                        error = "horizontal mode with two empty runs";
                        return count;
                    }

                    AddChange(coding, ref count, a1, width);
                    AddChange(coding, ref count, a2, width);
                    a0 = a2;
                    break;
                case Mode.Eol:
                    if (a0 < 0 && count == 0)
                    {
                        eofb = true; // EOFB (T.6 §2.4) or an EOL at a row start
                    }

                    error = eofb ? null : EolInsideRow;
                    return count;
                case Mode.Error:
                    error = "invalid two-dimensional mode code";
                    return count;
                default:
                    int delta = mode switch
                    {
                        Mode.V0 => 0,
                        Mode.VR1 => 1,
                        Mode.VR2 => 2,
                        Mode.VR3 => 3,
                        Mode.VL1 => -1,
                        Mode.VL2 => -2,
                        _ => -3,
                    };
                    int a1v = b1 + delta;
                    if (a1v < 0 || a1v > width || a1v <= a0 && a0 >= 0)
                    {
                        error = $"vertical mode puts a1 at {a1v}, outside the row";
                        return count;
                    }

                    AddChange(coding, ref count, a1v, width);
                    a0 = a1v;
                    black = !black;
                    break;
            }
        }

        coding[count] = coding[count + 1] = coding[count + 2] = width;
        error = null;
        return count;
    }

    private static void AddChange(int[] coding, ref int count, int position, int width)
    {
        if (position < width)
        {
            coding[count++] = position;
        }
    }
}
