using System.Diagnostics;
using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Gateway.Fax.Tests.Coding;
using Gateway.Fax.Tests.Interop;
using Xunit;

namespace Gateway.Fax.Tests.Documents;

/// <summary>Documents to pages with the real tools: Ghostscript renders and converts, LibTiff and StbImageSharp decode.</summary>
public sealed class DocumentRasterizerTests : IDisposable
{
    private const string TwoPages = """
        %!PS-Adobe-3.0
        %%Pages: 2
        %%Page: 1 1
        /Helvetica findfont 24 scalefont setfont 72 720 moveto (Page one) show
        4 setlinewidth 72 600 moveto 520 600 lineto stroke
        showpage
        %%Page: 2 2
        /Helvetica findfont 24 scalefont setfont 72 720 moveto (Page two) show
        showpage
        %%EOF
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("docs-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task PostScript_and_the_same_document_as_pdf_give_two_fax_pages_with_the_same_ink()
    {
        byte[] ps = System.Text.Encoding.ASCII.GetBytes(TwoPages);
        string psFile = Path.Combine(_dir, "two.ps");
        string pdfFile = Path.Combine(_dir, "two.pdf");
        await File.WriteAllBytesAsync(psFile, ps, Ct);
        Run("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-sOutputFile=" + pdfFile, psFile);

        FaxDocument fromPs = await DocumentRasterizer.RasterizeAsync(ps, "two.ps", new DocumentOptions(), Ct);
        FaxDocument fromPdf = await DocumentRasterizer.RasterizeAsync(await File.ReadAllBytesAsync(pdfFile, Ct), "two.pdf", new DocumentOptions(), Ct);

        Assert.Equal(2, fromPs.Pages.Count);
        Assert.Equal(2, fromPdf.Pages.Count);
        foreach (FaxPage page in fromPs.Pages.Concat(fromPdf.Pages))
        {
            Assert.Equal((1728, FaxResolution.Fine), (page.Width, page.Resolution));
            Assert.InRange(page.Height, 2200, 2300); // A4 at 7.7 lines/mm
        }

        // The 4-point rule at y = 600 pt: a band of black rows about (842 - 600) / 72 inch from the top.
        int ruleRow = (int)((842 - 600) / 72.0 * FaxResolution.Fine.VerticalDpi());
        Assert.True(BlackPels(fromPs.Pages[0], ruleRow) > 1000);
        Assert.True(BlackPels(fromPdf.Pages[0], ruleRow) > 1000);
        Assert.InRange(Ink(fromPdf.Pages[0]), Ink(fromPs.Pages[0]) * 0.9, Ink(fromPs.Pages[0]) * 1.1);
    }

    [Fact]
    public async Task A_fax_tiff_at_fax_resolution_comes_through_pel_for_pel()
    {
        byte[] tiff = await File.ReadAllBytesAsync(ItuCharts.Get("itu1-fine"), Ct);

        FaxDocument document = await DocumentRasterizer.RasterizeAsync(tiff, "itu1-fine.tif", new DocumentOptions(), Ct);

        Assert.Equal(0, ChartPages.Load("itu1-fine").CountDifferingRows(Assert.Single(document.Pages)));
    }

    [Fact]
    public async Task A_grey_photo_is_dithered_so_its_tones_survive()
    {
        // A left-to-right grey ramp as an 8-bit PNG, made by Ghostscript's pnggray device.
        string ps = Path.Combine(_dir, "ramp.ps");
        string png = Path.Combine(_dir, "ramp.png");
        await File.WriteAllTextAsync(ps, "%!PS\n0 1 99 { /i exch def i 100 div setgray i 6 mul 0 6 400 rectfill } for showpage\n", Ct);
        Run("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pnggray", "-g600x400", "-r72", "-sOutputFile=" + png, ps);

        FaxDocument document = await DocumentRasterizer.RasterizeAsync(await File.ReadAllBytesAsync(png, Ct), "ramp.png", new DocumentOptions(), Ct);

        FaxPage page = Assert.Single(document.Pages);
        // Black share in vertical strips follows the ramp (1 - grey), not a 0/1 step as a threshold would give.
        int top = page.Height / 3, bottom = 2 * page.Height / 3;
        double[] share = Enumerable.Range(1, 8).Select(i => BlackShare(page, (i * page.Width / 10) - 20, (i * page.Width / 10) + 20, top, bottom)).ToArray();
        for (int i = 1; i < share.Length; i++)
        {
            Assert.True(share[i] <= share[i - 1] + 0.05, $"black share not falling along the ramp: {string.Join(", ", share.Select(s => s.ToString("F2")))}");
        }

        Assert.Contains(share, s => s is > 0.3 and < 0.7); // mid-greys are half-toned
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("hello, this is not a document", "not a PDF, PostScript, TIFF, PNG or JPEG")]
    [InlineData("%PDF-1.4\n1 0 obj << /Type /Catalog", "corrupt")]
    public async Task Bad_files_are_refused_with_the_file_name_and_the_cause(string content, string cause)
    {
        var e = await Assert.ThrowsAsync<DocumentException>(() =>
            DocumentRasterizer.RasterizeAsync(System.Text.Encoding.ASCII.GetBytes(content), "letter.pdf", new DocumentOptions(), Ct));

        Assert.Equal("letter.pdf", e.FileName);
        Assert.Contains(cause, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Too_many_pages_is_an_error_not_a_surprise()
    {
        var e = await Assert.ThrowsAsync<DocumentException>(() =>
            DocumentRasterizer.RasterizeAsync(System.Text.Encoding.ASCII.GetBytes(TwoPages), "two.ps", new DocumentOptions { MaxPages = 1 }, Ct));

        Assert.Contains("limit of 1", e.Message);
    }

    private static int BlackPels(FaxPage page, int row) =>
        Enumerable.Range(Math.Max(0, row - 3), 7).Max(y => Enumerable.Range(0, page.Width).Count(x => page.IsBlack(x, y)));

    private static double Ink(FaxPage page)
    {
        long black = 0;
        foreach (byte b in page.Bits)
        {
            black += System.Numerics.BitOperations.PopCount(b);
        }

        return black;
    }

    private static double BlackShare(FaxPage page, int x0, int x1, int y0, int y1)
    {
        int black = 0, all = 0;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                all++;
                black += page.IsBlack(x, y) ? 1 : 0;
            }
        }

        return (double)black / all;
    }

    private static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        string output = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} failed: {output}");
    }
}
