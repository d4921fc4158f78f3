namespace Gateway.Fax.Coding;

/// <summary>Code-word reading of <see cref="T4Decoder"/>: run lengths (T.4 Tables 2-3) and 2D modes (T.4 Table 4), each by one table look-up.</summary>
public static partial class T4Decoder
{
    /// <summary>A whole run: make-up codes then a terminating code. Negative: EOL (−1) or an invalid code (−2).</summary>
    private static int ReadRun(ref T4BitReader reader, bool black)
    {
        int total = 0;
        while (true)
        {
            int value = ReadCode(ref reader, black);
            if (value < 0)
            {
                return value;
            }

            total += value;
            if (value < 64)
            {
                return total; // a terminating code ends the run (T.4 §4.1.1.3)
            }

            if (total > 65536)
            {
                return -2;
            }
        }
    }

    // One code word by a single look-up of the next 13 bits (RunLengthCodes' tables). Like a bit-by-bit
    // search, a bad word costs 13 bits and a word cut off by the end of the data consumes what is left.
    private static int ReadCode(ref T4BitReader reader, bool black)
    {
        int entry = (black ? RunLengthCodes.BlackDecode : RunLengthCodes.WhiteDecode)[reader.Peek13()];
        int length = entry & 31;
        long remaining = reader.Remaining;
        if (length == 0 || length > remaining)
        {
            reader.Skip((int)Math.Min(RunLengthCodes.MaxCodeLength, remaining));
            return -2;
        }

        reader.Skip(length);
        return entry >> 5;
    }

    // Mode codes of T.4 Table 4 by the next 7 bits in transmission order: entry = mode << 3 | code length,
    // 0 when the 7 bits are all zeros (EOL, fill or an error: counted the slow way).
    private static readonly byte[] ModeTable = BuildModeTable();

    private static byte[] BuildModeTable()
    {
        var table = new byte[128];
        (int Code, int Length, Mode Mode)[] codes =
        [
            (0b1, 1, Mode.V0), (0b011, 3, Mode.VR1), (0b010, 3, Mode.VL1), (0b001, 3, Mode.Horizontal), (0b0001, 4, Mode.Pass),
            (0b000011, 6, Mode.VR2), (0b000010, 6, Mode.VL2), (0b0000011, 7, Mode.VR3), (0b0000010, 7, Mode.VL3),
        ];
        foreach ((int code, int length, Mode mode) in codes)
        {
            int first = (int)RunLengthCodes.Reverse(code, length);
            for (int rest = 0; rest < 1 << (7 - length); rest++)
            {
                table[first | (rest << length)] = (byte)(((int)mode << 3) | length);
            }
        }

        return table;
    }

    private static Mode ReadMode(ref T4BitReader reader)
    {
        int entry = ModeTable[reader.Peek13() & 0x7F];
        int length = entry & 7;
        if (length != 0 && length <= reader.Remaining)
        {
            reader.Skip(length);
            return (Mode)(entry >> 3);
        }

        // Eleven or more zeros then a one are EOL (with fill); the end of the data is an error, and a code
        // cut short by it reads as the bits that are there.
        if (!reader.SkipZerosThroughOne(out int zeros))
        {
            return Mode.Error;
        }

        switch (zeros)
        {
            case 0:
                return Mode.V0;
            case 1:
                return reader.ReadBit() == 1 ? Mode.VR1 : Mode.VL1;
            case 2:
                return Mode.Horizontal;
            case 3:
                return Mode.Pass;
            case 4:
                return reader.ReadBit() == 1 ? Mode.VR2 : Mode.VL2;
            case 5:
                return reader.ReadBit() == 1 ? Mode.VR3 : Mode.VL3;
            default:
                return zeros >= 11 ? Mode.Eol : Mode.Error;
        }
    }
}
