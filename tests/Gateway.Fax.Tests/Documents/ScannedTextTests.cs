using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Xunit;
using static Gateway.Fax.Tests.Documents.DocumentTools;

namespace Gateway.Fax.Tests.Documents;

/// <summary>
/// A scanned letter (grey, textured paper; grey, anti-aliased ink; 150 dpi) must come out as clean as the
/// same text rendered crisply at the fax resolution: no sprinkle of dots on the paper, no holes in the strokes.
/// </summary>
public sealed class ScannedTextTests
{
    private const string Text = """
        /Helvetica findfont 11 scalefont setfont
        [ (Dear Sir or Madam, please find attached the signed contract No. 4711.)
          (The amounts in section 3 are payable within 30 days of the invoice date.)
          (ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 +-=/%)
          (Kind regards, Accounts Department, ACME Logistics LLP, Almaty) ]
        { /line exch def 54 y moveto line show /y y 18 sub def } forall
        showpage
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scanned_text_on_grey_paper_is_as_clean_as_the_crisp_rendering()
    {
        // Paper: 2 pt cells of random light grey 0.89 … 0.95; ink grey 0.2, anti-aliased (TextAlphaBits=4).
        string scanProgram = "%!PS\n99 srand 0 2 596 { /x exch def 0 2 288 { /y exch def rand 2147483647 div 0.06 mul 0.89 add setgray x y 2 2 rectfill } for } for\n"
            + "0.2 setgray /y 240 def\n" + Text;
        string crispProgram = "%!PS\n0 setgray /y 240 def\n" + Text;
        byte[] scan = Gs(scanProgram, "tiffgray", "-r150", "-g1240x600", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", "-sCompression=lzw");
        byte[] crisp = Gs(crispProgram, "tiffg4", "-r203.2x195.58", "-g1680x782", "-dAdjustWidth=0", "-dTextAlphaBits=1");

        FaxPage fromScan = Assert.Single((await DocumentRasterizer.RasterizeAsync(scan, "scan.tif", new DocumentOptions(), Ct)).Pages);
        FaxPage reference = Assert.Single((await DocumentRasterizer.RasterizeAsync(crisp, "crisp.tif", new DocumentOptions(), Ct)).Pages);

        long ink = Ink(reference);
        Assert.True(ink > 10_000, $"reference has only {ink} black pels");
        int dots = BlackFarFrom(fromScan, reference, 2);   // black where the letter has no ink nearby: paper noise
        int holes = BlackFarFrom(reference, fromScan, 2);  // ink of the letter with nothing black nearby: lost strokes
        Assert.True(dots < ink / 50, $"{dots} stray black pels on the paper (reference ink {ink})");
        Assert.True(holes < ink / 50, $"{holes} reference ink pels lost (reference ink {ink})");
        Assert.InRange(Ink(fromScan), ink * 0.8, ink * 1.25);
    }
}
