namespace Gateway.Media.Dsp;

/// <summary>
/// Voicing of one 20 ms frame: the normalised cross-correlation (NCCF) of the frame with itself one pitch period earlier,
/// maximised over periods of 2.5–20 ms (400–50 Hz), as in Talkin's RAPT (Kleijn &amp; Paliwal, <i>Speech Coding and
/// Synthesis</i>, 1995, ch. 14). The correlation window is the frame's 160 samples; the delayed copy reaches back into the
/// previous frame, so even a 50 Hz voice is compared over a whole frame. One voice is close to 1 in its vowels; noise and
/// unvoiced sounds stay low, and a mixture of several talkers is lower than its loudest voice alone. The period is the
/// shortest lag whose NCCF is within 15 % of the best (a signal periodic at T is periodic at 2T too, so taking the maximum
/// alone picks sub-harmonics). Allocation-free: fixed buffers reused from frame to frame; about 141 dot products of 160
/// floats per frame (tests/Gateway.Benchmarks/Detection/PeriodicityBenchmarks.cs).
/// </summary>
public sealed class Periodicity
{
    /// <summary>Shortest period searched, samples (400 Hz).</summary>
    public const int MinLag = 20;

    /// <summary>Longest period searched, samples (50 Hz: espeak-ng's low male voices end a falling "да" near 55 Hz).</summary>
    public const int MaxLag = 160;

    private const float OctaveTolerance = 0.85f;
    private const double SilentMeanSquare = 1.0; // ≈ −90 dBm0: nothing to correlate
    private readonly float[] _buffer = new float[MaxLag + AnalysisFrame.Length];
    private readonly float[] _nccf = new float[MaxLag + 1];

    /// <summary>The last frame's NCCF at <see cref="Lag"/> (0–1; 0 for silence or no positive correlation).</summary>
    public float Strength { get; private set; }

    /// <summary>The last frame's period in samples (<see cref="MinLag"/>–<see cref="MaxLag"/>; 0 when <see cref="Strength"/> is 0).</summary>
    public int Lag { get; private set; }

    /// <summary>The last frame's NCCF at each lag (index = lag in samples, <see cref="MinLag"/>–<see cref="MaxLag"/>; 0 below <see cref="MinLag"/>).</summary>
    public ReadOnlySpan<float> Correlations => _nccf;

    /// <summary>Analyses one frame of <see cref="AnalysisFrame.Length"/> samples (the previous frame is remembered).</summary>
    public void Process(ReadOnlySpan<short> frame)
    {
        if (frame.Length != AnalysisFrame.Length)
        {
            throw new ArgumentException($"A frame is {AnalysisFrame.Length} samples; got {frame.Length}.", nameof(frame));
        }

        var buffer = _buffer.AsSpan();
        buffer[AnalysisFrame.Length..].CopyTo(buffer); // keep the last MaxLag samples as the history
        var current = buffer[MaxLag..];
        for (var i = 0; i < current.Length; i++)
        {
            current[i] = frame[i];
        }

        Strength = 0;
        Lag = 0;
        Array.Clear(_nccf);
        double e0 = VectorMath.Dot(current, current);
        if (e0 < SilentMeanSquare * AnalysisFrame.Length)
        {
            return;
        }

        // Energy of the delayed window, slid one sample per lag.
        double ed = VectorMath.Dot(buffer.Slice(MaxLag - MinLag, AnalysisFrame.Length), buffer.Slice(MaxLag - MinLag, AnalysisFrame.Length));
        var best = 0f;
        for (var lag = MinLag; lag <= MaxLag; lag++)
        {
            if (lag > MinLag)
            {
                var enter = buffer[MaxLag - lag];
                var leave = buffer[MaxLag - lag + AnalysisFrame.Length];
                ed += (enter * (double)enter) - (leave * (double)leave);
            }

            var c = VectorMath.Dot(current, buffer.Slice(MaxLag - lag, AnalysisFrame.Length));
            var r = c <= 0 || ed <= 0 ? 0f : (float)(c / Math.Sqrt(e0 * ed));
            _nccf[lag] = r;
            best = Math.Max(best, r);
        }

        if (best <= 0)
        {
            return;
        }

        // The shortest lag that is a local peak within the tolerance of the best.
        for (var lag = MinLag; lag <= MaxLag; lag++)
        {
            var r = _nccf[lag];
            if (r >= OctaveTolerance * best && (lag == MinLag || r >= _nccf[lag - 1]) && (lag == MaxLag || r >= _nccf[lag + 1]))
            {
                Strength = Math.Min(1f, r);
                Lag = lag;
                return;
            }
        }
    }

    /// <summary>Forgets the previous frame.</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        Array.Clear(_nccf);
        Strength = 0;
        Lag = 0;
    }
}
