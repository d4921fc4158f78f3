using BitMiracle.LibTiff.Classic;
using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Xunit;
using static Gateway.Fax.Tests.Documents.DocumentTools;

namespace Gateway.Fax.Tests.Documents;

/// <summary>Files that must not become pages: each is refused with a typed error naming the file and the cause.</summary>
public sealed class DocumentRefusalTests
{
    private const string OnePage = "%!PS\n/Helvetica findfont 24 scalefont setfont 72 720 moveto (Secret) show showpage\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_encrypted_pdf_is_refused_as_encrypted()
    {
        byte[] pdf = Gs(OnePage, "pdfwrite", "-sOwnerPassword=owner", "-sUserPassword=user", "-dEncryptionR=3", "-dKeyLength=128");

        var e = await Assert.ThrowsAsync<DocumentException>(() => DocumentRasterizer.RasterizeAsync(pdf, "contract.pdf", new DocumentOptions(), Ct));

        Assert.Equal("contract.pdf", e.FileName);
        Assert.Contains("encrypted", e.Cause);
    }

    [Fact]
    public async Task A_pdf_cut_off_before_its_pages_is_refused_as_corrupt()
    {
        byte[] pdf = Gs(OnePage, "pdfwrite");

        var e = await Assert.ThrowsAsync<DocumentException>(() => DocumentRasterizer.RasterizeAsync(pdf.AsMemory(0, 400), "cut.pdf", new DocumentOptions(), Ct));

        Assert.Equal("cut.pdf", e.FileName);
        Assert.Contains("corrupt", e.Cause);
    }

    [Fact]
    public async Task A_postscript_program_that_never_ends_is_stopped_at_the_time_limit()
    {
        var e = await Assert.ThrowsAsync<DocumentException>(() =>
            DocumentRasterizer.RasterizeAsync("%!PS\n{ 1 pop } loop\n"u8.ToArray(), "loop.ps", new DocumentOptions { RenderTimeout = TimeSpan.FromSeconds(2) }, Ct));

        Assert.Contains("longer than 2 s", e.Cause);
    }

    [Fact]
    public async Task A_postscript_file_that_prints_nothing_has_no_pages()
    {
        var e = await Assert.ThrowsAsync<DocumentException>(() =>
            DocumentRasterizer.RasterizeAsync("%!PS\n1 1 add pop\n"u8.ToArray(), "empty.ps", new DocumentOptions(), Ct));

        Assert.Contains("no pages", e.Cause);
    }

    [Fact]
    public async Task A_missing_ghostscript_is_named_as_the_cause()
    {
        var e = await Assert.ThrowsAsync<DocumentException>(() =>
            DocumentRasterizer.RasterizeAsync("%!PS\nshowpage\n"u8.ToArray(), "a.ps", new DocumentOptions { GhostscriptPath = "/nonexistent/gs" }, Ct));

        Assert.Contains("not installed", e.Cause);
    }

    [Fact]
    public async Task A_tiff_larger_than_the_pixel_limit_is_refused_before_it_is_decoded()
    {
        // 10 001 × 10 000 white pels, Group 4: a few kilobytes that would decode to 400 MB of RGBA.
        byte[] white = new byte[FaxPage.StrideFor(10_001)];
        byte[] tiff = ImageDocumentTests.WriteTiff(10_001, 10_000, 1, Compression.CCITTFAX4, Photometric.MINISWHITE, FillOrder.MSB2LSB, 200, 200, ResUnit.INCH, _ => white);

        var e = await Assert.ThrowsAsync<DocumentException>(() => DocumentRasterizer.RasterizeAsync(tiff, "poster.tif", new DocumentOptions(), Ct));

        Assert.Contains("10001×10000", e.Cause);
    }

    [Fact]
    public async Task A_png_claiming_huge_dimensions_is_refused_from_its_header()
    {
        byte[] png = PngHeaderOnly(100_000, 100_000);

        var e = await Assert.ThrowsAsync<DocumentException>(() => DocumentRasterizer.RasterizeAsync(png, "bomb.png", new DocumentOptions(), Ct));

        Assert.Contains("100000×100000", e.Cause);
    }

    [Fact]
    public async Task A_truncated_png_is_refused_as_corrupt()
    {
        byte[] png = Gs("%!PS\n0.5 setgray 0 0 100 100 rectfill showpage\n", "pnggray", "-g100x100", "-r72");

        var e = await Assert.ThrowsAsync<DocumentException>(() => DocumentRasterizer.RasterizeAsync(png.AsMemory(0, png.Length / 2), "cut.png", new DocumentOptions(), Ct));

        Assert.Equal("cut.png", e.FileName);
    }

    [Fact]
    public async Task A_postscript_page_larger_than_a4_is_fitted_onto_the_paper_not_cut()
    {
        // A 3000 pt square with its diagonal: fitted, the diagonal crosses the middle of the A4 page;
        // cut to the lower-left corner, it would pass 124 pt right of the middle.
        const string poster = "%!PS\n<< /PageSize [3000 3000] >> setpagedevice 20 setlinewidth 0 0 moveto 3000 3000 lineto stroke showpage\n";

        FaxPage page = Assert.Single((await DocumentRasterizer.RasterizeAsync(System.Text.Encoding.ASCII.GetBytes(poster), "poster.ps", new DocumentOptions(), Ct)).Pages);

        Assert.InRange(page.Height, 2200, 2300);
        Assert.True(BlackShare(page, 854, 874, page.Height / 2 - 10, page.Height / 2 + 10) > 0.5);
    }

    [Fact]
    public async Task Several_files_together_over_the_page_limit_are_refused()
    {
        byte[] ps = System.Text.Encoding.ASCII.GetBytes(OnePage);

        var e = await Assert.ThrowsAsync<DocumentException>(() =>
            DocumentRasterizer.RasterizeAsync([(ps, "a.ps"), (ps, "b.ps")], new DocumentOptions { MaxPages = 1 }, Ct));

        Assert.Equal("b.ps", e.FileName);
    }

    private static byte[] PngHeaderOnly(int width, int height)
    {
        var png = new List<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] ihdr = [(byte)'I', (byte)'H', (byte)'D', (byte)'R', .. BigEndian(width), .. BigEndian(height), 8, 0, 0, 0, 0];
        png.AddRange(BigEndian(13));
        png.AddRange(ihdr);
        png.AddRange(BigEndian((int)Crc32(ihdr)));
        byte[] iend = "IEND"u8.ToArray();
        png.AddRange(BigEndian(0));
        png.AddRange(iend);
        png.AddRange(BigEndian((int)Crc32(iend)));
        return [.. png];
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    // PNG §5.5: CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) over chunk type and data.
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
