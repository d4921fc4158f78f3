using System.Text;
using Gateway.Fax.Coding;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Xunit;

namespace Gateway.Fax.Tests.Pages;

public sealed class FaxPageSinkTests
{
    private const string Eol = "000000000001";
    private const string WhiteRow1728 = "010011011" + "00110101"; // make-up 1728 + terminating 0 (T.4 Tables 2, 3)
    private const string GarbageRow = "0000000010101010"; // no white code starts with seven zeros and a one

    private static readonly T30PageEncoding Mh = new(T30Compression.MH, T30Resolution.Fine, RecordingWidth.A4, 0);

    [Fact]
    public void A_burst_of_bad_rows_is_rejected_when_it_exceeds_the_consecutive_limit()
    {
        byte[] data = Page(goodBefore: 100, bad: 4, goodAfter: 100);

        T30PageQuality lenient = new FaxPageSink(maxBadRowRatio: 0.05).OnPage(0, data, Mh);
        T30PageQuality strict = new FaxPageSink(maxBadRowRatio: 0.05, maxConsecutiveBadRows: 3).OnPage(0, data, Mh);

        Assert.Equal(new T30PageQuality(204, 4, true), lenient);
        Assert.Equal(new T30PageQuality(204, 4, false), strict);
    }

    [Fact]
    public void Scattered_bad_rows_pass_the_consecutive_limit_but_not_the_ratio()
    {
        var bits = new StringBuilder();
        for (int i = 0; i < 10; i++)
        {
            bits.Append(Eol).Append(WhiteRow1728).Append(Eol).Append(GarbageRow);
        }

        byte[] data = Pack(bits.Append(string.Concat(Enumerable.Repeat(Eol, 6))).ToString());
        T4DecodeResult decoded = T4Decoder.Decode(data, T30Compression.MH, 1728, FaxResolution.Fine);

        Assert.Equal((20, 10, 1), (decoded.Page.Height, decoded.BadRows, decoded.LongestBadRun));
        Assert.True(new FaxPageSink(maxBadRowRatio: 0.5, maxConsecutiveBadRows: 1).OnPage(0, data, Mh).Acceptable);
        Assert.False(new FaxPageSink(maxBadRowRatio: 0.2, maxConsecutiveBadRows: 1).OnPage(0, data, Mh).Acceptable);
    }

    [Fact]
    public void Bad_rows_are_replaced_by_the_row_above_and_counted_as_a_run()
    {
        byte[] data = Page(goodBefore: 3, bad: 5, goodAfter: 2);

        T4DecodeResult result = T4Decoder.Decode(data, T30Compression.MH, 1728, FaxResolution.Fine);

        Assert.Equal((10, 5, 5, true), (result.Page.Height, result.BadRows, result.LongestBadRun, result.EndSeen));
        Assert.Equal(0, result.Page.CountDifferingRows(FaxPage.Blank(1728, 10, FaxResolution.Fine)));
        Assert.StartsWith("row 4:", result.FirstError, StringComparison.Ordinal);
    }

    private static byte[] Page(int goodBefore, int bad, int goodAfter)
    {
        var bits = new StringBuilder();
        for (int i = 0; i < goodBefore; i++)
        {
            bits.Append(Eol).Append(WhiteRow1728);
        }

        for (int i = 0; i < bad; i++)
        {
            bits.Append(Eol).Append(GarbageRow);
        }

        for (int i = 0; i < goodAfter; i++)
        {
            bits.Append(Eol).Append(WhiteRow1728);
        }

        return Pack(bits.Append(string.Concat(Enumerable.Repeat(Eol, 6))).ToString());
    }

    /// <summary>Bits in transmission order, first bit into the least significant bit of each octet.</summary>
    private static byte[] Pack(string bits)
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
}
