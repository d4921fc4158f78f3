namespace Gateway.Media.Vad;

/// <summary>
/// The distribution of frame levels over a sliding window (default 3 s), as a histogram of 0.5 dB bins, so that a
/// high percentile of the background can be read in one pass without sorting or allocating. Frames that the caller
/// marks as clearly not background (well above its median) are left out, so a reply or a greeting does not lift
/// the percentile that is meant to describe the noise. Used by <see cref="DspVoiceActivityDetector"/> to follow
/// fluctuating noise (babble): a crowd of far talkers has frame levels spread 8–10 dB below and 4–6 dB above
/// its median, white noise ±0.6 dB, so "median + a fixed margin" is either deaf in white noise or hears babble.
/// </summary>
public sealed class NoiseLevelHistogram
{
    private const double LowDb = -20;
    private const double BinDb = 0.5;
    private const int Bins = 280; // −20 … +120 dB (10·log10 of the mean square of 16-bit samples: at most 90)
    private const short Excluded = -1;
    private readonly int[] _counts = new int[Bins];
    private readonly short[] _ring;
    private int _next;
    private int _filled;
    private int _included;

    /// <summary>Creates a histogram over the last <paramref name="windowFrames"/> frames.</summary>
    public NoiseLevelHistogram(int windowFrames = 150)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, 1);
        _ring = new short[windowFrames];
    }

    /// <summary>Frames in the window that were counted as background.</summary>
    public int Included => _included;

    /// <summary>Frames in the window (counted or not).</summary>
    public int Filled => _filled;

    /// <summary>Adds one frame level (dB); <paramref name="include"/> false records the frame as not background.</summary>
    public void Add(double levelDb, bool include)
    {
        if (_filled == _ring.Length)
        {
            var old = _ring[_next];
            if (old != Excluded)
            {
                _counts[old]--;
                _included--;
            }
        }
        else
        {
            _filled++;
        }

        short bin = Excluded;
        if (include)
        {
            bin = (short)Math.Clamp((int)((levelDb - LowDb) / BinDb), 0, Bins - 1);
            _counts[bin]++;
            _included++;
        }

        _ring[_next] = bin;
        _next = (_next + 1) % _ring.Length;
    }

    /// <summary>The level (dB, bin centre) below which <paramref name="fraction"/> of the background frames lie; NaN when empty.</summary>
    public double Percentile(double fraction)
    {
        if (_included == 0)
        {
            return double.NaN;
        }

        var above = (int)Math.Floor((1 - fraction) * _included);
        var seen = 0;
        for (var b = Bins - 1; b >= 0; b--)
        {
            seen += _counts[b];
            if (seen > above)
            {
                return LowDb + ((b + 0.5) * BinDb);
            }
        }

        return LowDb;
    }

    /// <summary>Forgets all frames.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _next = 0;
        _filled = 0;
        _included = 0;
    }
}
