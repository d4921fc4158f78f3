namespace Gateway.Fax.Coding;

/// <summary>
/// The Modified Huffman run-length code words of T.4 §4.1.1 (Table 2: terminating codes 0–63; Table 3:
/// make-up codes 64–1728; Table 4 / T.6: extended make-up codes 1792–2560, common to both colours).
/// Written as bit strings in transmission order, so the table reads like the Recommendation.
/// </summary>
internal static class RunLengthCodes
{
    /// <summary>Longest run one make-up code can carry; longer runs repeat it (T.4 §4.1.1.3).</summary>
    public const int MaxMakeUp = 2560;

    /// <summary>Decoded value of a code that is EOL rather than a run.</summary>
    public const int Eol = -1;

    private static readonly string[] WhiteTerminating =
    [
        "00110101", "000111", "0111", "1000", "1011", "1100", "1110", "1111", "10011", "10100", "00111", "01000",
        "001000", "000011", "110100", "110101", "101010", "101011", "0100111", "0001100", "0001000", "0010111",
        "0000011", "0000100", "0101000", "0101011", "0010011", "0100100", "0011000", "00000010", "00000011",
        "00011010", "00011011", "00010010", "00010011", "00010100", "00010101", "00010110", "00010111", "00101000",
        "00101001", "00101010", "00101011", "00101100", "00101101", "00000100", "00000101", "00001010", "00001011",
        "01010010", "01010011", "01010100", "01010101", "00100100", "00100101", "01011000", "01011001", "01011010",
        "01011011", "01001010", "01001011", "00110010", "00110011", "00110100",
    ];

    private static readonly string[] BlackTerminating =
    [
        "0000110111", "010", "11", "10", "011", "0011", "0010", "00011", "000101", "000100", "0000100", "0000101",
        "0000111", "00000100", "00000111", "000011000", "0000010111", "0000011000", "0000001000", "00001100111",
        "00001101000", "00001101100", "00000110111", "00000101000", "00000010111", "00000011000", "000011001010",
        "000011001011", "000011001100", "000011001101", "000001101000", "000001101001", "000001101010",
        "000001101011", "000011010010", "000011010011", "000011010100", "000011010101", "000011010110",
        "000011010111", "000001101100", "000001101101", "000011011010", "000011011011", "000001010100",
        "000001010101", "000001010110", "000001010111", "000001100100", "000001100101", "000001010010",
        "000001010011", "000000100100", "000000110111", "000000111000", "000000100111", "000000101000",
        "000001011000", "000001011001", "000000101011", "000000101100", "000001011010", "000001100110",
        "000001100111",
    ];

    // Make-up codes for 64, 128, ... 1728.
    private static readonly string[] WhiteMakeUp =
    [
        "11011", "10010", "010111", "0110111", "00110110", "00110111", "01100100", "01100101", "01101000",
        "01100111", "011001100", "011001101", "011010010", "011010011", "011010100", "011010101", "011010110",
        "011010111", "011011000", "011011001", "011011010", "011011011", "010011000", "010011001", "010011010",
        "011000", "010011011",
    ];

    private static readonly string[] BlackMakeUp =
    [
        "0000001111", "000011001000", "000011001001", "000001011011", "000000110011", "000000110100",
        "000000110101", "0000001101100", "0000001101101", "0000001001010", "0000001001011", "0000001001100",
        "0000001001101", "0000001110010", "0000001110011", "0000001110100", "0000001110101", "0000001110110",
        "0000001110111", "0000001010010", "0000001010011", "0000001010100", "0000001010101", "0000001011010",
        "0000001011011", "0000001100100", "0000001100101",
    ];

    // Extended make-up codes for 1792, 1856, ... 2560 (both colours).
    private static readonly string[] ExtendedMakeUp =
    [
        "00000001000", "00000001100", "00000001101", "000000010010", "000000010011", "000000010100",
        "000000010101", "000000010110", "000000010111", "000000011100", "000000011101", "000000011110",
        "000000011111",
    ];

    private static readonly (int Code, int Length)[] WhiteByRun = Build(WhiteTerminating, WhiteMakeUp);
    private static readonly (int Code, int Length)[] BlackByRun = Build(BlackTerminating, BlackMakeUp);

