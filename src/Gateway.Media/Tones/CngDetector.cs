using Gateway.Media.Dsp;

namespace Gateway.Media.Tones;

/// <summary>
/// T.30 §5.3.1 CNG: 1100 Hz ± 38 Hz, 0.5 s on, 3 s off. Declared when a burst of 0.5 s (accepting
/// 400–650 ms after framing) ends. We send CNG ourselves; hearing one means a calling fax is on the line.
/// </summary>
public sealed class CngDetector
{
    private readonly ToneFilter _filter = new(1100);
    private readonly ToneThresholds _thresholds;
    private int _onFrames;
    private int _offFrames;
    private double _levelSum;

    /// <summary>Creates a detector.</summary>
    public CngDetector(ToneThresholds? thresholds = null) => _thresholds = thresholds ?? ToneThresholds.Default;

    /// <summary>True while the current frame carries 1100 Hz.</summary>
    public bool ToneOn { get; private set; }

    /// <summary>Feeds one frame; returns a detection at the end of each CNG burst.</summary>
    public ToneDetection Process(AnalysisFrame frame)
    {
        ToneOn = !frame.IsComfortNoise && frame.LevelDbm0 >= _thresholds.MinLevelDbm0 && frame.Purity(_filter) >= _thresholds.MinPurity;
        if (ToneOn)
        {
            _onFrames += 1 + _offFrames;
            _offFrames = 0;
            _levelSum += frame.LevelDbm0;
            return ToneDetection.None;
        }

        if (_onFrames == 0)
        {
            return ToneDetection.None;
        }

        if (++_offFrames < 2)
        {
            return ToneDetection.None;
        }

        var ms = _onFrames * AnalysisFrame.DurationMs;
        var level = _levelSum / _onFrames;
        _onFrames = 0;
        _offFrames = 0;
        _levelSum = 0;
        return ms is >= 400 and <= 650 ? new ToneDetection(ToneKind.Cng, frame.TimestampMs, level) : ToneDetection.None;
    }

    /// <summary>Forgets any burst in progress.</summary>
    public void Reset()
    {
        _onFrames = 0;
        _offFrames = 0;
        _levelSum = 0;
    }
}
