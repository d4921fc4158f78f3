using Gateway.Fax.Pages;
using StbImageSharp;
using Xunit;

namespace Gateway.Fax.Tests.Pages;

public sealed class FaxPagePngTests
{
    [Theory]
    [InlineData(FaxResolution.Standard, 2)]
    [InlineData(FaxResolution.Fine, 1)]
    public void A_third_party_png_decoder_reads_back_every_pel_with_rows_repeated_for_square_pixels(FaxResolution resolution, int repeat)
    {
        const int width = 67; // not a multiple of 8: the last octet is padding
        const int height = 21;
        var bits = new byte[FaxPage.StrideFor(width) * height];
        var random = new Random(7);
        random.NextBytes(bits);
        for (int y = 0; y < height; y++)
        {
            bits[(y * FaxPage.StrideFor(width)) + 8] &= 0xE0; // clear the padding pels (x ≥ 67)
        }

        var page = new FaxPage(width, height, resolution, bits);
        using var png = new MemoryStream();
        FaxPagePng.Write(page, png);

        ImageResult image = ImageResult.FromMemory(png.ToArray(), ColorComponents.Grey);

        Assert.Equal((width, height * repeat), (image.Width, image.Height));
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool black = image.Data[(y * width) + x] == 0;
                Assert.Equal(page.IsBlack(x, y / repeat), black);
            }
        }
    }
}
