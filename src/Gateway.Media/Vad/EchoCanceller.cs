namespace Gateway.Media.Vad;

/// <summary>
/// Line echo canceller for the prompt we play: an adaptive filter that models the echo path (bulk delay plus the
/// hybrid's dispersion, G.168 §6) from what we played (far end) to what we hear, and subtracts its prediction, so a
/// "да" spoken over the prompt stands out of the residual. The <see cref="SpeechDetector"/>, the
/// <see cref="EchoGate"/> and the <see cref="DoubleTalkDetector"/> work on the residual and on the figures below.
/// </summary>
/// <remarks>
/// Protocol per 20 ms frame: <see cref="Filter"/> writes the residual with the filter in use (the foreground), then
/// <see cref="Adapt"/> says whether the frame held near-end speech; only frames without it train (double talk would
/// drive the filter off course). Implementations are allocation-free per frame and idle (residual = input, no
/// arithmetic) once no far-end energy is within their length.
/// </remarks>
public abstract class EchoCanceller
{
    /// <summary>Samples per frame (20 ms at 8 kHz).</summary>
    public const int FrameSamples = 160;

    /// <summary>Filter length in samples (the longest echo delay plus dispersion covered).</summary>
    public abstract int Taps { get; }

    /// <summary>True when the last frame was filtered (far-end energy within the filter length).</summary>
    public bool Active { get; protected set; }

    /// <summary>True when the last frame found the filter in use making things worse (it was cleared).</summary>
    public bool Diverged { get; protected set; }

    /// <summary>Heard power over residual power in the last active frame, dB (0 when idle); near-end speech lowers it.</summary>
    public double LastErleDb { get; protected set; }

    /// <summary>Mean square of the echo the filter predicted in the last active frame (heard − residual).</summary>
    public double LastEchoEstimateMeanSquare { get; protected set; }

    /// <summary>⟨heard, predicted echo⟩ ÷ ⟨predicted, predicted⟩ in the last active frame: ≈ 1 while the filter matches
    /// the echo path whatever the near end says (speech is uncorrelated with the prompt), ≈ 0 after the path changed.</summary>
    public double LastEchoCorrelation { get; protected set; }

    /// <summary>Builds a canceller of <paramref name="kind"/> covering <paramref name="tailMs"/> milliseconds.</summary>
    public static EchoCanceller Create(EchoCancellerKind kind, int tailMs) => kind switch
    {
        EchoCancellerKind.LeastSquares => new IpnlmsEchoCanceller(tailMs) { LeastSquaresTaps = 96, LeastSquaresPreEmphasis = 0, GainWeightedNormaliser = true },
        EchoCancellerKind.Ipnlms => new IpnlmsEchoCanceller(tailMs),
        EchoCancellerKind.Mdf => new MdfEchoCanceller(tailMs),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown echo canceller."),
    };

    /// <summary>
    /// Removes the echo of <paramref name="far"/> (what we played in this frame; empty = nothing) from
    /// <paramref name="near"/> (what we heard), writing the residual. All spans are one 160-sample frame.
    /// Call <see cref="Adapt"/> afterwards to train on the frame.
    /// </summary>
    /// <returns>True if the filter ran (far-end energy within its length); otherwise residual = near.</returns>
    public abstract bool Filter(ReadOnlySpan<short> near, ReadOnlySpan<short> far, Span<short> residual);

    /// <summary>
    /// Trains on the frame just filtered, unless <paramref name="nearEndSpeech"/> says it held near-end speech.
    /// </summary>
    public abstract void Adapt(bool nearEndSpeech);

    /// <summary>Filters and trains on the frame in one step, for a caller that knows there is no near-end speech.</summary>
    public bool Process(ReadOnlySpan<short> near, ReadOnlySpan<short> far, Span<short> residual)
    {
        var active = Filter(near, far, residual);
        Adapt(false);
        return active;
    }

    /// <summary>Forgets the echo path and the history (a new call).</summary>
    public abstract void Reset();

    /// <summary>Throws unless the three spans are frames (far may be empty).</summary>
    protected static void CheckFrames(ReadOnlySpan<short> near, ReadOnlySpan<short> far, Span<short> residual)
    {
        if (near.Length != FrameSamples || residual.Length != FrameSamples || (!far.IsEmpty && far.Length != FrameSamples))
        {
            throw new ArgumentException($"Frames are {FrameSamples} samples (20 ms at 8 kHz).");
        }
    }

    /// <summary>Clears the per-frame figures (idle, or nothing heard).</summary>
    protected void ClearFrameFigures()
    {
        LastErleDb = 0;
        LastEchoEstimateMeanSquare = 0;
        LastEchoCorrelation = 0;
    }

    /// <summary>Sets the per-frame figures from what was heard and the residual (the estimate is their difference).</summary>
    protected void SetFrameFigures(ReadOnlySpan<short> near, ReadOnlySpan<short> residual)
    {
        double eIn = 0, eResidual = 0, eEst = 0, cross = 0;
        for (var j = 0; j < near.Length; j++)
        {
            double d = near[j];
            double r = residual[j];
            var est = d - r;
            eIn += d * d;
            eResidual += r * r;
            eEst += est * est;
            cross += d * est;
        }

        LastEchoEstimateMeanSquare = eEst / FrameSamples;
        LastEchoCorrelation = eEst <= 0 ? 0 : cross / eEst;
        LastErleDb = eResidual <= 0 || eIn <= 0 ? 0 : 10 * Math.Log10(eIn / eResidual);
    }
}