    /// <summary>Longest code word (black make-up codes, 13 bits): the look-ahead of the decoding tables.</summary>
    public const int MaxCodeLength = 13;

    // Encoding: for each run 0..2560 the make-up code (if any) and the terminating code joined into one
    // word in transmission order (at most 13 + 12 bits), with its length in the upper half.
    private static readonly ulong[] WhiteRun = BuildEncode(WhiteByRun);
    private static readonly ulong[] BlackRun = BuildEncode(BlackByRun);

    /// <summary>
    /// Decoding tables indexed by the next 13 bits in transmission order (first bit in bit 0): entry =
    /// value &lt;&lt; 5 | code length, value being the run (0-2560) or <see cref="Eol"/>; 0 = no code word.
    /// </summary>
    public static readonly int[] WhiteDecode = BuildDecode(WhiteByRun);

    /// <inheritdoc cref="WhiteDecode"/>
    public static readonly int[] BlackDecode = BuildDecode(BlackByRun);

    /// <summary>Writes a run of <paramref name="run"/> pels: make-up codes as needed, then one terminating code.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void WriteRun(T4BitWriter writer, int run, bool black)
    {
        while (run > MaxMakeUp)
        {
            // Longer runs repeat the 2560 make-up code (T.4 §4.1.1.3); its terminating 0 is not sent here.
            (int code, int length) = (black ? BlackByRun : WhiteByRun)[64 + (MaxMakeUp / 64) - 1];
            writer.WriteBits(Reverse(code, length), length);
            run -= MaxMakeUp;
        }

        ulong entry = (black ? BlackRun : WhiteRun)[run];
        writer.WriteBits((uint)entry, (int)(entry >> 32));
    }

    /// <summary>The low <paramref name="length"/> bits of <paramref name="code"/> in reverse order (T.4 prints codes first bit first; the writer wants the first bit in bit 0).</summary>
    public static uint Reverse(int code, int length) => (uint)(BitReverse32((uint)code) >> (32 - length));

    private static uint BitReverse32(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v);
    }

    private static ulong[] BuildEncode((int Code, int Length)[] table)
    {
        var entries = new ulong[MaxMakeUp + 1];
        for (int run = 0; run <= MaxMakeUp; run++)
        {
            (int code, int length) = table[run % 64];
            uint word = Reverse(code, length);
            int total = length;
            if (run >= 64)
            {
                (int makeUp, int makeUpLength) = table[64 + (run / 64) - 1];
                word = Reverse(makeUp, makeUpLength) | (word << makeUpLength);
                total += makeUpLength;
            }

            entries[run] = word | ((ulong)total << 32);
        }

        return entries;
    }

    private static int[] BuildDecode((int Code, int Length)[] table)
    {
        var decode = new int[1 << MaxCodeLength];
        for (int i = 0; i < table.Length; i++)
        {
            int run = i < 64 ? i : (i - 63) * 64;
            Add(decode, table[i].Code, table[i].Length, run);
        }

        Add(decode, 1, 12, Eol); // EOL, 000000000001 (T.4 §4.1.2)
        return decode;
    }

    private static void Add(int[] decode, int code, int length, int value)
    {
        int first = (int)Reverse(code, length);
        for (int rest = 0; rest < 1 << (MaxCodeLength - length); rest++)
        {
            decode[first | (rest << length)] = (value << 5) | length;
        }
    }

    // Index 0..63: terminating codes; 64 + k - 1: make-up code for k × 64 (k = 1..40).
    private static (int, int)[] Build(string[] terminating, string[] makeUp)
    {
        var table = new (int, int)[64 + 40];
        for (int i = 0; i < 64; i++)
        {
            table[i] = Parse(terminating[i]);
        }

        for (int k = 1; k <= 27; k++)
        {
            table[64 + k - 1] = Parse(makeUp[k - 1]);
        }

        for (int k = 28; k <= 40; k++)
        {
            table[64 + k - 1] = Parse(ExtendedMakeUp[k - 28]);
        }

        return table;
    }

    private static (int Code, int Length) Parse(string bits)
    {
        int code = 0;
        foreach (char c in bits)
        {
            code = (code << 1) | (c - '0');
        }

        return (code, bits.Length);
    }
}
