using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Xunit;
using static Gateway.Fax.Tests.Documents.DocumentTools;

namespace Gateway.Fax.Tests.Documents;

/// <summary>
/// Landscape images turned onto portrait paper (the same way Ghostscript turns a landscape PDF page) and JPEG
/// EXIF orientation applied; fixtures from Ghostscript's devices, checked by where a black corner mark lands.
/// </summary>
public sealed class ImageOrientationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A white page of <paramref name="w"/> × <paramref name="h"/> pt with a black square in its top-left corner.</summary>
    private static string TopLeftMark(int w, int h) => $"""
        %!PS
        << /PageSize [{w} {h}] >> setpagedevice
        0 {h - 40} 40 40 rectfill
        showpage
        """;

    /// <summary>Which quarter of the page holds the black pels' centre: "top-left", "bottom-right", …</summary>
    private static string MarkQuarter(FaxPage page)
    {
        double sx = 0, sy = 0;
        long n = 0;
        for (int y = 0; y < page.Height; y++)
        {
            for (int x = 0; x < page.Width; x++)
            {
                if (page.IsBlack(x, y))
                {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }

        Assert.True(n > 0, "no black pels on the page");
        return (sy / n < page.Height / 2.0 ? "top" : "bottom") + "-" + (sx / n < page.Width / 2.0 ? "left" : "right");
    }

    /// <summary>Puts an APP1 Exif segment (big-endian TIFF, IFD0 with Orientation only) right after the JPEG's SOI.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, int orientation, bool truncated = false)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0];
        if (truncated)
        {
            tiff = tiff[..12]; // the IFD says one entry, but the entry is cut off
        }

        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        int length = payload.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }

    /// <summary>Puts an eXIf chunk (little-endian TIFF, IFD0 with Orientation only) right after the PNG's IHDR; a wrong CRC on request.</summary>
    private static byte[] WithPngExifOrientation(byte[] png, int orientation, bool badCrc = false)
    {
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0];
        byte[] typeAndData = [.. "eXIf"u8, .. tiff];
        uint crc = Crc32(typeAndData) ^ (badCrc ? 1u : 0u);
        int afterIhdr = 8 + 12 + 13; // signature, then IHDR's length, type, 13 data bytes and CRC
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        return [.. png[..afterIhdr], 0, 0, 0, (byte)tiff.Length, .. typeAndData, (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc, .. png[afterIhdr..]];
    }

    /// <summary>CRC-32 as zlib computes it (the check value of "123456789" is 0xCBF43926).</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320 & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }

    [Theory]
    [InlineData(1, "top-left")]
    [InlineData(2, "top-right")]
    [InlineData(3, "bottom-right")]
    [InlineData(4, "bottom-left")]
    public async Task Png_exif_orientation_turns_a_portrait_picture_upright(int orientation, string quarter)
    {
        Assert.Equal(0xCBF43926u, Crc32("123456789"u8));
        byte[] png = Gs(TopLeftMark(200, 400), "pnggray", "-g200x400", "-r72");

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(WithPngExifOrientation(png, orientation), "scan.png", new DocumentOptions(), Ct)).Pages);

        Assert.Equal(quarter, MarkQuarter(page));
    }

    [Fact]
    public async Task A_png_exif_chunk_with_a_bad_crc_leaves_the_picture_as_stored()
    {
        byte[] png = Gs(TopLeftMark(200, 400), "pnggray", "-g200x400", "-r72");

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(WithPngExifOrientation(png, 3, badCrc: true), "scan.png", new DocumentOptions(), Ct)).Pages);

        Assert.Equal("top-left", MarkQuarter(page));
        Assert.Equal(3, ImageOrientation.ReadPngExif(WithPngExifOrientation(png, 3)));
        Assert.Equal(ImageOrientation.Upright, ImageOrientation.ReadPngExif(png));
        byte[] cut = WithPngExifOrientation(png, 3);
        for (int len = 0; len < 80; len++)
        {
            Assert.InRange(ImageOrientation.ReadPngExif(cut.AsSpan(0, len)), 1, 8); // any prefix: no exception
        }
    }

    [Fact]
    public async Task A_landscape_photo_is_turned_onto_the_page_the_way_ghostscript_turns_a_landscape_pdf()
    {
        string landscape = TopLeftMark(400, 200);
        byte[] png = Gs(landscape, "pnggray", "-g400x200", "-r72");
        byte[] pdf = Gs(landscape, "pdfwrite");

        FaxPage fromPng = Assert.Single((await DocumentRasterizer.RasterizeAsync(png, "wide.png", new DocumentOptions(), Ct)).Pages);
        FaxPage fromPdf = Assert.Single((await DocumentRasterizer.RasterizeAsync(pdf, "wide.pdf", new DocumentOptions(), Ct)).Pages);
        FaxPage unturned = Assert.Single((await DocumentRasterizer.RasterizeAsync(png, "wide.png", new DocumentOptions { TurnLandscape = false }, Ct)).Pages);

        // The top edge goes to the left side: the top-left mark ends bottom-left, for the photo as for the PDF.
        Assert.Equal("bottom-left", MarkQuarter(fromPdf));
        Assert.Equal("bottom-left", MarkQuarter(fromPng));
        Assert.Equal("top-left", MarkQuarter(unturned));
        // Turned, a 2:1 picture is fitted by the page's length instead of its width: scale 1/35.4 in per pixel
        // instead of 1/50.9, so the mark has (50.9 / 35.4)² ≈ 2.07 times the ink.
        Assert.InRange(Ink(fromPng) / (double)Ink(unturned), 1.8, 2.4);
    }

    [Fact]
    public async Task A_landscape_tiff_wider_than_the_paper_is_turned_and_one_that_fits_is_not()
    {
        // A4 landscape scanned at 100 dpi (11.7 in wide, with resolution tags) is turned; a 6 × 3 in one fits as it is.
        byte[] wide = Gs(TopLeftMark(842, 595), "tiffgray", "-r100", "-g1169x826");
        byte[] small = Gs(TopLeftMark(432, 216), "tiffgray", "-r100", "-g600x300");

        FaxPage turned = Assert.Single((await DocumentRasterizer.RasterizeAsync(wide, "scan.tif", new DocumentOptions(), Ct)).Pages);
        FaxPage kept = Assert.Single((await DocumentRasterizer.RasterizeAsync(small, "small.tif", new DocumentOptions(), Ct)).Pages);

        Assert.Equal("bottom-left", MarkQuarter(turned));
        Assert.Equal("top-left", MarkQuarter(kept));
    }

    [Theory]
    [InlineData(1, "top-left")]
    [InlineData(2, "top-right")] // mirrored
    [InlineData(3, "bottom-right")] // half turn
    [InlineData(4, "bottom-left")] // flipped
    public async Task Jpeg_exif_orientation_turns_a_portrait_photo_upright(int orientation, string quarter)
    {
        byte[] jpeg = Gs(TopLeftMark(200, 400), "jpeggray", "-g200x400", "-r72", "-dJPEGQ=95");

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(WithExifOrientation(jpeg, orientation), "photo.jpg", new DocumentOptions(), Ct)).Pages);

        Assert.Equal(quarter, MarkQuarter(page));
    }

    [Fact]
    public async Task A_camera_that_stored_a_portrait_photo_sideways_gets_it_upright_and_not_turned_again()
    {
        // Orientation 6: the stored rows must be turned a quarter clockwise to be seen upright. Stored 400 × 200
        // with the mark top-left, it is seen as a 200 × 400 portrait with the mark top-right: portrait, so not turned.
        byte[] jpeg = Gs(TopLeftMark(400, 200), "jpeggray", "-g400x200", "-r72", "-dJPEGQ=95");

        FaxPage upright = Assert.Single((await DocumentRasterizer.RasterizeAsync(WithExifOrientation(jpeg, 6), "camera.jpg", new DocumentOptions(), Ct)).Pages);
        FaxPage plain = Assert.Single((await DocumentRasterizer.RasterizeAsync(jpeg, "camera.jpg", new DocumentOptions(), Ct)).Pages);

        Assert.Equal("top-right", MarkQuarter(upright));
        Assert.Equal("bottom-left", MarkQuarter(plain)); // without EXIF it is a landscape photo, turned
    }

    [Fact]
    public async Task A_damaged_exif_block_leaves_the_photo_as_stored()
    {
        byte[] jpeg = Gs(TopLeftMark(200, 400), "jpeggray", "-g200x400", "-r72", "-dJPEGQ=95");

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(WithExifOrientation(jpeg, 3, truncated: true), "photo.jpg", new DocumentOptions(), Ct)).Pages);

        Assert.Equal("top-left", MarkQuarter(page));
        Assert.Equal(ImageOrientation.Upright, ImageOrientation.ReadExif(WithExifOrientation(jpeg, 3, truncated: true)));
        Assert.Equal(3, ImageOrientation.ReadExif(WithExifOrientation(jpeg, 3)));
        Assert.Equal(ImageOrientation.Upright, ImageOrientation.ReadExif(jpeg));
    }
}
