namespace Gateway.Fax.Documents;

/// <summary>
/// Keeps scanned text crisp before error diffusion. A scan of a letter has grey paper (e.g. 235), grey ink
/// (e.g. 40) and anti-aliased edges; diffused as it is, the paper turns into a sprinkle of black dots (≈ 8 %
/// at 235) and strokes get white holes, which looks dirty and codes badly. A page whose tones sit almost
/// all near two levels (paper and ink) is "text-like": its levels are stretched so that paper maps to pure
/// white and ink to pure black, leaving only the edge pels grey for the diffusion. Photos (many mid-tones)
/// are left alone so their mean grey survives the dithering.
/// </summary>
internal static class TextContrast
{
    /// <summary>Share of pels that must sit near paper or ink for a page to count as text-like.</summary>
    public const double TextLikeShare = 0.9;

    /// <summary>Least distance between paper and ink levels for a page to count as text-like.</summary>
    public const int MinimumSpread = 96;

    /// <summary>Applies the stretch in place when <paramref name="grey"/> is text-like; returns whether it did.</summary>
    public static bool Apply(float[] grey)
    {
        Span<int> histogram = stackalloc int[256];
        foreach (float v in grey)
        {
            histogram[Math.Clamp((int)v, 0, 255)]++;
        }

        // Paper is the median (most of a text page is paper); ink the median of the clearly dark pels.
        int paper = Percentile(histogram, 0, 256, 0.5);
        int darkCount = Count(histogram, 0, 128);
        if (paper < 160 || darkCount == 0)
        {
            return false; // a dark page or no ink at all: nothing to sharpen, leave the tones
        }

        int ink = Percentile(histogram, 0, 128, 0.5);
        int spread = paper - ink;
        if (spread < MinimumSpread)
        {
            return false;
        }

        // Two tight clusters: paper and ink within 1/8 of their distance. Four flat colours, a low-contrast
        // photo or a pale logo over half the page do not qualify and keep their tones.
        int band = spread / 8;
        int nearPaper = Count(histogram, paper - band, 256);
        int nearInk = Count(histogram, 0, ink + band + 1);
        if (nearPaper < grey.Length / 2 || nearPaper + nearInk < TextLikeShare * grey.Length)
        {
            return false;
        }

        // Linear levels: ink + 1/8 of the spread → 0, paper − 1/8 → 255; clip outside.
        float low = ink + (spread / 8f);
        float high = paper - (spread / 8f);
        float gain = 255f / (high - low);
        for (int i = 0; i < grey.Length; i++)
        {
            grey[i] = Math.Clamp((grey[i] - low) * gain, 0f, 255f);
        }

        return true;
    }

    private static int Count(ReadOnlySpan<int> histogram, int from, int to)
    {
        int sum = 0;
        for (int i = Math.Max(0, from); i < Math.Min(256, to); i++)
        {
            sum += histogram[i];
        }

        return sum;
    }

    private static int Percentile(ReadOnlySpan<int> histogram, int from, int to, double share)
    {
        int target = (int)(Count(histogram, from, to) * share);
        int seen = 0;
        for (int i = from; i < to; i++)
        {
            seen += histogram[i];
            if (seen > target)
            {
                return i;
            }
        }

        return to - 1;
    }
}
