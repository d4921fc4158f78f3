using Gateway.Fax.Coding;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Xunit;

namespace Gateway.Fax.Tests.Coding;

/// <summary>
/// The decoder on hostile and damaged input: it never throws, its output stays bounded, and MH/MR decoding
/// resynchronises at the next EOL (T.4 §4.1.2) so a damaged row costs a few rows, not the page.
/// </summary>
public sealed class T4DecoderFuzzTests
{
    private static readonly T30Compression[] Compressions = [T30Compression.MH, T30Compression.MR, T30Compression.MMR];

    [Fact]
    public void Repeated_empty_horizontal_runs_are_a_bad_row_not_an_endless_row()
    {
        // MMR: horizontal mode (001) with white 0 (00110101) and black 0 (0000110111), over and over. The
        // first makes the row start black-then-white at pel 0; the rest make no progress (T.4 §4.2.1.3.4).
        string h00 = "001" + "00110101" + "0000110111";
        byte[] data = Bits(string.Concat(Enumerable.Repeat(h00, 2000)));

        T4DecodeResult result = T4Decoder.Decode(data, T30Compression.MMR, 1728, FaxResolution.Fine);

        Assert.Equal(1, result.BadRows);
        Assert.Contains("two empty runs", result.FirstError, StringComparison.Ordinal);
        Assert.False(result.EndSeen);
    }

    [Fact]
    public void Endless_zero_length_runs_in_a_one_dimensional_row_are_a_bad_row()
    {
        // MH: EOL, then white 0 / black 0 pairs: each adds a changing element at pel 0 without moving on.
        string pairs = string.Concat(Enumerable.Repeat("00110101" + "0000110111", 100));
        byte[] data = Bits("000000000001" + pairs + "000000000001" + "10011" + "000000000001");

        T4DecodeResult result = T4Decoder.Decode(data, T30Compression.MH, 8, FaxResolution.Fine);

        Assert.Equal(1, result.BadRows);
        Assert.Contains("too many changes", result.FirstError, StringComparison.Ordinal);
        Assert.Equal(2, result.Page.Height); // the bad row, then the all-white row (white run of 8: 10011) after the next EOL
        Assert.False(result.Page.IsBlack(0, 1));
    }

