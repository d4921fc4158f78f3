namespace Gateway.Fax.Pages;

/// <summary>
/// A synthetic page with text-like content (rows of short black runs, rules, a frame), deterministic for
/// a seed: for load tests, end-to-end tests and trying a trunk without a document. Pixel checks compare
/// it with what arrived.
/// </summary>
public static class FaxTestChart
{
    /// <summary>A page of <paramref name="height"/> rows, 1728 pels wide.</summary>
    public static FaxPage Create(FaxResolution resolution = FaxResolution.Fine, int height = 400, int seed = 1)
    {
        const int width = 1728;
        int stride = FaxPage.StrideFor(width);
        byte[] bits = new byte[stride * height];
        var random = new Random(seed);
        void Set(int x, int y)
        {
            bits[(y * stride) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
        }

        for (int x = 40; x < width - 40; x++)
        {
            Set(x, 10);
            Set(x, height - 11);
        }

        for (int y = 10; y < height - 10; y++)
        {
            Set(40, y);
            Set(width - 41, y);
            if (y % 24 is >= 6 and < 18)
            {
                // A "line of text": words of glyph-sized runs.
                int x = 80;
                var line = new Random(seed + (y / 24));
                while (x < width - 120)
                {
                    int word = line.Next(3, 9);
                    for (int g = 0; g < word; g++)
                    {
                        int stroke = line.Next(2, 5);
                        if ((y + g) % 3 != 0)
                        {
                            for (int k = 0; k < stroke; k++)
                            {
                                Set(x + k, y);
                            }
                        }

                        x += 14;
                    }

                    x += 20 + random.Next(0, 2);
                }
            }
        }

        return new FaxPage(width, height, resolution, bits);
    }
}
