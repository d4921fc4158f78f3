using Gateway.Fax.Pages;
using Gateway.Fax.Tests.Interop;

namespace Gateway.Fax.Tests.Coding;

/// <summary>The ITU charts as <see cref="FaxPage"/>s, read with LibTiff (an independent reader).</summary>
internal static class ChartPages
{
    public static FaxPage Load(string chart)
    {
        var (width, height, rows) = TiffPixels.Read(ItuCharts.Get(chart));
        int stride = FaxPage.StrideFor(width);
        byte[] bits = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (rows[y][x] != 0)
                {
                    bits[(y * stride) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
                }
            }
        }

        return new FaxPage(width, height, chart.EndsWith("fine", StringComparison.Ordinal) ? FaxResolution.Fine : FaxResolution.Standard, bits);
    }
}
