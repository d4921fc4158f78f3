using BitMiracle.LibTiff.Classic;

namespace Gateway.Fax.Tests.Interop;

/// <summary>Reads the bi-level pixels of a TIFF page (1 = black) so received pages can be compared with what was sent.</summary>
public static class TiffPixels
{
    public static (int Width, int Height, byte[][] Rows) Read(string path, int page = 0)
    {
        using var tiff = Tiff.Open(path, "r") ?? throw new InvalidOperationException($"Cannot open {path}.");
        if (!tiff.SetDirectory((short)page))
            throw new InvalidOperationException($"{path} has no page {page}.");
        var width = tiff.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
        var height = tiff.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
        var photometric = (Photometric)tiff.GetField(TiffTag.PHOTOMETRIC)[0].ToInt();
        var stride = tiff.ScanlineSize();
        var rows = new byte[height][];
        for (var y = 0; y < height; y++)
        {
            var raw = new byte[stride];
            tiff.ReadScanline(raw, y);
            var row = new byte[width];
            for (var x = 0; x < width; x++)
            {
                var bit = (raw[x >> 3] >> (7 - (x & 7))) & 1;
                row[x] = (byte)(photometric == Photometric.MINISWHITE ? bit : bit ^ 1);
            }
            rows[y] = row;
        }
        return (width, height, rows);
    }

    /// <summary>Number of rows that differ (a height difference counts every missing row).</summary>
    public static int DifferingRows(string expected, string actual, int expectedPage = 0, int actualPage = 0)
    {
        var a = Read(expected, expectedPage);
        var b = Read(actual, actualPage);
        if (a.Width != b.Width)
            return Math.Max(a.Height, b.Height);
        var diff = Math.Abs(a.Height - b.Height);
        for (var y = 0; y < Math.Min(a.Height, b.Height); y++)
            if (!a.Rows[y].AsSpan().SequenceEqual(b.Rows[y]))
                diff++;
        return diff;
    }
}
