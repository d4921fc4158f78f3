namespace Gateway.Media.Vad;

/// <summary>
/// Session 9: the residual-echo ratio of a band learned per level of the band's echo estimate over the line noise in it.
/// </summary>
/// <remarks>
/// The session-8 frame log showed that in echo-only frames the residual over the estimate falls by about 10 dB from quiet to loud
/// frames (docs/detection.md, "Session 8: barge-in"), so one ratio per band, the largest of recent frames, is set by the quiet
/// ones and over-predicts the residual echo of loud frames, where quiet replies were lost. Part of it is the line noise: its floor
/// is a minimum, so what is left of it after subtraction weighs most where the estimate is least above it. Each band therefore also
/// keeps its ratios per level bin (<see cref="LevelEdgesDb"/>); a frame's prediction in a band uses the largest ratio of its own bin
/// and every louder bin (the ratio falls with level, so louder bins are a check, not a source), from ratios committed recently
/// (<see cref="LevelMemoryFrames"/>), once its own bin holds <see cref="MinLevelFrames"/> of them, and never more than the band's
/// single ratio; otherwise the single ratio as before.
/// </remarks>
public sealed partial class DoubleTalkDetector
{
    private const int MaxLevelBins = 6;
    private readonly double[] _levelRatios;
    private readonly int[] _levelStamps;
    private readonly int[] _levelPushed = new int[EchoBands.Count * MaxLevelBins];
    private readonly double[] _levelEdgesDb = [20, 30];
    private int _commits;

    /// <summary>
    /// Edges (dB of a band's echo estimate over the line noise in that band) between the level bins whose residual-echo ratios are
    /// learned apart; empty: one ratio per band (sessions 4–8). At most 5 edges.
    /// </summary>
    public IReadOnlyList<double> LevelEdgesDb
    {
        get => _levelEdgesDb;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Count, MaxLevelBins - 1);
            _levelEdgesDb = [.. value];
        }
    }

    /// <summary>A level bin's ratios count while fewer than this many echo-only frames have been committed since (the filter moves on).</summary>
    public int LevelMemoryFrames { get; init; } = 50;

    /// <summary>Recent ratios a level bin needs before its prediction replaces the band's single ratio.</summary>
    public int MinLevelFrames { get; init; } = 3;

    /// <summary>
    /// How far (dB) the last frame's residual stood above the residual echo predicted with one ratio per band (sessions 4–8, the
    /// conservative prediction); NaN when the detector was not trusted in that frame.
    /// </summary>
    public double LastBandExcessDb { get; private set; } = double.NaN;

    // Diagnostics for the evaluation's frame log (session 8): the last frame's band energies, noise and learnability.
    internal ReadOnlySpan<double> LastResidualBands => _residualBands;

    internal ReadOnlySpan<double> LastEstimateBands => _estimateBands;

    internal ReadOnlySpan<double> LastBandRatios => _bandRatio;

    internal double LastNoise => _noise;

    internal bool LastFrameLearnable => _frameValid;

    // The level bins' clock: one tick per committed echo-only frame (after ~10⁹ of them, years of prompt, it starts again empty).
    private void AdvanceLevelClock()
    {
        if (++_commits >= int.MaxValue / 2)
        {
            _commits = 0;
            Array.Clear(_levelPushed);
        }
    }

    // The level bin of a band frame whose estimate is estimateBand over band noise noiseBand.
    private int LevelBin(double estimateBand, double noiseBand)
    {
        var db = noiseBand > 0 ? 10 * Math.Log10(Math.Max(estimateBand, 1e-30) / noiseBand) : double.PositiveInfinity;
        var bin = 0;
        while (bin < _levelEdgesDb.Length && db >= _levelEdgesDb[bin])
        {
            bin++;
        }

        return bin;
    }

    // The ratio to predict band b's residual echo with in a frame of that band level bin; single: the band's single ratio.
    private double LevelRatio(int b, int bin, double single)
    {
        if (_levelEdgesDb.Length == 0)
        {
            return single;
        }

        var envelope = 0.0;
        var own = 0;
        for (var k = bin; k <= _levelEdgesDb.Length; k++)
        {
            var cell = (b * MaxLevelBins) + k;
            for (var i = 0; i < Math.Min(_levelPushed[cell], LearnFrames); i++)
            {
                var slot = (cell * LearnFrames) + i;
                if (_commits - _levelStamps[slot] <= LevelMemoryFrames)
                {
                    envelope = Math.Max(envelope, _levelRatios[slot]);
                    own += k == bin ? 1 : 0;
                }
            }
        }

        return own >= MinLevelFrames ? Math.Min(single, envelope) : single;
    }

    // Records a committed ratio of band b learned in level bin `bin`.
    private void CommitLevel(int b, int bin, double ratio)
    {
        var cell = (b * MaxLevelBins) + bin;
        var slot = (cell * LearnFrames) + (_levelPushed[cell] % LearnFrames);
        _levelRatios[slot] = ratio;
        _levelStamps[slot] = _commits;
        _levelPushed[cell] = _levelPushed[cell] >= 2 * LearnFrames ? LearnFrames + (_levelPushed[cell] % LearnFrames) + 1 : _levelPushed[cell] + 1;
    }
}
