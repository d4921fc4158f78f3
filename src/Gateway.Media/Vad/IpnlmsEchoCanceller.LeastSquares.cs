using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// The least-squares stage of <see cref="IpnlmsEchoCanceller"/> (<see cref="LeastSquaresTaps"/> &gt; 0): a short filter
/// placed at the echo's delay, solved exactly from the prompt's echo-only frames.
/// </summary>
/// <remarks>
/// <para>Why: on the evaluation's echo paths every LMS-type update tried (IPNLMS at several steps and step schedules,
/// affine projection of order 2–16, the frequency-domain MDF, LPC prewhitening) left a per-frame ERLE of 15–19 dB
/// median and 8–11 dB at the 10th percentile, while the least-squares filter over the same prompt reaches 31 / 27 dB
/// (G.711 both ways). Speech excites each direction of the filter only now and then; a gradient method forgets, the
/// normal equations keep every frame's information (exponentially weighted recursive least squares, Haykin,
/// "Adaptive Filter Theory", ch. 10, solved per frame instead of per sample).</para>
/// <para>How: the IPNLMS background (its proportionate taps converge first on a sparse path) says where the echo is:
/// the window of <see cref="LeastSquaresTaps"/> − 32 taps holding most of its tap energy, widened by 2 ms either side. Over that window
/// the frame's contribution to the correlation matrix R = Σ xxᵀ and to p = Σ d·x is added (echo-only frames only: the
/// caller's <see cref="EchoCanceller.Adapt"/>), both decaying with a 2 s memory. R's entries are built along its
/// diagonals (an entry is its upper-left neighbour plus one product entering the frame and less one leaving it), so a
/// frame costs 160·L + 2·L² products instead of 160·L²; R + δI is solved by Cholesky. The solution competes with the
/// IPNLMS background for the foreground under the same two-path rule: it is copied when its a-priori error (with the
/// solution of the previous frame) is lower than the foreground's, two frames running. A moved window (the path
/// changed) or a cleared foreground restarts the sums.</para>
/// <para>Session 6: the fit is made on the signals as heard (<see cref="LeastSquaresPreEmphasis"/> = 0 in the shipped
/// canceller), not on the IPNLMS filter's pre-emphasised ones: the pre-emphasis weights the error 15–20 dB less below
/// 300 Hz, and the de-emphasis of the residual gives that weight back, so a pre-emphasised fit could leave a
/// low-frequency misfit louder than the echo (traced at 0 ms delay). The filter is the same either way (the path is
/// linear), so the fitted taps still run on the pre-emphasised signals. The sums are vectorised (contiguous dot
/// products over a double copy of the window), about a third of the session-5 cost.</para>
/// </remarks>
public sealed partial class IpnlmsEchoCanceller
{
    private const double LsMemory = 0.99; // per echo-only frame: ≈ 2 s
    private const int LsLead = 16;
    private const int LsMinFrames = 25; // the window starts 2 ms before the energy peak's window
    private double[] _lsR = [];
    private double[] _lsP = [];
    private double[] _lsH = [];
    private double[] _lsChol = [];
    private double[] _lsRow = [];
    private double[] _lsHr = [];
    private double[] _lsX = [];
    private readonly double[] _lsD = new double[FrameSamples];
    private readonly float[] _lsNearRaw = new float[FrameSamples + 1]; // [0]: the previous frame's last sample
    private float[] _lsFarRaw = [];
    private double[] _lsXa = [];
    private int _lsTaps;
    private int _lsOffset = -1;
    private int _lsFrames;
    private int _lsBetterFrames;

