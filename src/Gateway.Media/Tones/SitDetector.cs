using Gateway.Media.Dsp;

namespace Gateway.Media.Tones;

/// <summary>
/// Special information tone: three rising segments. ITU-T E.180 §2.3: 950, 1400, 1800 Hz ± 50 Hz, each
/// 330 ± 70 ms, gaps up to 30 ms. North America (Telcordia GR-1162): 913.8 or 985.2, 1370.6 or 1428.5, then
/// 1776.7 Hz, segments of 274 or 380 ms. A frame belongs to a segment when one of its group's frequencies
/// carries at least the minimum purity; declared once the third segment has lasted <see cref="ThirdSegmentMs"/>.
/// </summary>
public sealed class SitDetector
{
    private static readonly ToneFilter[][] Groups =
    [
        [new(913.8), new(950), new(985.2)],
        [new(1370.6), new(1400), new(1428.5)],
        [new(1776.7), new(1800)],
    ];

    private readonly ToneThresholds _thresholds;
    private int _stage; // index of the segment in progress (0..2), or -1 when idle
    private int _segmentFrames;
    private int _gapFrames;
    private double _levelSum;
    private int _levelFrames;
    private bool _declared;

    /// <summary>Creates a detector.</summary>
    public SitDetector(ToneThresholds? thresholds = null)
    {
        _thresholds = thresholds ?? ToneThresholds.Default;
        _stage = -1;
    }

    /// <summary>Shortest first/second segment accepted (E.180: 260 ms; GR-1162 short: 274 ms; less 40 ms framing).</summary>
    public int MinSegmentMs { get; init; } = 220;

    /// <summary>Longest first/second segment accepted (E.180: 400 ms; GR-1162 long: 380 ms; plus 40 ms framing).</summary>
    public int MaxSegmentMs { get; init; } = 440;

    /// <summary>How long the third segment must last before SIT is declared.</summary>
    public int ThirdSegmentMs { get; init; } = 200;

    /// <summary>True while the current frame carries a SIT frequency.</summary>
    public bool ToneOn { get; private set; }

    /// <summary>Feeds one frame; returns a detection once per SIT.</summary>
    public ToneDetection Process(AnalysisFrame frame)
    {
        var group = Classify(frame);
        ToneOn = group >= 0;
        if (group >= 0)
        {
            _levelSum += frame.LevelDbm0;
            _levelFrames++;
        }

        if (_stage >= 0 && group == _stage)
        {
            _segmentFrames += 1 + _gapFrames;
            _gapFrames = 0;
        }
        else if (_stage >= 0 && group == _stage + 1 && InRange(_segmentFrames))
        {
            _stage++;
            _segmentFrames = 1;
            _gapFrames = 0;
        }
        else if (_stage >= 0 && group < 0 && _gapFrames < 2)
        {
            _gapFrames++; // E.180 allows up to 30 ms between segments
        }
        else
        {
            Restart(group);
        }

        if (_declared || _stage != 2 || _segmentFrames * AnalysisFrame.DurationMs < ThirdSegmentMs)
        {
            return ToneDetection.None;
        }

        _declared = true;
        return new ToneDetection(ToneKind.Sit, frame.TimestampMs, _levelSum / Math.Max(1, _levelFrames));
    }

    /// <summary>Forgets any SIT in progress.</summary>
    public void Reset()
    {
        Restart(-1);
        _declared = false;
    }

    private void Restart(int group)
    {
        _stage = group == 0 ? 0 : -1;
        _segmentFrames = group == 0 ? 1 : 0;
        _gapFrames = 0;
        _levelSum = 0;
        _levelFrames = 0;
    }

    private bool InRange(int frames)
    {
        var ms = frames * AnalysisFrame.DurationMs;
        return ms >= MinSegmentMs && ms <= MaxSegmentMs;
    }

    private int Classify(AnalysisFrame frame)
    {
        if (frame.IsComfortNoise || frame.LevelDbm0 < _thresholds.MinLevelDbm0 || frame.MeanSquare <= 0)
        {
            return -1;
        }

        for (var g = 0; g < Groups.Length; g++)
        {
            foreach (ref readonly var f in Groups[g].AsSpan())
            {
                if (frame.Purity(f) >= _thresholds.MinPurity)
                {
                    return g;
                }
            }
        }

        return -1;
    }
}
