namespace Gateway.Fax.Pages;

/// <summary>
/// Changes a page's resolution or width for a far end that cannot take it as prepared. Reduction ORs the
/// source pels that fall into each target pel, so thin black lines survive (a plain decimation would drop
/// every other row of a one-row rule at fine → standard).
/// </summary>
public static class FaxPageResampler
{
    /// <summary>The page at <paramref name="resolution"/> and <paramref name="width"/> pels per row (the same page if nothing changes).</summary>
    public static FaxPage Resample(FaxPage page, FaxResolution resolution, int width)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (page.Resolution == resolution && page.Width == width)
        {
            return page;
        }

        // Vertical: keep the physical height. Horizontal: the target width is the whole scan line of the
        // negotiated recording width, so the page is scaled to it (A3/B4 content shrinks onto A4 paper).
        double scaleY = resolution.VerticalDpi() / page.Resolution.VerticalDpi();
        int height = Math.Max(1, (int)Math.Round(page.Height * scaleY));
        int stride = FaxPage.StrideFor(width);
        byte[] bits = new byte[stride * height];
        int[] sourceX = new int[width + 1];
        for (int x = 0; x <= width; x++)
        {
            sourceX[x] = (int)((long)x * page.Width / width);
        }

        for (int y = 0; y < height; y++)
        {
            int from = (int)((long)y * page.Height / height);
            int to = Math.Max(from + 1, (int)((long)(y + 1) * page.Height / height));
            Span<byte> target = bits.AsSpan(y * stride, stride);
            for (int sy = from; sy < to && sy < page.Height; sy++)
            {
                ReadOnlySpan<byte> row = page.GetRow(sy);
                for (int x = 0; x < width; x++)
                {
                    int sx0 = sourceX[x];
                    int sx1 = Math.Max(sx0 + 1, sourceX[x + 1]);
                    for (int sx = sx0; sx < sx1; sx++)
                    {
                        if ((row[sx >> 3] & (0x80 >> (sx & 7))) != 0)
                        {
                            target[x >> 3] |= (byte)(0x80 >> (x & 7));
                            break;
                        }
                    }
                }
            }
        }

        return new FaxPage(width, height, resolution, bits);
    }
}
