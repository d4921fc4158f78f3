using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// The affine projection update of <see cref="IpnlmsEchoCanceller"/> (order <see cref="ProjectionOrder"/> &gt; 1).
/// </summary>
/// <remarks>
/// NLMS corrects the filter along the one regressor vector of each sample; on speech, whose successive regressors are
/// nearly parallel (the formants make neighbouring samples alike), that is a crawl along the weak directions. The affine
/// projection algorithm (Ozeki &amp; Umeda 1984) corrects along the last K regressors at once, solving for the step that
/// zeroes all K errors: w += μ·X(XᵀX + δI)⁻¹e, which decorrelates an input of order K − 1 (it is NLMS for K = 1).
/// Here in its partial-rank form (Kratzer &amp; Morgan 1985): one update per block of K samples, with the K a-priori errors
/// the block's samples already had, so the cost stays about two filter lengths per sample; the Gram matrix XᵀX of
/// shifted regressors comes from K running lag products (O(K) per sample). The update direction keeps the IPNLMS
/// gains (an approximation of the proportionate APA of Hoshuyama, Goubran &amp; Sugiyama 2004 that keeps the Gram
/// matrix unweighted: XᵀGX ≈ XᵀX/L, as the NLMS path takes xᵀGx ≈ ‖x‖²/L).
/// </remarks>
public sealed partial class IpnlmsEchoCanceller
{
    // Room before the oldest regressor for the K − 1 earlier samples a block's Gram matrix needs.
    private const int Pad = 16;
    private readonly double[] _lagSums = new double[Pad];
    private readonly double[] _lagHistory = new double[Pad * Pad];
    private readonly double[] _blockErrors = new double[Pad];
    private readonly double[] _gram = new double[Pad * Pad];
    private readonly double[] _solution = new double[Pad];
    private readonly float[] _scaledGain;
    private int _projectionOrder = 1;

    /// <summary>Affine projection order K (1 = IPNLMS; a divisor of 160 up to 16).</summary>
    public int ProjectionOrder
    {
        get => _projectionOrder;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Pad);
            if (FrameSamples % value != 0)
            {
                throw new ArgumentException($"The projection order must divide {FrameSamples}.", nameof(value));
            }

            _projectionOrder = value;
        }
    }

    // One frame of partial-rank affine projection on the background filter; returns Σ a-priori error².
    private double AdaptProjection(float step)
    {
        var k = _projectionOrder;
        var taps = Taps;

        // Lag products R_d(s) = v(s − d)·v(s), v(s) = _far[Pad + s + 1 … Pad + s + Taps], exact at s = −1, then running.
        for (var d = 0; d < k; d++)
        {
            _lagSums[d] = VectorMath.Dot(_far.AsSpan(Pad - d, taps), _far.AsSpan(Pad, taps));
        }

        // Regularisation as on the NLMS path (δ per tap), and the IPNLMS gains scaled so that uniform gains are 1.
        var delta = _delta * taps;
        for (var i = 0; i < taps; i++)
        {
            _scaledGain[i] = _gain[i] * taps * step;
        }

        double eBack = 0;
        for (var s = 0; s < FrameSamples; s++)
        {
            var newest = Pad + s + taps;
            for (var d = 0; d < k; d++)
            {
                _lagSums[d] += (_far[newest - d] * (double)_far[newest]) - (_far[Pad + s - d] * (double)_far[Pad + s]);
                _lagHistory[((s % k) * Pad) + d] = _lagSums[d];
            }

            var eb = _nearPe[s] - VectorMath.Dot(_far.AsSpan(Pad + s + 1, taps), _background);
            _blockErrors[s % k] = eb;
            eBack += eb * (double)eb;
            if ((s + 1) % k != 0)
            {
                continue;
            }

            // Gram matrix of the block's regressors (index a = s − a): G_ab = R_{b−a}(s − a) for a ≤ b.
            for (var a = 0; a < k; a++)
            {
                var t = (s - a) % k;
                for (var b = a; b < k; b++)
                {
                    var g = _lagHistory[(t * Pad) + (b - a)];
                    _gram[(a * Pad) + b] = g;
                    _gram[(b * Pad) + a] = g;
                }

                _gram[(a * Pad) + a] += delta;
                _solution[a] = _blockErrors[(s - a) % k];
            }

            if (!SolveCholesky(k))
            {
                continue;
            }

            for (var a = 0; a < k; a++)
            {
                VectorMath.AddScaledProduct((float)_solution[a], _scaledGain, _far.AsSpan(Pad + s - a + 1, taps), _background);
            }
        }

        return eBack;
    }

    // Solves _gram · x = _solution in place (K×K, symmetric positive definite, row stride Pad); false if not positive.
    private bool SolveCholesky(int k)
    {
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = _gram[(i * Pad) + j];
                for (var m = 0; m < j; m++)
                {
                    sum -= _gram[(i * Pad) + m] * _gram[(j * Pad) + m];
                }

                if (i == j)
                {
                    if (sum <= 0)
                    {
                        return false;
                    }

                    _gram[(i * Pad) + i] = Math.Sqrt(sum);
                }
                else
                {
                    _gram[(i * Pad) + j] = sum / _gram[(j * Pad) + j];
                }
            }
        }

        for (var i = 0; i < k; i++)
        {
            var sum = _solution[i];
            for (var m = 0; m < i; m++)
            {
                sum -= _gram[(i * Pad) + m] * _solution[m];
            }

            _solution[i] = sum / _gram[(i * Pad) + i];
        }

        for (var i = k - 1; i >= 0; i--)
        {
            var sum = _solution[i];
            for (var m = i + 1; m < k; m++)
            {
                sum -= _gram[(m * Pad) + i] * _solution[m];
            }

            _solution[i] = sum / _gram[(i * Pad) + i];
        }

        return true;
    }
}
