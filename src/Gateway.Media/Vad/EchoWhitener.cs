using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// The decorrelating filter A(z) = 1 + Σ aᵢz⁻ⁱ an echo canceller puts in front of its adaptive filter: applied to both
/// the far end (what we play) and the near end (what we hear), and undone (1/A) on the residual. Because the echo
/// path is linear, the same taps relate the filtered signals, while the filtered far end is nearly white, so an LMS
/// filter converges at the pace of a white input instead of the pace of speech's weakest spectral mode.
/// </summary>
/// <remarks>
/// <para>Order 0: the fixed first-order pre-emphasis 1 − 0.9z⁻¹ of sessions 3–4. Order p &gt; 0: the order-p linear
/// predictor of the prompt itself (Levinson–Durbin on the far end's autocorrelation, accumulated over the prompt with
/// a 4 s memory), i.e. the prompt's own long-term spectrum is whitened. It is meant to change slowly: only a filter
/// that stays (nearly) the same commutes with the echo path, which is what makes the prefiltered near end the
/// prefiltered far end's echo (Mboup, Bonnet &amp; Bershad, "LMS coupled adaptive prediction and system
/// identification", IEEE Trans. SP 42(11), 1994, analyse the coupled scheme). A white-noise correction (the
/// autocorrelation's zero lag raised by <see cref="NoiseCorrectionDb"/>) limits how far bands the prompt leaves empty
/// (below 300 Hz, above 3.4 kHz) are raised, since there the near end holds only line and G.711 noise.</para>
/// <para>Allocation-free per sample; one instance per canceller.</para>
/// </remarks>
internal sealed class EchoWhitener
{
    private const float Emphasis = 0.9f;
    private const double Memory = 0.995; // per 20 ms frame: ≈ 4 s
    private readonly int _order;
    private readonly float[] _a;
    private readonly double[] _r;
    private readonly double[] _work;
    private readonly float[] _farHistory;
    private readonly float[] _nearHistory;
    private readonly float[] _residualHistory;
    private readonly float[] _rawFar;

    /// <summary>Creates the filter: order 0 = fixed pre-emphasis, otherwise the prompt's order-p predictor.</summary>
    public EchoWhitener(int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, 32);
        _order = order;
        var taps = Math.Max(order, 1);
        _a = new float[taps];
        _r = new double[order + 1];
        _work = new double[order + 1];
        _farHistory = new float[taps];
        _nearHistory = new float[taps];
        _residualHistory = new float[taps];
        _rawFar = new float[taps + EchoCanceller.FrameSamples];
        Reset();
    }

    /// <summary>The white-noise correction of the predictor, dB below the prompt's power.</summary>
    public double NoiseCorrectionDb { get; init; } = 25;

    /// <summary>Learns the far end's spectrum from one frame of what we play (order &gt; 0); call before filtering that frame.</summary>
    public void ObserveFar(ReadOnlySpan<short> far)
    {
        if (_order == 0 || far.IsEmpty)
        {
            return;
        }

        // Autocorrelation over the frame, continued across the frame boundary with the last samples of the previous one.
        var p = _order;
        Array.Copy(_rawFar, EchoCanceller.FrameSamples, _rawFar, 0, p);
        for (var j = 0; j < far.Length; j++)
        {
            _rawFar[p + j] = far[j];
        }

        for (var lag = 0; lag <= p; lag++)
        {
            double s = 0;
            for (var j = 0; j < far.Length; j++)
            {
                s += _rawFar[p + j] * (double)_rawFar[p + j - lag];
            }

            _r[lag] = (Memory * _r[lag]) + s;
        }

        if (_r[0] > 0)
        {
            Levinson();
        }
    }

    /// <summary>One far-end sample through A(z).</summary>
    public float Far(float x) => Filter(x, _farHistory);

    /// <summary>One near-end sample through A(z).</summary>
    public float Near(float d) => Filter(d, _nearHistory);

    /// <summary>One residual sample through 1/A(z) (call after <see cref="Far"/> and <see cref="Near"/> of the same sample).</summary>
    public float Residual(float e)
    {
        var y = e;
        for (var i = 0; i < _a.Length; i++)
        {
            y -= _a[i] * _residualHistory[i];
        }

        Push(_residualHistory, y);
        return y;
    }

    /// <summary>Nothing was filtered in this frame: the residual was what we heard (idle) or silence (a lost packet).</summary>
    public void Bypass(ReadOnlySpan<short> near, bool farSilent)
    {
        for (var i = 0; i < _a.Length; i++)
        {
            float v = near[near.Length - 1 - i];
            _nearHistory[i] = v;
            _residualHistory[i] = v;
            if (farSilent)
            {
                _farHistory[i] = 0;
            }
        }
    }

    /// <summary>Forgets the histories and the learned spectrum.</summary>
    public void Reset()
    {
        Array.Clear(_farHistory);
        Array.Clear(_nearHistory);
        Array.Clear(_residualHistory);
        Array.Clear(_rawFar);
        Array.Clear(_r);
        Array.Clear(_a);
        _a[0] = _order == 0 ? -Emphasis : 0;
    }

    // y = x + Σ aᵢ·x(n−i), history[0] = x(n−1).
    private float Filter(float x, float[] history)
    {
        var y = x;
        for (var i = 0; i < _a.Length; i++)
        {
            y += _a[i] * history[i];
        }

        Push(history, x);
        return y;
    }

    private static void Push(float[] history, float x)
    {
        for (var i = history.Length - 1; i > 0; i--)
        {
            history[i] = history[i - 1];
        }

        history[0] = x;
    }

    private void Levinson()
    {
        // The white-noise correction conditions the predictor (only the zero lag changes).
        Span<double> r = stackalloc double[_order + 1];
        _r.CopyTo(r);
        r[0] *= 1 + Math.Pow(10, -NoiseCorrectionDb / 10);
        if (!LinearPrediction.TryLevinson(r, _work))
        {
            return; // numerically singular: keep the previous predictor
        }

        for (var i = 0; i < _order; i++)
        {
            _a[i] = (float)_work[i + 1];
        }
    }
}
