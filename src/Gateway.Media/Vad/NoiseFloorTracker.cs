namespace Gateway.Media.Vad;

/// <summary>
/// Background-noise level as the minimum of lightly smoothed frame power over about 1.3 s (minimum statistics,
/// the approach of G.729 Annex B §B.3.5). Four sub-windows of 16 frames keep the minimum recent without
/// storing every frame. Until the first sub-window is complete the floor is never above
/// <see cref="SeedMeanSquare"/>: a call can open with speech ("алло" said while the handset is lifted), and
/// the minimum of a loud onset is not noise.
/// </summary>
public sealed class NoiseFloorTracker
{
    private const int SubWindow = 16;
    private const int SubWindows = 4;
    private readonly double[] _minima = new double[SubWindows];
    private double _current = double.MaxValue;
    private int _framesInSub;
    private int _subIndex;
    private int _subsFilled;
    private double _smoothed = -1;
    private double _floor = double.NaN;

    /// <summary>Lowest floor reported (mean-square units): −75 dBm0, so digital silence does not make every click "speech".</summary>
    public double MinimumMeanSquare { get; init; } = Dsp.Level.Dbm0ToMeanSquare(-75);

    /// <summary>
    /// The conservative floor assumed before the first 16 frames are in (mean-square units, default −45 dBm0:
    /// a line noisier than that is rare, and speech is louder than that).
    /// </summary>
    public double SeedMeanSquare { get; init; } = Dsp.Level.Dbm0ToMeanSquare(-45);

    /// <summary>Current floor estimate in mean-square units (before any frame: the seed).</summary>
    public double MeanSquare => double.IsNaN(_floor) ? SeedMeanSquare : _floor;

    /// <summary>True once the floor rests on a full sub-window of observations (not on the seed).</summary>
    public bool Settled => _subsFilled > 0;

    /// <summary>Feeds one frame's mean square.</summary>
    public void Update(double meanSquare)
    {
        _smoothed = _smoothed < 0 ? meanSquare : (0.5 * _smoothed) + (0.5 * meanSquare);
        _current = Math.Min(_current, _smoothed);
        if (++_framesInSub == SubWindow)
        {
            _minima[_subIndex] = _current;
            _subIndex = (_subIndex + 1) % SubWindows;
            _subsFilled = Math.Min(SubWindows, _subsFilled + 1);
            _framesInSub = 0;
            _current = double.MaxValue;
        }

        var floor = _subsFilled == 0 ? Math.Min(_current, SeedMeanSquare) : _current;
        for (var i = 0; i < _subsFilled; i++)
        {
            floor = Math.Min(floor, _minima[i]);
        }

        _floor = Math.Max(floor, MinimumMeanSquare);
    }

    /// <summary>Forgets all history.</summary>
    public void Reset()
    {
        Array.Clear(_minima);
        _current = double.MaxValue;
        _framesInSub = 0;
        _subIndex = 0;
        _subsFilled = 0;
        _smoothed = -1;
        _floor = double.NaN;
    }
}