    /// <summary>Length of the least-squares filter placed at the echo's delay, samples (0 = none: IPNLMS alone).</summary>
    public int LeastSquaresTaps
    {
        get => _lsTaps;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            _lsTaps = value;
            // The two L × L matrices (2 × 74 KB at 96 taps) come with the first echo to learn (EnsureLeastSquaresMatrices): a
            // pooled speech detector whose call never plays a prompt (a fax, a busy line) never holds them.
            _lsP = new double[value];
            _lsH = new double[value];
            _lsRow = new double[value];
            _lsFarRaw = new float[Pad + Taps + FrameSamples];
            _lsHr = new double[value];
            _lsX = new double[FrameSamples + value];
            _lsXa = new double[FrameSamples + value];
        }
    }

    /// <summary>Weight of the IPNLMS taps as a prior of the least-squares solution, relative to the mean diagonal of R.</summary>
    public double LeastSquaresPrior { get; init; } = 1e-2;

    /// <summary>
    /// The first-order pre-emphasis 1 − a·z⁻¹ of the signals the least-squares filter is fitted on (0.9: the IPNLMS
    /// filter's own prefilter; 0: the signals as heard, so the fit weights every band as the residual the gate sees).
    /// </summary>
    public float LeastSquaresPreEmphasis { get; init; } = 0.9f;

    /// <summary>The least-squares filter's first lag in samples (−1 until placed; diagnostics).</summary>
    internal int LeastSquaresOffset => _lsOffset;

    // After the IPNLMS background has trained on an echo-only frame: place the window, score the previous solution on
    // this frame (a-priori), add the frame to the sums, solve. Returns the a-priori error energy (∞ if not ready).
    private double AdaptLeastSquares(double backErleDb)
    {
        var l = _lsTaps;
        if (backErleDb >= 6)
        {
            var offset = PeakWindow(l - (2 * LsLead));
            if (_lsOffset < 0 || Math.Abs(offset - _lsOffset) > LsLead)
            {
                ResetLeastSquares();
                _lsOffset = offset;
            }
        }

        if (_lsOffset < 0)
        {
            return double.PositiveInfinity;
        }

        EnsureLeastSquaresMatrices();
        // The window's far-end samples in double, X[k] = _far[Pad + Taps − offset − L + k]: the sample s (−1 … 159) at lag
        // offset + i is X[s + L − i], so every sum below is a contiguous dot product.
        var x = _lsX.AsSpan();
        var farBase = Pad + Taps - _lsOffset - l;
        for (var k = 0; k < x.Length; k++)
        {
            x[k] = _far[farBase + k];
        }

        for (var s = 0; s < FrameSamples; s++)
        {
            _lsD[s] = _nearPe[s];
        }

        // A-priori error of the last solution (on the IPNLMS filter's signals, as the two-path rule compares):
        // y(s) = Σ h[i]·X[s + L − i] = Σ hr[k]·X[s + 1 + k] with hr reversed.
        double eLs = 0;
        for (var s = 0; s < FrameSamples; s++)
        {
            var e = _lsD[s] - EchoCancellerMath.Dot(_lsHr, x.Slice(s + 1, l));
            eLs += e * e;
        }

        // The signals the fit is made on: the same, or the heard signals under another pre-emphasis (the echo path is
        // linear, so the taps fitted there relate the IPNLMS filter's signals too).
        if (LeastSquaresPreEmphasis != 0.9f)
        {
            x = _lsXa.AsSpan();
            var a = LeastSquaresPreEmphasis;
            for (var k = 0; k < x.Length; k++)
            {
                x[k] = _lsFarRaw[farBase + k] - (a * (double)_lsFarRaw[farBase + k - 1]);
            }

            for (var s = 0; s < FrameSamples; s++)
            {
                _lsD[s] = _lsNearRaw[s + 1] - (a * (double)_lsNearRaw[s]);
            }
        }

        // The frame's contribution: first row and p directly, the rest along the diagonals.
        var lead = x.Slice(l, FrameSamples);
        for (var j = 0; j < l; j++)
        {
            var lagged = x.Slice(l - j, FrameSamples);
            _lsRow[j] = EchoCancellerMath.Dot(lead, lagged);
            _lsP[j] = (LsMemory * _lsP[j]) + EchoCancellerMath.Dot(_lsD, lagged);
        }

        // R[i, i + d] of this frame = R[i − 1, i − 1 + d] + x(−1, i − 1)·x(−1, i − 1 + d) − x(159, i − 1)·x(159, i − 1 + d).
        var last = FrameSamples - 1 + l;
        for (var d = 0; d < l; d++)
        {
            var delta = _lsRow[d];
            var idx = d;
            _lsR[idx] = (LsMemory * _lsR[idx]) + delta;
            for (var i = 1; i + d < l; i++)
            {
                var a = l - i; // X index of x(−1, i − 1)
                delta += (x[a] * x[a - d]) - (x[last - i + 1] * x[last - i + 1 - d]);
                idx += l + 1;
                _lsR[idx] = (LsMemory * _lsR[idx]) + delta;
            }
        }

        _lsFrames++;
        // Only a solution over half a second of echo-only frames competes: one fitted to a few frames matches them well
        // and the prompt's next, unseen sounds badly, after the gate has learned from the good frames how much to expect
        // (traced: a false "yes" 1 s after an echo path change, the filter refitted on 20 frames, ERLE 3–13 dB on a new word).
        return SolveLeastSquares() && _lsFrames >= LsMinFrames ? eLs : double.PositiveInfinity;
    }

    // Start of the l-tap lag window holding most of the background filter's energy, less the lead: the least-squares
    // window then covers it with LsLead taps to spare on either side.
    private int PeakWindow(int l)
    {
        // _background[k] multiplies the sample Taps − 1 − k back.
        double sum = 0, best = -1;
        var bestLag = 0;
        for (var lag = 0; lag < Taps; lag++)
        {
            var h = _background[Taps - 1 - lag];
            sum += h * (double)h;
            if (lag >= l)
            {
                var old = _background[Taps - 1 - (lag - l)];
                sum -= old * (double)old;
            }

            if (lag >= l - 1 && sum > best)
            {
                best = sum;
                bestLag = lag - l + 1;
            }
        }

        return Math.Clamp(bestLag - LsLead, 0, Taps - _lsTaps);
    }

    private bool SolveLeastSquares()
    {
        var l = _lsTaps;
        double trace = 0;
        for (var i = 0; i < l; i++)
        {
            trace += _lsR[(i * l) + i];
        }

        if (trace <= 0)
        {
            return false;
        }

        // Ridge towards the IPNLMS background's taps in the window (a prior): directions the prompt has hardly excited
        // yet take the gradient filter's estimate instead of a fit to noise (a new phoneme after a pause otherwise met a
        // filter that had never seen its band: ERLE 7 dB where the gate had learned to expect 30).
        var delta = (LeastSquaresPrior * trace / l) + 1;
        // R + δI = UᵀU, U upper triangular, factored in place over a copy of R's upper triangle, row by row
        // ("right-looking"): row k is finished, then taken out of every later row j ≥ k + 1 as one contiguous axpy over
        // columns j … L − 1 (the same arithmetic as the textbook Cholesky, in long vector runs without horizontal sums).
        var u = _lsChol.AsSpan();
        _lsR.AsSpan().CopyTo(u);
        for (var k = 0; k < l; k++)
        {
            u[(k * l) + k] += delta;
        }

        for (var k = 0; k < l; k++)
        {
            var rowK = u.Slice((k * l) + k, l - k);
            if (rowK[0] <= 0)
            {
                return false;
            }

            var ukk = Math.Sqrt(rowK[0]);
            rowK[0] = ukk;
            var inverse = 1 / ukk;
            for (var j = 1; j < rowK.Length; j++)
            {
                rowK[j] *= inverse;
            }

            for (var j = 1; j < rowK.Length; j++)
            {
                var row = k + j;
                EchoCancellerMath.AddScaled(-rowK[j], rowK[j..], u.Slice((row * l) + row, l - row));
            }
        }

        // Uᵀz = p + δh₀ (by rows of U: z[i] final, then taken out of the later entries), then Uh = z.
        var h = _lsH.AsSpan();
        for (var i = 0; i < l; i++)
        {
            h[i] = _lsP[i] + (delta * _background[Taps - 1 - (_lsOffset + i)]);
        }

        for (var i = 0; i < l; i++)
        {
            h[i] /= u[(i * l) + i];
            EchoCancellerMath.AddScaled(-h[i], u.Slice((i * l) + i + 1, l - i - 1), h[(i + 1)..]);
        }

        for (var i = l - 1; i >= 0; i--)
        {
            h[i] = (h[i] - EchoCancellerMath.Dot(u.Slice((i * l) + i + 1, l - i - 1), h[(i + 1)..])) / u[(i * l) + i];
        }

        for (var i = 0; i < l; i++)
        {
            _lsHr[l - 1 - i] = h[i];
        }

        return true;
    }

    // The least-squares solution as the foreground's taps (zero outside its window).
    private void CopyLeastSquaresToForeground()
    {
        Array.Clear(_foreground);
        for (var i = 0; i < _lsTaps; i++)
        {
            _foreground[Taps - 1 - (_lsOffset + i)] = (float)_lsH[i];
        }
    }

    // Session 9: allocated once, on the first frame that places the least-squares window (zeroed, as ResetLeastSquares leaves them).
    private void EnsureLeastSquaresMatrices()
    {
        if (_lsR.Length == 0)
        {
            _lsR = new double[_lsTaps * _lsTaps];
            _lsChol = new double[_lsTaps * _lsTaps];
        }
    }

    /// <summary>True once the least-squares stage has allocated its matrices (the first echo it learned).</summary>
    internal bool LeastSquaresMatricesAllocated => _lsR.Length > 0;

    private void ResetLeastSquares()
    {
        Array.Clear(_lsR);
        Array.Clear(_lsP);
        Array.Clear(_lsH);
        Array.Clear(_lsHr);
        _lsFrames = 0;
        _lsBetterFrames = 0;
        _lsOffset = -1;
    }
}
