using Gateway.Media.Dsp;

namespace Gateway.Media.Tones;

/// <summary>
/// Busy, congestion and ringback detection: per frame, is a plan frequency (or pair) on at ≥ the minimum level
/// with enough purity (dual tones: 6 dB twist at most); then on/off segment times are matched to the plan's
/// cadences. Symmetric cadences are declared after on–off–on plus most of the second off (two cycles);
/// ringback after one matching burst followed by <see cref="RingbackOffMs"/> of silence.
/// </summary>
public sealed class CallProgressDetector
{
    private readonly Signature[] _signatures;

    /// <summary>Creates a detector for <paramref name="plan"/> (default: <see cref="CallProgressPlan.All"/>).</summary>
    public CallProgressDetector(CallProgressPlan? plan = null, ToneThresholds? thresholds = null)
    {
        plan ??= CallProgressPlan.All;
        var t = thresholds ?? ToneThresholds.Default;
        _signatures = [.. plan.Tones
            .GroupBy(x => (x.Frequency1, x.Frequency2))
            .Select(g => new Signature(g.Key.Frequency1, g.Key.Frequency2, [.. g], t, this))];
    }

    /// <summary>Silence after a ringback-length burst that confirms ringback (longer than any busy "off").</summary>
    public int RingbackOffMs { get; init; } = 700;

    /// <summary>True while any plan tone is on in the current frame (such frames are not speech).</summary>
    public bool ToneOn { get; private set; }

    /// <summary>The plan entry behind the last detection.</summary>
    public CadenceTone? LastMatch { get; private set; }

    /// <summary>Feeds one frame; returns a detection once per cadence.</summary>
    public ToneDetection Process(AnalysisFrame frame)
    {
        var result = ToneDetection.None;
        ToneOn = false;
        foreach (var s in _signatures)
        {
            var r = s.Process(frame);
            ToneOn |= s.On;
            if (r.IsDetected && !result.IsDetected)
            {
                result = r;
            }
        }

        return result;
    }

    /// <summary>Forgets all segments.</summary>
    public void Reset()
    {
        foreach (var s in _signatures)
        {
            s.Reset();
        }
    }

    private sealed class Signature(double f1, double f2, CadenceTone[] tones, ToneThresholds thresholds, CallProgressDetector owner)
    {
        private const int Debounce = 2;
        private readonly ToneFilter _f1 = new(f1);
        private readonly ToneFilter _f2 = new(f2 > 0 ? f2 : f1);
        private readonly int[] _segments = new int[3]; // last completed on, off, on (oldest first)
        private int _segmentCount;
        private bool _state;
        private int _runFrames;
        private int _pendingFrames;
        private double _levelSum;
        private int _levelFrames;
        private bool _declared;
        private double _prev1, _prev2, _prevMs;

        public bool On { get; private set; }

        public ToneDetection Process(AnalysisFrame frame)
        {
            On = IsOn(frame);
            if (On)
            {
                _levelSum += frame.MeanSquare;
                _levelFrames++;
            }

            if (On == _state)
            {
                _runFrames += 1 + _pendingFrames;
                _pendingFrames = 0;
            }
            else if (++_pendingFrames >= Debounce)
            {
                // The new state held for Debounce frames: it started Debounce frames ago.
                Push(_state, _runFrames * AnalysisFrame.DurationMs);
                _state = On;
                _runFrames = _pendingFrames;
                _pendingFrames = 0;
            }

            return _declared ? ToneDetection.None : Match(frame);
        }

        public void Reset()
        {
            _segmentCount = 0;
            _state = false;
            _runFrames = 0;
            _pendingFrames = 0;
            _levelSum = 0;
            _levelFrames = 0;
            _declared = false;
            On = false;
        }

        private bool IsOn(AnalysisFrame frame)
        {
            if (frame.IsComfortNoise || frame.MeanSquare <= 0)
            {
                _prev1 = _prev2 = _prevMs = 0;
                return false;
            }

            var p1 = frame.Power(_f1);
            // Frames may sit 3 dB under the limit (beating dual tones swing widely); the limit applies to the
            // mean level of the matched cadence in Match.
            if (f2 <= 0)
            {
                return frame.LevelDbm0 >= thresholds.MinLevelDbm0 - 3 && p1 / frame.MeanSquare >= thresholds.MinPurity;
            }

            // Two tones beat (440+480 Hz: a 40 Hz beat, nulls every 25 ms), so a single 20 ms frame can sit in
            // a null; judge dual tones over the last two frames.
            var p2 = frame.Power(_f2);
            var s1 = p1 + _prev1;
            var s2 = p2 + _prev2;
            var ms = frame.MeanSquare + _prevMs;
            _prev1 = p1;
            _prev2 = p2;
            _prevMs = frame.MeanSquare;
            var twist = s1 > s2 ? s1 / s2 : s2 / s1;
            return (s1 + s2) / ms >= thresholds.MinPurity && twist <= 4 // 6 dB
                && Level.MeanSquareToDbm0(ms / 2) >= thresholds.MinLevelDbm0 - 3;
        }

        private void Push(bool wasOn, int ms)
        {
            if (_segmentCount == 0 && !wasOn)
            {
                return; // leading silence is not part of a cadence
            }

            if (_segmentCount == 3)
            {
                _segments[0] = _segments[1];
                _segments[1] = _segments[2];
                _segmentCount = 2;
            }

            if (_segmentCount == 2 && !wasOn)
            {
                // Keep the window aligned as on, off, on: an off cannot be the third entry.
                _segments[0] = _segments[1];
                _segmentCount = 1;
            }

            _segments[_segmentCount++] = ms;
        }

        private ToneDetection Match(AnalysisFrame frame)
        {
            var currentMs = _runFrames * AnalysisFrame.DurationMs;
            CadenceTone? best = null;
            var bestError = double.MaxValue;
            foreach (var t in tones)
            {
                double error;
                if (t.IsRingbackLike)
                {
                    // Window ends with a completed "on"; now silent long enough.
                    if (_state || _segmentCount == 0 || currentMs < owner.RingbackOffMs || !Within(_segments[_segmentCount - 1], t.OnMs))
                    {
                        continue;
                    }

                    error = Math.Abs(_segments[_segmentCount - 1] - t.OnMs) / (double)t.OnMs;
                }
                else
                {
                    if (_state || _segmentCount < 3 || currentMs < t.OffMs - CadenceTone.Tolerance(t.OffMs)
                        || !Within(_segments[0], t.OnMs) || !Within(_segments[1], t.OffMs) || !Within(_segments[2], t.OnMs))
                    {
                        continue;
                    }

                    error = (Math.Abs(_segments[0] - t.OnMs) + Math.Abs(_segments[1] - t.OffMs) + Math.Abs(_segments[2] - t.OnMs)) / (3.0 * t.OnMs);
                }

                if (error < bestError)
                {
                    bestError = error;
                    best = t;
                }
            }

            var level = Level.MeanSquareToDbm0(_levelSum / Math.Max(1, _levelFrames));
            if (best is null || level < thresholds.MinLevelDbm0)
            {
                return ToneDetection.None;
            }

            _declared = true;
            owner.LastMatch = best;
            return new ToneDetection(best.Kind, frame.TimestampMs, level);
        }

        private static bool Within(int ms, int nominal) => Math.Abs(ms - nominal) <= CadenceTone.Tolerance(nominal);
    }
}
