using Xunit;
using Gateway.Fax.Pages;

namespace Gateway.Fax.Tests.Pages;

public sealed class FaxPageTests
{
    [Fact]
    public void Leftmost_pel_is_the_most_significant_bit_and_rows_pad_to_octets()
    {
        var bits = new byte[2 * 2];
        bits[0] = 0x80; // row 0, x 0
        bits[3] = 0x40; // row 1, x 9
        var page = new FaxPage(10, 2, FaxResolution.Fine, bits);

        Assert.Equal(2, page.Stride);
        Assert.True(page.IsBlack(0, 0));
        Assert.False(page.IsBlack(1, 0));
        Assert.True(page.IsBlack(9, 1));
        Assert.False(page.IsBlack(8, 1));
    }

    [Fact]
    public void Rejects_a_buffer_of_the_wrong_size()
    {
        Assert.Throws<ArgumentException>(() => new FaxPage(1728, 10, FaxResolution.Standard, new byte[215 * 10]));
    }

    [Fact]
    public void Counts_differing_rows_including_extra_rows()
    {
        var a = FaxPage.Blank(16, 4, FaxResolution.Standard);
        var bits = new byte[2 * 5];
        bits[2] = 1;
        var b = new FaxPage(16, 5, FaxResolution.Standard, bits);

        Assert.Equal(2, a.CountDifferingRows(b));
        Assert.Equal(0, a.CountDifferingRows(a));
    }

    [Theory]
    [InlineData(FaxResolution.Standard, FaxPageWidth.A4, 1728)]
    [InlineData(FaxResolution.Fine, FaxPageWidth.B4, 2048)]
    [InlineData(FaxResolution.Superfine, FaxPageWidth.A3, 2432)]
    [InlineData(FaxResolution.R300, FaxPageWidth.A4, 2592)]
    [InlineData(FaxResolution.R16, FaxPageWidth.A3, 4864)]
    public void Pels_per_line_follow_t4_table_1(FaxResolution resolution, FaxPageWidth width, int pels)
    {
        Assert.Equal(pels, resolution.PelsPerLine(width));
    }
}
