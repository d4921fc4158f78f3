namespace Gateway.Media.Vad;

/// <summary>
/// Background-noise level as the minimum of lightly smoothed frame power over about 1.3 s (minimum statistics,
/// the approach of G.729 Annex B §B.3.5). Four sub-windows of 16 frames keep the minimum recent without
/// storing every frame.
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

    /// <summary>Lowest floor reported (mean-square units): −75 dBm0, so digital silence does not make every click "speech".</summary>
    public double MinimumMeanSquare { get; init; } = Dsp.Level.Dbm0ToMeanSquare(-75);

    /// <summary>Current floor estimate in mean-square units (before any frame: +∞).</summary>
    public double MeanSquare { get; private set; } = double.PositiveInfinity;

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

        var floor = _current;
        for (var i = 0; i < _subsFilled; i++)
        {
            floor = Math.Min(floor, _minima[i]);
        }

        MeanSquare = Math.Max(floor, MinimumMeanSquare);
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
        MeanSquare = double.PositiveInfinity;
    }
}
