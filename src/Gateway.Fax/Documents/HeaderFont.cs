using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.Fax.Pages;

namespace Gateway.Fax.Documents;

/// <summary>
/// The glyphs of the header line: a monospaced font (Ghostscript's NimbusMono, Debian gsfonts/urw-base35)
/// rendered once per process and vertical resolution into an atlas of fixed cells, so stamping a page is a
/// copy of bits, not a Ghostscript run. Latin (ASCII), Russian and Kazakh Cyrillic (Ә Ғ Қ Ң Ө Ұ Ү Һ І) and a
/// few marks Russian text uses (№ « » – —); anything else prints as '?'.
/// </summary>
public sealed class HeaderFont
{
    /// <summary>Font size in points: 9 pt Courier-like gives about 113 characters across an A4 line.</summary>
    public const double SizePoints = 9;

    private const string Cyrillic = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя";

    // Kazakh letters beyond Russian and the marks, with their glyph names in NimbusMonoPS (its .afm lists them).
    private static readonly (char Char, string Glyph)[] Extra =
    [
        ('Ә', "uni04D8"), ('ә', "afii10846"), ('Ғ', "uni0492"), ('ғ', "uni0493"), ('Қ', "uni049A"), ('қ', "uni049B"),
        ('Ң', "uni04A2"), ('ң', "uni04A3"), ('Ө', "uni04E8"), ('ө', "uni04E9"), ('Ұ', "uni04B0"), ('ұ', "uni04B1"),
        ('Ү', "uni04AE"), ('ү', "uni04AF"), ('Һ', "uni04BA"), ('һ', "uni04BB"), ('І', "afii10055"), ('і', "afii10103"),
        ('№', "afii61352"), ('«', "guillemotleft"), ('»', "guillemotright"), ('–', "endash"), ('—', "emdash"),
    ];
    private const int Columns = 16;
    private static readonly ConcurrentDictionary<FaxResolution, Lazy<HeaderFont>> Fonts = new();

    private readonly Dictionary<char, int> _index;
    private readonly byte[] _atlas;
    private readonly int _atlasStride;

    private HeaderFont(int cellWidth, int cellHeight, Dictionary<char, int> index, byte[] atlas, int atlasStride)
    {
        CellWidth = cellWidth;
        CellHeight = cellHeight;
        _index = index;
        _atlas = atlas;
        _atlasStride = atlasStride;
    }

    /// <summary>Pels per character.</summary>
    public int CellWidth { get; }

    /// <summary>Rows per character.</summary>
    public int CellHeight { get; }

    /// <summary>The font for pages at <paramref name="resolution"/> (rendered on first use; needs Ghostscript).</summary>
    public static HeaderFont For(FaxResolution resolution, string ghostscript = "gs")
    {
        Lazy<HeaderFont> font = Fonts.GetOrAdd(resolution, r => new Lazy<HeaderFont>(() => Render(r, ghostscript)));
        try
        {
            return font.Value;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Lazy keeps a failure for good; forget it so the next page tries Ghostscript again.
            Fonts.TryRemove(new KeyValuePair<FaxResolution, Lazy<HeaderFont>>(resolution, font));
            throw;
        }
    }

    /// <summary>
    /// Renders the fonts for <paramref name="resolutions"/> ahead of time (one Ghostscript run each, in
    /// parallel), so the first fax after a service start does not wait for it. A failure surfaces here and
    /// is tried again on first use.
    /// </summary>
    public static Task WarmUpAsync(IEnumerable<FaxResolution> resolutions, string ghostscript = "gs") =>
        Task.WhenAll(resolutions.Distinct().Select(r => Task.Run(() => For(r, ghostscript))));

    /// <summary>True once the font for <paramref name="resolution"/> is rendered (for health checks and tests).</summary>
    public static bool IsRendered(FaxResolution resolution) =>
        Fonts.TryGetValue(resolution, out Lazy<HeaderFont>? font) && font.IsValueCreated;

    /// <summary>Whether pel (<paramref name="x"/>, <paramref name="y"/>) of <paramref name="c"/>'s cell is black.</summary>
    public bool IsInk(char c, int x, int y)
    {
        int glyph = _index.TryGetValue(c, out int i) ? i : _index['?'];
        int ax = ((glyph % Columns) * CellWidth) + x;
        int ay = ((glyph / Columns) * CellHeight) + y;
        return (_atlas[(ay * _atlasStride) + (ax >> 3)] & (0x80 >> (ax & 7))) != 0;
    }

