namespace Gateway.Media.Dsp;

/// <summary>
/// One 20 ms frame of 8 kHz audio prepared once for every detector: the samples, their Hann-windowed copy,
/// the mean square and level. Reused from frame to frame, so analysis allocates nothing.
/// </summary>
public sealed class AnalysisFrame
{
    /// <summary>Samples per second.</summary>
    public const int SampleRate = 8000;

    /// <summary>Samples per 20 ms frame.</summary>
    public const int Length = 160;

    /// <summary>Frame duration in milliseconds.</summary>
    public const int DurationMs = 20;

    private static readonly float[] Hann = BuildHann();
    private readonly short[] _samples = new short[Length];
    private readonly float[] _windowed = new float[Length];

    /// <summary>The frame's samples.</summary>
    public ReadOnlySpan<short> Samples => _samples;

    /// <summary>The Hann-windowed samples that <see cref="ToneFilter"/> works on.</summary>
    public ReadOnlySpan<float> Windowed => _windowed;

    /// <summary>Mean square in 16-bit units.</summary>
    public double MeanSquare { get; private set; }

    /// <summary>Level in dBm0 (see <see cref="Level"/> for the reference).</summary>
    public double LevelDbm0 { get; private set; }

    /// <summary>Milliseconds since the start of the stream (the caller's clock).</summary>
    public long TimestampMs { get; private set; }

    /// <summary>True when the frame came from an RTP comfort-noise packet (RFC 3389): never speech, never a tone.</summary>
    public bool IsComfortNoise { get; private set; }

    /// <summary>Loads a frame. <paramref name="samples"/> must hold exactly <see cref="Length"/> samples.</summary>
    public void Load(ReadOnlySpan<short> samples, long timestampMs, bool isComfortNoise = false)
    {
        if (samples.Length != Length)
        {
            throw new ArgumentException($"A frame is {Length} samples (20 ms at 8 kHz); got {samples.Length}.", nameof(samples));
        }

        samples.CopyTo(_samples);
        long sum = 0;
        for (var i = 0; i < Length; i++)
        {
            int s = samples[i];
            sum += s * s;
            _windowed[i] = s * Hann[i];
        }

        MeanSquare = (double)sum / Length;
        LevelDbm0 = Level.MeanSquareToDbm0(MeanSquare);
        TimestampMs = timestampMs;
        IsComfortNoise = isComfortNoise;
    }

    /// <summary>Power at one filter's frequency (mean-square units).</summary>
    public double Power(in ToneFilter filter) => filter.Power(_windowed);

    /// <summary>Power at the filter frequency over the frame's total power (0 for silence).</summary>
    public double Purity(in ToneFilter filter) => MeanSquare <= 0 ? 0 : filter.Power(_windowed) / MeanSquare;

    private static float[] BuildHann()
    {
        var w = new float[Length];
        for (var i = 0; i < Length; i++)
        {
            // Periodic Hann, so the window sums to exactly N/2.
            w[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / Length)));
        }

        return w;
    }
}
