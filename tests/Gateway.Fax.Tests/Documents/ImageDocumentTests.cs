using BitMiracle.LibTiff.Classic;
using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Gateway.Fax.Tests.Coding;
using StbImageSharp;
using Xunit;
using static Gateway.Fax.Tests.Documents.DocumentTools;

namespace Gateway.Fax.Tests.Documents;

/// <summary>Images to pages: fixtures made by Ghostscript's image devices and by LibTiff, checked on the fax pels.</summary>
public sealed class ImageDocumentTests
{
    // 160 × 120 cells of 4 pt, each a pseudo-random tone (PostScript rand, fixed seed): a "photo" whose mean
    // is the same in any large window, so the page can be checked without knowing where the image landed.
    private const string RandomGreyCells = """
        %!PS
        12345 srand
        0 4 636 { /x exch def 0 4 476 { /y exch def rand 2147483647 div 0.6 mul 0.3 add setgray x y 4 4 rectfill } for } for
        showpage
        """;

    private const string RandomColourCells = """
        %!PS
        777 srand
        0 4 636 { /x exch def 0 4 476 { /y exch def
          rand 2147483647 div rand 2147483647 div 0.5 mul 0.5 add rand 2147483647 div 0.8 mul setrgbcolor x y 4 4 rectfill } for } for
        showpage
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_grey_png_photo_keeps_its_mean_grey_through_the_dithering()
    {
        byte[] png = Gs(RandomGreyCells, "pnggray", "-g640x480", "-r72");

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(png, "photo.png", new DocumentOptions(), Ct)).Pages);

        double expected = 1 - (SourceMean(png) / 255);
        double actual = BlackShare(page, 400, 1328, 200, page.Height - 200);
        Assert.InRange(actual, expected - 0.02, expected + 0.02);
        // A threshold at mid-grey would give about 1/3 black for tones uniform in 0.3 … 0.9, not 0.4.
        Assert.InRange(expected, 0.37, 0.43);
    }

    [Fact]
    public async Task A_colour_jpeg_photo_keeps_its_mean_luminance_through_the_dithering()
    {
        byte[] jpeg = Gs(RandomColourCells, "jpeg", "-g640x480", "-r72", "-dJPEGQ=90");
        Assert.Equal(DocumentFormat.Jpeg, DocumentSniffer.Detect(jpeg));

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(jpeg, "photo.bin", new DocumentOptions { Resolution = FaxResolution.Standard }, Ct)).Pages);

        Assert.Equal((1728, FaxResolution.Standard), (page.Width, page.Resolution));
        double expected = 1 - (SourceMean(jpeg) / 255);
        Assert.InRange(BlackShare(page, 400, 1328, 100, page.Height - 100), expected - 0.025, expected + 0.025);
    }

    [Fact]
    public async Task A_colour_lzw_tiff_at_100_dpi_is_placed_at_its_physical_size_with_each_colour_as_its_luminance()
    {
        // Quadrants: red top left, yellow top right, blue bottom left, white bottom right (A4, 100 dpi, RGB LZW).
        const string quadrants = "%!PS\n1 0 0 setrgbcolor 0 421 297 421 rectfill 1 1 0 setrgbcolor 297 421 298 421 rectfill 0 0 1 setrgbcolor 0 0 297 421 rectfill showpage\n";
        byte[] tiff = Gs(quadrants, "tiff24nc", "-r100", "-sPAPERSIZE=a4", "-sCompression=lzw");

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(tiff, "colour.tif", new DocumentOptions(), Ct)).Pages);

        // 827 × 1169 pixels at 100 dpi are 8.27 × 11.69 inches: 1680 × 2286 pels at 203.2 × 195.6 (T.4 §2.2).
        Assert.InRange(page.Height, 2284, 2288);
        int left = 24, half = 840, middle = page.Height / 2;
        Assert.InRange(BlackShare(page, left + 150, left + half - 150, 200, middle - 200), 0.65, 0.75); // red: luma 0.30
        Assert.InRange(BlackShare(page, left + half + 150, left + (2 * half) - 150, 200, middle - 200), 0.08, 0.16); // yellow: 0.89
        Assert.InRange(BlackShare(page, left + 150, left + half - 150, middle + 200, page.Height - 200), 0.84, 0.93); // blue: 0.11
        Assert.Equal(0, BlackShare(page, left + half + 150, left + (2 * half) - 150, middle + 200, page.Height - 200));
    }

    [Fact]
    public async Task A_grey_min_is_white_tiff_in_centimetres_comes_out_as_a_ramp_the_right_way_round()
    {
        // 8-bit LZW, PhotometricInterpretation MinIsWhite (0 = white), 40 pixels per cm: a ramp white → black.
        byte[] tiff = WriteTiff(256, 100, 8, Compression.LZW, Photometric.MINISWHITE, FillOrder.MSB2LSB, 40, 40, ResUnit.CENTIMETER,
            y => Enumerable.Range(0, 256).Select(x => (byte)x).ToArray());

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(tiff, "ramp.tif", new DocumentOptions(), Ct)).Pages);

        // 256 pixels at 101.6 dpi: 2.52 inches, 512 pels wide centred on the line; 100 rows → 192.5 rows.
        Assert.InRange(page.Height, 191, 194);
        int left = (1728 - 512) / 2;
        double[] share = [.. Enumerable.Range(0, 8).Select(i => BlackShare(page, left + (i * 64) + 8, left + (i * 64) + 56, 10, page.Height - 10))];
        Assert.True(share[0] < 0.1 && share[7] > 0.85, string.Join(", ", share));
        for (int i = 1; i < share.Length; i++)
        {
            Assert.True(share[i] > share[i - 1], $"not darkening along the ramp: {string.Join(", ", share)}");
        }
    }

    [Fact]
    public async Task A_group_3_tiff_with_reversed_bit_order_min_is_black_and_resolution_in_centimetres_comes_through_pel_for_pel()
    {
        FaxPage chart = ChartPages.Load("itu1-std");
        // FillOrder LSB2MSB is what fax machines write; MinIsBlack stores 0 for black, so the bits are inverted.
        byte[] tiff = WriteTiff(chart.Width, chart.Height, 1, Compression.CCITTFAX3, Photometric.MINISBLACK, FillOrder.LSB2MSB, 80, 38.5, ResUnit.CENTIMETER,
            y => [.. chart.GetRow(y).ToArray().Select(b => (byte)~b)]);

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(tiff, "fax.tif", new DocumentOptions { Resolution = FaxResolution.Standard }, Ct)).Pages);

        Assert.Equal(0, chart.CountDifferingRows(page));
    }

    [Fact]
    public async Task A_fine_tiff_sent_at_standard_resolution_is_resampled_to_half_the_rows_with_the_same_ink()
    {
        FaxPage fine = ChartPages.Load("itu1-fine");
        byte[] tiff = WriteTiff(fine.Width, fine.Height, 1, Compression.CCITTFAX4, Photometric.MINISWHITE, FillOrder.MSB2LSB, 204, 196, ResUnit.INCH,
            y => fine.GetRow(y).ToArray());

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(tiff, "fine.tif", new DocumentOptions { Resolution = FaxResolution.Standard }, Ct)).Pages);

        Assert.Equal(FaxResolution.Standard, page.Resolution);
        Assert.InRange(page.Height, (fine.Height / 2) - 1, (fine.Height / 2) + 1);
        Assert.InRange(Ink(page), Ink(fine) / 2 * 0.9, Ink(fine) / 2 * 1.1);
    }

    private static double SourceMean(byte[] image)
    {
        ImageResult decoded = ImageResult.FromMemory(image, ColorComponents.Grey);
        return decoded.Data.Average(b => (double)b);
    }

    internal static byte[] WriteTiff(int width, int height, int bits, Compression compression, Photometric photometric, FillOrder fillOrder,
        double xRes, double yRes, ResUnit unit, Func<int, byte[]> row)
    {
        using var stream = new MemoryStream();
        using (Tiff tiff = Tiff.ClientOpen("fixture.tif", "w", stream, new TiffStream())!)
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, width);
            tiff.SetField(TiffTag.IMAGELENGTH, height);
            tiff.SetField(TiffTag.BITSPERSAMPLE, bits);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.COMPRESSION, compression);
            tiff.SetField(TiffTag.PHOTOMETRIC, photometric);
            tiff.SetField(TiffTag.FILLORDER, fillOrder);
            tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tiff.SetField(TiffTag.ROWSPERSTRIP, height);
            tiff.SetField(TiffTag.XRESOLUTION, xRes);
            tiff.SetField(TiffTag.YRESOLUTION, yRes);
            tiff.SetField(TiffTag.RESOLUTIONUNIT, unit);
            for (int y = 0; y < height; y++)
            {
                tiff.WriteScanline(row(y), y);
            }

            tiff.WriteDirectory();
        }

        return stream.ToArray();
    }
}