    // Bits as T.4 prints them, first bit first, packed the way the decoder reads them (first bit in bit 0).
    private static byte[] Bits(string bits)
    {
        byte[] data = new byte[(bits.Length + 7) / 8];
        for (int i = 0; i < bits.Length; i++)
        {
            if (bits[i] == '1')
            {
                data[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return data;
    }

    [Fact]
    public void Random_bytes_never_throw_and_output_is_bounded()
    {
        var random = new Random(4711);
        int[] widths = [1728, 2432, 215, 1];
        for (int i = 0; i < 3000; i++)
        {
            byte[] data = new byte[random.Next(0, 1500)];
            switch (i % 3)
            {
                case 0:
                    random.NextBytes(data);
                    break;
                case 1:
                    // Mostly zero: rich in EOLs and fill, the patterns that drive resynchronisation.
                    for (int j = 0; j < data.Length; j++)
                    {
                        data[j] = random.Next(8) == 0 ? (byte)(1 << random.Next(8)) : (byte)0;
                    }

                    break;
                default:
                    // A short random pattern repeated (runs of make-up codes, endless pass modes...).
                    byte[] pattern = new byte[random.Next(1, 5)];
                    random.NextBytes(pattern);
                    for (int j = 0; j < data.Length; j++)
                    {
                        data[j] = pattern[j % pattern.Length];
                    }

                    break;
            }

            T30Compression compression = Compressions[random.Next(3)];
            int width = widths[random.Next(widths.Length)];

            T4DecodeResult result = T4Decoder.Decode(data, compression, width, FaxResolution.Fine, maxRows: 300);

            Assert.Equal(width, result.Page.Width);
            Assert.InRange(result.Page.Height, 0, 300);
            Assert.InRange(result.BadRows, 0, result.Page.Height);
            Assert.InRange(result.LongestBadRun, 0, result.BadRows);
            Assert.Equal(result.BadRows > 0, result.FirstError is not null);
        }
    }

    [Fact]
    public void A_megabyte_of_zeros_decodes_to_nothing()
    {
        byte[] zeros = new byte[1 << 20];
        foreach (T30Compression compression in Compressions)
        {
            T4DecodeResult result = T4Decoder.Decode(zeros, compression, 1728, FaxResolution.Fine);

            Assert.Equal(0, result.Page.Height);
            Assert.False(result.EndSeen);
        }
    }

    [Fact]
    public void An_endless_page_is_cut_at_max_rows()
    {
        // 20 000 white rows with no RTC: more than the row limit.
        byte[] coded = T4Encoder.Encode(FaxPage.Blank(1728, 20000, FaxResolution.Fine), T30Compression.MH);

        T4DecodeResult result = T4Decoder.Decode(coded, T30Compression.MH, 1728, FaxResolution.Fine, maxRows: 5000);

        Assert.Equal(5000, result.Page.Height);
        Assert.Equal(0, result.BadRows);
    }

    [Theory]
    [InlineData(T30Compression.MH)]
    [InlineData(T30Compression.MR)]
    public void A_damaged_row_costs_only_the_rows_up_to_the_next_one_dimensional_row(T30Compression compression)
    {
        FaxPage page = ChartPages.Load("itu1-std");
        byte[] coded = T4Encoder.Encode(page, compression, kFactor: 2);
        var random = new Random(17);
        int damaged = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            byte[] copy = coded.ToArray();
            int bit = random.Next(copy.Length * 8 / 4, copy.Length * 8 * 3 / 4); // the middle half of the page
            copy[bit >> 3] ^= (byte)(1 << (bit & 7));

            T4DecodeResult result = T4Decoder.Decode(copy, compression, page.Width, page.Resolution);

            // A flip inside an EOL may merge or split rows, so compare from the bottom: after resynchronising
            // every row is right again, and the end of the page (RTC) is still found.
            Assert.True(result.EndSeen);
            Assert.InRange(result.Page.Height, page.Height - 2, page.Height + 2);
            for (int y = 1; y <= 300; y++)
            {
                Assert.True(page.GetRow(page.Height - y).SequenceEqual(result.Page.GetRow(result.Page.Height - y)), $"trial {trial}: row {y} from the bottom differs");
            }

            // K = 2: an error spreads at most to the next 1D row (T.4 §4.2.1.2), so damage stays within a few rows.
            int differing = page.Height == result.Page.Height ? page.CountDifferingRows(result.Page) : 0;
            Assert.InRange(differing, 0, 4);
            damaged += result.BadRows > 0 || differing > 0 ? 1 : 0;
        }

        Assert.True(damaged > 20, $"only {damaged} of 40 flips changed anything: the test is not exercising the decoder");
    }

    [Fact]
    public void Damaged_mmr_never_throws_and_keeps_the_rows_before_the_damage()
    {
        FaxPage page = ChartPages.Load("itu1-std");
        byte[] coded = T4Encoder.Encode(page, T30Compression.MMR);
        var random = new Random(23);
        for (int trial = 0; trial < 100; trial++)
        {
            byte[] copy = coded.ToArray();
            int at = random.Next(copy.Length / 2, copy.Length);
            for (int flips = random.Next(1, 20); flips > 0; flips--)
            {
                int bit = random.Next(at * 8, copy.Length * 8);
                copy[bit >> 3] ^= (byte)(1 << (bit & 7));
            }

            T4DecodeResult result = T4Decoder.Decode(copy, T30Compression.MMR, page.Width, page.Resolution);

            // T.6 has no EOL to resynchronise on: everything coded before the first damaged octet survives.
            int intact = Math.Min(result.Page.Height, page.Height) / 4;
            Assert.InRange(result.Page.Height, 0, T4Decoder.DefaultMaxRows);
            for (int y = 0; y < intact; y++)
            {
                Assert.True(page.GetRow(y).SequenceEqual(result.Page.GetRow(y)));
            }
        }
    }
}