    private static HeaderFont Render(FaxResolution resolution, string ghostscript)
    {
        double dpiX = resolution.HorizontalDpi();
        double dpiY = resolution.VerticalDpi();
        int cellWidth = (int)Math.Ceiling(0.6 * SizePoints / 72 * dpiX); // NimbusMono advance is 600/1000 em
        int cellHeight = (int)Math.Ceiling(1.15 * SizePoints / 72 * dpiY);
        var chars = new List<char>();
        for (char c = ' '; c <= '~'; c++)
        {
            chars.Add(c);
        }

        chars.AddRange(Cyrillic);
        chars.AddRange(Extra.Select(e => e.Char));
        int rows = (chars.Count + Columns - 1) / Columns;
        int width = Columns * cellWidth;
        int height = rows * cellHeight;
        var ps = new StringBuilder();
        ps.Append(CultureInfo.InvariantCulture, $"/NimbusMonoPS-Regular findfont {SizePoints} scalefont setfont\n");
        double cellWpt = cellWidth / dpiX * 72;
        double cellHpt = cellHeight / dpiY * 72;
        double pageHpt = height / dpiY * 72;
        for (int i = 0; i < chars.Count; i++)
        {
            double x = (i % Columns) * cellWpt;
            double y = pageHpt - (((i / Columns) + 1) * cellHpt) + (0.25 * SizePoints); // baseline above the descenders
            ps.Append(CultureInfo.InvariantCulture, $"{x:0.###} {y:0.###} moveto ");
            char c = chars[i];
            ps.Append(c < 0x80 ? $"<{Convert.ToHexString([(byte)c])}> show\n" : $"/{GlyphName(c)} glyphshow\n");
        }

        ps.Append("showpage\n");
        string dir = Directory.CreateTempSubdirectory("gateway-font-").FullName;
        try
        {
            string program = Path.Combine(dir, "atlas.ps");
            string output = Path.Combine(dir, "atlas.pbm");
            File.WriteAllText(program, ps.ToString());
            var psi = new ProcessStartInfo(ghostscript) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in new[]
            {
                "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pbmraw", "-dTextAlphaBits=1",
                string.Create(CultureInfo.InvariantCulture, $"-r{dpiX:0.###}x{dpiY:0.###}"),
                string.Create(CultureInfo.InvariantCulture, $"-g{width}x{height}"), "-sOutputFile=" + output, program,
            })
            {
                psi.ArgumentList.Add(a);
            }

            using Process gs = Process.Start(psi) ?? throw new InvalidOperationException("Ghostscript could not be started for the header font");
            string errors = gs.StandardError.ReadToEnd() + gs.StandardOutput.ReadToEnd();
            if (!gs.WaitForExit(30_000) || gs.ExitCode != 0 || !File.Exists(output))
            {
                throw new InvalidOperationException($"Ghostscript could not render the header font: {errors.Trim()}");
            }

            (byte[] bits, int stride) = ReadPbm(File.ReadAllBytes(output), width, height);
            var index = new Dictionary<char, int>();
            for (int i = 0; i < chars.Count; i++)
            {
                index[chars[i]] = i;
            }

            return new HeaderFont(cellWidth, cellHeight, index, bits, stride);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string GlyphName(char c)
    {
        int cyr = Cyrillic.IndexOf(c, StringComparison.Ordinal);

        // Adobe glyph names for Russian: afii10017 (А) … afii10049 (Я), afii10065 (а) … afii10097 (я), Ё/ё in alphabet order.
        return cyr >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"afii{(cyr < 33 ? 10017 + cyr : 10065 + cyr - 33)}")
            : Extra.First(e => e.Char == c).Glyph;
    }

    private static (byte[] Bits, int Stride) ReadPbm(byte[] data, int width, int height)
    {
        // Netpbm P4: "P4", optional comment lines, width, height, one whitespace, packed rows (1 = black).
        int position = 2;
        int fields = 0;
        while (fields < 2)
        {
            while (char.IsWhiteSpace((char)data[position]) || data[position] == '#')
            {
                if (data[position] == '#')
                {
                    while (data[position] != '\n')
                    {
                        position++;
                    }
                }

                position++;
            }

            while (!char.IsWhiteSpace((char)data[position]))
            {
                position++;
            }

            fields++;
        }

        position++;
        int stride = (width + 7) / 8;
        return (data.AsSpan(position, stride * height).ToArray(), stride);
    }
}
