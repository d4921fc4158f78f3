using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// The built-in detector: frame power against a reference, with the probability rising linearly from
/// <see cref="OnsetDb"/> to <see cref="OnsetDb"/> + 6 dB above it. The reference is the highest of a
/// minimum-statistics floor (stationary noise), a slow median tracker (the noise's typical level), and, for
/// fluctuating noise such as babble, the <see cref="TailPercentile"/> of the background's frame levels over the last
/// 3 s less <see cref="TailOffsetDb"/> (<see cref="NoiseLevelHistogram"/>; white noise: ≈ median + 0.6 dB, so no
/// change; babble: 4–6 dB above its median, where its peaks stop counting as voice). Cheap (one pass over the frame
/// plus a 280-bin histogram walk), deterministic, allocation-free; figures in docs/detection.md.
/// </summary>
public sealed class DspVoiceActivityDetector : IVoiceActivityDetector
{
    // The start phase (first 0.5 s): the noise model is still unknown, and the far end may already be talking.
    private const int StartFrames = 25;
    private const double SteadyDb = 1.5;
    private readonly NoiseFloorTracker _floor;
    private readonly NoiseLevelHistogram _spread = new();
    private double _medianDb = double.NaN;
    private double _lastDb = double.NaN;
    private double _lastDb2 = double.NaN;
    private int _frames;
    private bool _inSpeech;
    private double _referenceDb = double.NaN;

    /// <summary>Creates the detector.</summary>
    public DspVoiceActivityDetector(double seedFloorDbm0 = -45)
    {
        SeedFloorDbm0 = seedFloorDbm0;
        _floor = new NoiseFloorTracker { SeedMeanSquare = Level.Dbm0ToMeanSquare(seedFloorDbm0) };
    }

    /// <inheritdoc />
    public string Name => "dsp";

    /// <summary>
    /// The noise level assumed before any has been measured (dBm0). Both references start at or below it, so
    /// speech that starts with the call is heard instead of being learned as the noise floor.
    /// </summary>
    public double SeedFloorDbm0 { get; }

    /// <summary>Frames this far above the floor score 0; 6 dB further score 1; a 0.5 decision sits at +3 dB over it.</summary>
    public double OnsetDb { get; init; } = 1.5;

    /// <summary>How much lower the threshold is while already in speech.</summary>
    public double HangDb { get; init; } = 2;

    /// <summary>Median tracker step per frame, dB.</summary>
    public double MedianStepDb { get; init; } = 0.05;

    /// <summary>How far below the tracked median the reference may sit.</summary>
    public double MedianOffsetDb { get; init; } = 0;

    /// <summary>Percentile of the background's frame levels (last 3 s) that fluctuating noise is judged against.</summary>
    public double TailPercentile { get; init; } = 0.9;

    /// <summary>The reference is at least the <see cref="TailPercentile"/> level less this much.</summary>
    public double TailOffsetDb { get; init; } = 1;

    /// <summary>Frames this far above the median are not background (a reply, a greeting) and stay out of the percentile.</summary>
    public double TailExcludeDb { get; init; } = 10;

    /// <summary>Once in speech, the percentile reference drops this much further (besides <see cref="HangDb"/>).</summary>
    public double TailHoldDropDb { get; init; }

    /// <summary>Background frames needed before the percentile is used (0.5 s).</summary>
    public int TailMinFrames { get; init; } = 25;

    /// <summary>The reference the last frame was judged against, dBm0 (diagnostics; speech onset is <see cref="OnsetDb"/> + 3 dB above it).</summary>
    public double ReferenceDbm0 => double.IsNaN(_referenceDb) ? SeedFloorDbm0 : Level.MeanSquareToDbm0(Math.Pow(10, _referenceDb / 10));

    /// <summary>
    /// The level (dBm0) below which <paramref name="fraction"/> of the background frames of the last 3 s lie (the histogram the
    /// reference's percentile is read from); NaN before any frame was counted as background.
    /// </summary>
    public double BackgroundPercentileDbm0(double fraction) =>
        _spread.Included == 0 ? double.NaN : Level.MeanSquareToDbm0(Math.Pow(10, _spread.Percentile(fraction) / 10));

