using System.Globalization;
using System.Text;
using Gateway.Fax.Pages;

namespace Gateway.Fax.Documents;

/// <summary>
/// The identifying line at the top of every sent page (US 47 CFR 68.318(d): date and time, the sender's
/// name and telephone number, and common practice: page n of m). The line is written over the top band
/// of the page (the band is cleared first), so the page keeps its length and the paper its size; the
/// band is the top margin every printer leaves blank anyway.
/// </summary>
public sealed class FaxHeaderLine(string format = FaxHeaderLine.DefaultFormat)
{
    /// <summary>
    /// Placeholders: <c>{date:FORMAT}</c> (.NET date format, local time of <see cref="Stamp"/>'s time),
    /// <c>{from}</c>, <c>{number}</c>, <c>{page}</c>, <c>{pages}</c>, <c>{continued}</c> ("continued " on a
    /// resumed send, empty otherwise).
    /// </summary>
    public const string DefaultFormat = "{date:yyyy-MM-dd HH:mm}   {from}   {number}   {continued}Page {page}/{pages}";

    /// <summary>The text for one page.</summary>
    public string Format(DateTimeOffset time, string from, string number, int page, int pages, bool continued)
    {
        var text = new StringBuilder(format);
        int start;
        while ((start = text.ToString().IndexOf("{date", StringComparison.Ordinal)) >= 0)
        {
            int end = text.ToString().IndexOf('}', start);
            if (end < 0)
            {
                break;
            }

            string spec = text.ToString(start + 1, end - start - 1);
            string pattern = spec.Length > 5 && spec[4] == ':' ? spec[5..] : "yyyy-MM-dd HH:mm";
            text.Remove(start, end - start + 1).Insert(start, time.ToString(pattern, CultureInfo.InvariantCulture));
        }

        return text
            .Replace("{from}", from)
            .Replace("{number}", number)
            .Replace("{page}", page.ToString(CultureInfo.InvariantCulture))
            .Replace("{pages}", pages.ToString(CultureInfo.InvariantCulture))
            .Replace("{continued}", continued ? "continued " : "")
            .ToString();
    }

    /// <summary>Narrowest glyph advance, as a share of the font's cell, before the text is shortened instead.</summary>
    public const double MinimumCondensing = 0.6;

    /// <summary>What stands for the characters taken out of a line too long even when condensed.</summary>
    public const string Elision = "...";

    /// <summary>
    /// A copy of <paramref name="page"/> with <paramref name="text"/> written into its top band. A line wider than the
    /// page is condensed (glyphs sampled narrower, down to <see cref="MinimumCondensing"/> of their width); past that its
    /// middle is replaced by <see cref="Elision"/>, so the date at the start and the page count at the end stay.
    /// </summary>
    public static FaxPage Stamp(FaxPage page, string text, HeaderFont font)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(font);
        ArgumentNullException.ThrowIfNull(text);
        int margin = Math.Max(1, font.CellHeight / 6);
        int band = Math.Min(page.Height, font.CellHeight + (2 * margin));
        byte[] bits = page.Bits.ToArray();
        bits.AsSpan(0, band * page.Stride).Clear();
        int left = Math.Max(8, page.Width / 100);
        int room = Math.Max(0, page.Width - (2 * left));
        int narrowest = Math.Max(1, (int)Math.Ceiling(font.CellWidth * MinimumCondensing));
        string line = Fit(text, room / narrowest);
        double advance = line.Length == 0 ? font.CellWidth : Math.Min(font.CellWidth, room / (double)line.Length);
        int width = Math.Max(1, (int)advance);
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == ' ')
            {
                continue;
            }

            int x0 = left + (int)(i * advance);
            for (int y = 0; y < font.CellHeight && margin + y < band; y++)
            {
                int row = (margin + y) * page.Stride;
                for (int x = 0; x < width; x++)
                {
                    // Condensed: an output column is inked when any glyph column it covers is, so a one-pel stroke
                    // (the bar of '|', the stem of 'l') is never dropped between two samples.
                    if (Covers(font, c, x * font.CellWidth / width, Math.Max((x * font.CellWidth / width) + 1, (x + 1) * font.CellWidth / width), y))
                    {
                        int px = x0 + x;
                        bits[row + (px >> 3)] |= (byte)(0x80 >> (px & 7));
                    }
                }
            }
        }

        return new FaxPage(page.Width, page.Height, page.Resolution, bits);
    }

    private static bool Covers(HeaderFont font, char c, int from, int to, int y)
    {
        for (int x = from; x < to; x++)
        {
            if (font.IsInk(c, x, y))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="text"/> in at most <paramref name="maxChars"/> characters: as it is when it fits, else its start
    /// and its end (the end up to 24 characters: "continued Page 12/40" fits) around <see cref="Elision"/>.
    /// </summary>
    internal static string Fit(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        if (maxChars <= Elision.Length)
        {
            return text[..Math.Max(0, maxChars)];
        }

        int keep = maxChars - Elision.Length;
        int tail = Math.Min(24, keep / 2);
        return string.Concat(text.AsSpan(0, keep - tail), Elision, text.AsSpan(text.Length - tail));
    }
}
