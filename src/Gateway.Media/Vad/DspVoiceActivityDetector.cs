using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// The built-in detector: frame power against a tracked noise floor, with the probability rising linearly
/// from <see cref="OnsetDb"/> to <see cref="OnsetDb"/> + 6 dB above the floor. Cheap (one pass over the frame),
/// deterministic, and, measured on our corpus, as good at catching a short "da" in white and babble noise as
/// anything we could ship without a model (see docs/detection.md).
/// </summary>
public sealed class DspVoiceActivityDetector : IVoiceActivityDetector
{
    private readonly NoiseFloorTracker _floor = new();
    private double _medianDb = double.NaN;
    private int _frames;
    private bool _inSpeech;

    /// <inheritdoc />
    public string Name => "dsp";

    /// <summary>Frames this far above the floor score 0; 6 dB further score 1; a 0.5 decision sits at +3 dB over it.</summary>
    public double OnsetDb { get; init; } = 1.5;

    /// <summary>How much lower the threshold is while already in speech.</summary>
    public double HangDb { get; init; } = 2;

    /// <summary>Median tracker step per frame, dB.</summary>
    public double MedianStepDb { get; init; } = 0.05;

    /// <summary>How far below the tracked median the reference may sit.</summary>
    public double MedianOffsetDb { get; init; } = 0;

    /// <summary>The current noise floor in dBm0.</summary>
    public double FloorDbm0 => Level.MeanSquareToDbm0(_floor.MeanSquare);

    /// <inheritdoc />
    public float Process(ReadOnlySpan<short> frame)
    {
        var ms = Level.MeanSquare(frame);
        var floor = _floor.MeanSquare;
        _floor.Update(ms);
        if (double.IsPositiveInfinity(floor) || ms <= 0)
        {
            _medianDb = double.NaN;
            return 0;
        }

        // Minimum statistics alone mistake fluctuating noise (babble) for speech: its peaks stand far above its
        // minimum. A slow median tracker (±MedianStepDb per frame) follows the noise's typical level; a short
        // reply moves it by well under 1 dB. The reference is the higher of the two.
        var frameDb = 10 * Math.Log10(ms);
        // Faster steps over the first half second, so the median settles before the first reply could start.
        var step = _frames < 25 ? 0.5 : MedianStepDb;
        _frames++;
        _medianDb = double.IsNaN(_medianDb) ? frameDb : _medianDb + (frameDb > _medianDb ? step : -step);
        var referenceDb = Math.Max(10 * Math.Log10(floor), _medianDb - MedianOffsetDb);
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
        _medianDb = double.NaN;
        _frames = 0;
        _inSpeech = false;
    }
}