    /// <summary>Background frames in the 3 s histogram (of <see cref="NoiseLevelHistogram.Filled"/>).</summary>
    public int BackgroundFrames => _spread.Included;

    /// <summary>The current noise floor in dBm0.</summary>
    public double FloorDbm0 => Level.MeanSquareToDbm0(_floor.MeanSquare);

    /// <inheritdoc />
    public float Process(ReadOnlySpan<short> frame) => Process(frame, VadHints.None);

    /// <inheritdoc />
    public float Process(ReadOnlySpan<short> frame, VadHints hints)
    {
        var ms = Level.MeanSquare(frame);
        var floor = _floor.MeanSquare;
        _floor.Update(ms);
        if (ms <= 0)
        {
            return 0;
        }

        // Minimum statistics alone mistake fluctuating noise (babble) for speech: its peaks stand far above its
        // minimum. A slow median tracker (±MedianStepDb per frame) follows the noise's typical level; a short
        // reply moves it by well under 1 dB. The reference is the higher of the two.
        var frameDb = 10 * Math.Log10(ms);
        var seedDb = 10 * Math.Log10(_floor.SeedMeanSquare);
        if (double.IsNaN(_medianDb))
        {
            // Never seed above the conservative floor: the first frame may be the start of "алло".
            _medianDb = Math.Min(frameDb, seedDb);
        }
        else if (_frames < StartFrames)
        {
            // Start phase: ±0.5 dB a frame (a median, as later but faster), or half the gap when the
            // level holds steady over three frames (within 1.5 dB: stationary line noise, frame-to-frame
            // spread ≈ ±0.5 dB), so noise above the seed is learned within ~3 frames (shorter than a word); speech,
            // whose level jumps from frame to frame, moves the reference by 0.5 dB a frame and stays heard.
            var gap = frameDb - _medianDb;
            var steady = Math.Abs(frameDb - _lastDb) <= SteadyDb && Math.Abs(frameDb - _lastDb2) <= SteadyDb && Math.Abs(_lastDb - _lastDb2) <= SteadyDb;
            _medianDb += steady ? (gap > 0 ? Math.Max(0.5, 0.5 * gap) : Math.Min(-0.5, 0.5 * gap)) : Math.Sign(gap) * 0.5;
        }
        else
        {
            _medianDb += frameDb > _medianDb ? MedianStepDb : -MedianStepDb;
        }

        _frames++;
        _lastDb2 = _lastDb;
        _lastDb = frameDb;
        var referenceDb = Math.Max(10 * Math.Log10(floor), _medianDb - MedianOffsetDb);
        if (_spread.Included >= TailMinFrames)
        {
            referenceDb = Math.Max(referenceDb, _spread.Percentile(TailPercentile) - TailOffsetDb - (_inSpeech ? TailHoldDropDb : 0));
        }

        if ((hints & VadHints.EchoLikely) == 0)
        {
            // Residual echo of our prompt is not the background the reply will compete with.
            // A reply or greeting well above the median is not background, unless the caller knows no voice is wanted.
            _spread.Add(frameDb, (hints & VadHints.Background) != 0 || frameDb <= _medianDb + TailExcludeDb);
        }

        _referenceDb = referenceDb;
        var snrDb = frameDb - referenceDb;
        // Hysteresis: once in speech, stay while HangDb lower, so weak word endings stay attached.
        var onset = _inSpeech ? OnsetDb - HangDb : OnsetDb;
        var p = (float)Math.Clamp((snrDb - onset) / 6, 0, 1);
        _inSpeech = p >= 0.5f;
        return p;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _floor.Reset();
        _spread.Reset();
        _medianDb = double.NaN;
        _lastDb = double.NaN;
        _lastDb2 = double.NaN;
        _frames = 0;
        _inSpeech = false;
        _referenceDb = double.NaN;
    }
}
