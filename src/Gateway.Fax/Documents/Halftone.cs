using Gateway.Fax.Pages;

namespace Gateway.Fax.Documents;

/// <summary>
/// Greyscale to fax pels: box-filter scaling onto the fax grid, then Floyd–Steinberg error diffusion
/// (serpentine), so photos keep their tones as dot density instead of collapsing under a threshold. Pure
/// black and white (text rendered without anti-aliasing) diffuses no error and stays crisp; scanned text
/// (grey paper, grey ink) is first stretched to pure paper and ink by <see cref="TextContrast"/>.
/// </summary>
internal static class Halftone
{
    /// <summary>
    /// Places <paramref name="image"/> on a page of <paramref name="width"/> pels at <paramref name="resolution"/>:
    /// scaled by <paramref name="scale"/> of its physical size (1 = true size), centred horizontally.
    /// </summary>
    public static FaxPage ToPage(GreyImage image, FaxResolution resolution, int width, double scale, int maxHeight)
    {
        // Fax files carry nominal resolutions (204 × 196 for 203.2 × 195.6): within 2 % counts as the same grid,
        // so a fax TIFF comes through pel for pel instead of being resampled by a hair.
        double fx = Near(scale * resolution.HorizontalDpi() / FaxGrid(image.DpiX, horizontal: true));
        double fy = Near(scale * resolution.VerticalDpi() / FaxGrid(image.DpiY, horizontal: false));
        int targetW = Math.Clamp((int)Math.Round(image.Width * fx), 1, width);
        int targetH = Math.Clamp((int)Math.Round(image.Height * fy), 1, maxHeight);
        float[] grey = Scale(image, targetW, targetH);
        TextContrast.Apply(grey);
        int stride = FaxPage.StrideFor(width);
        byte[] bits = new byte[stride * targetH];
        int left = (width - targetW) / 2;
        float[] next = new float[targetW + 2];
        float[] current = new float[targetW + 2];
        for (int y = 0; y < targetH; y++)
        {
            Array.Copy(next, current, next.Length);
            Array.Clear(next);
            bool leftToRight = (y & 1) == 0;
            for (int i = 0; i < targetW; i++)
            {
                int x = leftToRight ? i : targetW - 1 - i;
                float value = grey[(y * targetW) + x] + current[x + 1];
                bool black = value < 128f;
                float error = value - (black ? 0f : 255f);
                if (black)
                {
                    int px = left + x;
                    bits[(y * stride) + (px >> 3)] |= (byte)(0x80 >> (px & 7));
                }

                // Floyd–Steinberg weights 7/16 ahead, 3/16 behind-below, 5/16 below, 1/16 ahead-below.
                int ahead = leftToRight ? x + 2 : x;
                int behind = leftToRight ? x : x + 2;
                current[ahead] += error * 7 / 16;
                next[behind] += error * 3 / 16;
                next[x + 1] += error * 5 / 16;
                next[ahead] += error * 1 / 16;
            }
        }

        return new FaxPage(width, targetH, resolution, bits);
    }

    private static double Near(double factor) => Math.Abs(factor - 1) < 0.02 ? 1 : factor;

    // A source at a fax resolution written nominally (204, 98, 196, 200 …) is on the exact fax grid
    // (203.2, 97.79, 195.58: T.4 §2.2), so fine → standard halves the rows exactly instead of losing a few.
    private static double FaxGrid(double dpi, bool horizontal)
    {
        foreach (FaxResolution r in Enum.GetValues<FaxResolution>())
        {
            double exact = horizontal ? r.HorizontalDpi() : r.VerticalDpi();
            if (Math.Abs((dpi / exact) - 1) < 0.02)
            {
                return exact;
            }
        }

        return dpi;
    }

    private static float[] Scale(GreyImage image, int targetW, int targetH)
    {
        var result = new float[targetW * targetH];
        double sx = (double)image.Width / targetW;
        double sy = (double)image.Height / targetH;
        for (int y = 0; y < targetH; y++)
        {
            int y0 = (int)(y * sy);
            int y1 = Math.Max(y0 + 1, Math.Min(image.Height, (int)((y + 1) * sy)));
            for (int x = 0; x < targetW; x++)
            {
                int x0 = (int)(x * sx);
                int x1 = Math.Max(x0 + 1, Math.Min(image.Width, (int)((x + 1) * sx)));
                int sum = 0;
                for (int yy = y0; yy < y1; yy++)
                {
                    int row = yy * image.Width;
                    for (int xx = x0; xx < x1; xx++)
                    {
                        sum += image.Pixels[row + xx];
                    }
                }

                result[(y * targetW) + x] = (float)sum / ((y1 - y0) * (x1 - x0));
            }
        }

        return result;
    }
}
