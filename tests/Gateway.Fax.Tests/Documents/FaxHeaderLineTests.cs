using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Xunit;

namespace Gateway.Fax.Tests.Documents;

public sealed class FaxHeaderLineTests
{
    [Fact]
    public void Formats_date_sender_number_and_page_with_a_continued_marker()
    {
        var header = new FaxHeaderLine();
        string text = header.Format(new DateTimeOffset(2026, 11, 28, 9, 5, 0, TimeSpan.FromHours(5)), "ACME LLP", "+77270000000", 2, 3, continued: true);

        Assert.Equal("2026-11-28 09:05   ACME LLP   +77270000000   continued Page 2/3", text);
        Assert.Equal("28.11 p1", new FaxHeaderLine("{date:dd.MM} p{page}").Format(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), "", "", 1, 1, false));
    }

    [Theory]
    [InlineData(FaxResolution.Fine)]
    [InlineData(FaxResolution.Standard)]
    public void Stamps_legible_text_into_the_top_band_and_leaves_the_rest_of_the_page(FaxResolution resolution)
    {
        FaxPage page = FaxTestChart.Create(resolution, 400);
        HeaderFont font = HeaderFont.For(resolution);

        FaxPage stamped = FaxHeaderLine.Stamp(page, "2026-11-28 09:05 ACME Привет +7727 Page 1/2", font);

        int band = font.CellHeight + (2 * Math.Max(1, font.CellHeight / 6));
        Assert.InRange(font.CellHeight, resolution == FaxResolution.Fine ? 25 : 12, resolution == FaxResolution.Fine ? 35 : 18);
        Assert.Equal(0, CountDiffering(page, stamped, band, page.Height));
        int inkedColumns = Enumerable.Range(0, page.Width).Count(x => Enumerable.Range(0, band).Any(y => stamped.IsBlack(x, y)));
        Assert.InRange(inkedColumns, 300, 900); // about 40 glyphs of ink
        // The Cyrillic glyphs are real glyphs, not the '?' fallback.
        Assert.NotEqual(Glyph(font, 'П'), Glyph(font, '?'));
        Assert.NotEqual(Glyph(font, 'и'), Glyph(font, '?'));
    }

    [Theory]
    [InlineData(FaxResolution.Standard)]
    [InlineData(FaxResolution.Fine)]
    public void Kazakh_letters_and_russian_marks_have_their_own_glyphs(FaxResolution resolution)
    {
        HeaderFont font = HeaderFont.For(resolution);
        string fallback = Glyph(font, '?');

        foreach (char c in "ӘәҒғҚқҢңӨөҰұҮүҺһІі№«»–—")
        {
            string glyph = Glyph(font, c);
            Assert.True(glyph != fallback, $"'{c}' prints as '?'");
            Assert.True(glyph.Contains('#', StringComparison.Ordinal), $"'{c}' has no ink");
        }

        // The Kazakh letters are not their Russian bases: the descender, the stroke, the bar are there.
        foreach ((char kazakh, char russian) in new[] { ('Қ', 'К'), ('Ң', 'Н'), ('Ғ', 'Г'), ('Ө', 'О'), ('Ұ', 'Ү'), ('қ', 'к'), ('ң', 'н'), ('ғ', 'г'), ('ө', 'о') })
        {
            Assert.True(Glyph(font, kazakh) != Glyph(font, russian), $"'{kazakh}' looks like '{russian}'");
        }
    }

    [Fact]
    public void A_line_a_little_too_long_is_condensed_and_keeps_every_character()
    {
        FaxPage page = FaxPage.Blank(1728, 200, FaxResolution.Standard);
        HeaderFont font = HeaderFont.For(FaxResolution.Standard);
        int left = Math.Max(8, page.Width / 100);
        int fits = (page.Width - (2 * left)) / font.CellWidth;
        string text = new string('H', fits - 1) + "|"; // the bar marks the last character
        string longer = new string('H', (int)(fits * 1.3)) + "|";

        FaxPage normal = FaxHeaderLine.Stamp(page, text, font);
        FaxPage condensed = FaxHeaderLine.Stamp(page, longer, font);

        int band = font.CellHeight + 4;
        int Right(FaxPage p) => Enumerable.Range(0, p.Width).Last(x => Enumerable.Range(0, band).Any(y => p.IsBlack(x, y)));
        int Strokes(FaxPage p) => Enumerable.Range(0, band).Max(y => Runs(p, y)); // the H's legs and the bar, on a row clear of the crossbar
        static int Runs(FaxPage p, int y)
        {
            int n = 0;
            for (int x = 1; x < p.Width; x++)
            {
                n += p.IsBlack(x, y) && !p.IsBlack(x - 1, y) ? 1 : 0;
            }

            return n;
        }

        Assert.InRange(Right(condensed), page.Width - left - font.CellWidth, page.Width - left); // to the right edge, not past it
        Assert.Equal((2 * (longer.Length - 1)) + 1, Strokes(condensed)); // every H has its two legs: nothing was cut
        Assert.Equal((2 * (text.Length - 1)) + 1, Strokes(normal));
    }

    [Fact]
    public void A_line_far_too_long_keeps_its_start_and_its_page_count()
    {
        string text = "2026-11-28 09:05   " + new string('A', 300) + "   +77270000000   continued Page 12/40";

        string fitted = FaxHeaderLine.Fit(text, 100);

        Assert.Equal(100, fitted.Length);
        Assert.StartsWith("2026-11-28 09:05", fitted, StringComparison.Ordinal);
        Assert.EndsWith("continued Page 12/40", fitted, StringComparison.Ordinal);
        Assert.Contains(FaxHeaderLine.Elision, fitted, StringComparison.Ordinal);
        Assert.Equal("short", FaxHeaderLine.Fit("short", 100));
        Assert.Equal("ab", FaxHeaderLine.Fit("abcdef", 2));

        FaxPage page = FaxPage.Blank(1728, 200, FaxResolution.Standard);
        HeaderFont font = HeaderFont.For(FaxResolution.Standard);
        FaxPage stamped = FaxHeaderLine.Stamp(page, text, font);
        FaxPage expected = FaxHeaderLine.Stamp(page, FaxHeaderLine.Fit(text, (page.Width - (2 * Math.Max(8, page.Width / 100))) / (int)Math.Ceiling(font.CellWidth * FaxHeaderLine.MinimumCondensing)), font);
        Assert.Equal(expected.Bits.ToArray(), stamped.Bits.ToArray());
    }

    [Fact]
    public void A_kazakh_header_stamps_ink_for_every_letter()
    {
        FaxPage page = FaxPage.Blank(1728, 200, FaxResolution.Standard);
        HeaderFont font = HeaderFont.For(FaxResolution.Standard);
        const string text = "ӘҒҚҢӨҰҮҺІ әғқңөұүһі";

        FaxPage stamped = FaxHeaderLine.Stamp(page, text, font);

        int left = Math.Max(8, page.Width / 100);
        for (int i = 0; i < text.Length; i++)
        {
            int x0 = left + (i * font.CellWidth);
            int ink = Enumerable.Range(0, font.CellHeight + 4).Sum(y => Enumerable.Range(x0, font.CellWidth).Count(x => stamped.IsBlack(x, y)));
            Assert.True(text[i] == ' ' ? ink == 0 : ink > 10, $"character {i} '{text[i]}' has {ink} black pels");
        }
    }

    [Fact]
    public async Task Warm_up_renders_the_fonts_before_the_first_page_asks()
    {
        await HeaderFont.WarmUpAsync([FaxResolution.R300, FaxResolution.R16, FaxResolution.R300]);

        Assert.True(HeaderFont.IsRendered(FaxResolution.R300));
        Assert.True(HeaderFont.IsRendered(FaxResolution.R16));
        // The warmed font is the one pages get, scaled to the resolution (9 pt at 300 dpi: 23 pels across).
        HeaderFont font = HeaderFont.For(FaxResolution.R300);
        Assert.Equal(23, font.CellWidth);
        Assert.NotEqual(Glyph(font, 'A'), Glyph(font, '?'));
    }

    private static string Glyph(HeaderFont font, char c) =>
        string.Concat(Enumerable.Range(0, font.CellHeight).SelectMany(y => Enumerable.Range(0, font.CellWidth).Select(x => font.IsInk(c, x, y) ? '#' : '.')));

    private static int CountDiffering(FaxPage a, FaxPage b, int from, int to) =>
        Enumerable.Range(from, to - from).Count(y => !a.GetRow(y).SequenceEqual(b.GetRow(y)));
}
