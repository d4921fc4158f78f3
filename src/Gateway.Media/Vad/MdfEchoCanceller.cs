using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// Frequency-domain line echo canceller: the multidelay block frequency-domain adaptive filter (MDF, Soo &amp; Pang,
/// "Multidelay block frequency domain adaptive filter", IEEE Trans. ASSP 38(2), 1990), one block per 20 ms frame
/// (N = 160, FFT 320, overlap-save), the echo path split into P partitions of N taps (default 128 ms → 7 partitions,
/// 140 ms: G.168's 64 ms tails plus a path that grew by a jitter-buffer resize), each bin's step normalised by the
/// power the far end put into that bin over the filter's length.
/// </summary>
/// <remarks>
/// <para>Why: a time-domain NLMS on speech converges at the pace of its weakest spectral mode (the eigenvalue
/// spread of a voiced prompt is 30–40 dB), so it fits the loud low formants and leaves the rest (the IPNLMS
/// canceller of sessions 3–4 reached 10–20 dB ERLE on the prompt). Normalising each frequency bin by its own input
/// power whitens the update, so every band converges at about the same rate (Haykin, "Adaptive Filter Theory",
/// §8: frequency-domain block LMS; Benesty et al., "Advances in Network and Acoustic Echo Cancellation", 2001, ch. 5).
/// The gradient is constrained (the time-domain filter of each partition kept to N taps), so the result is an exact
/// block LMS with a per-bin preconditioner, not a circular approximation.</para>
/// <para>Both signals are pre-emphasised (1 − 0.9z⁻¹) before the filter and the residual de-emphasised after, as in
/// the time-domain canceller: it lowers the spectral leakage of the loud low formants into the weak upper bins.</para>
/// <para>Double talk, as before: two filters (Ochiai et al. 1977). The foreground produces the residual; the
/// background trains on frames <see cref="EchoCanceller.Adapt"/> says held no near-end speech; the foreground takes
/// its taps only when, two frames in a row, the background cancels better, removes ≥ 6 dB and comes within 3 dB of
/// the best the foreground has shown. A foreground that makes the frame louder than it was (the echo path changed)
/// is cleared and <see cref="EchoCanceller.Diverged"/> raised.</para>
/// </remarks>
public sealed class MdfEchoCanceller : EchoCanceller
{
    private const int N = FrameSamples;
    private const int Fft = 2 * N;
    private const int Bins = N + 1;
    private const float Emphasis = 0.9f;

    private readonly EchoFft _fft = new(Fft);
    private readonly int _partitions;
    private readonly float[] _xRe;
    private readonly float[] _xIm;
    private readonly float[] _foreRe;
    private readonly float[] _foreIm;
    private readonly float[] _backRe;
    private readonly float[] _backIm;
    private readonly float[] _norm = new float[Bins];
    private readonly float[] _specRe = new float[Bins];
    private readonly float[] _specIm = new float[Bins];
    private readonly float[] _gainRe = new float[Bins];
    private readonly float[] _gainIm = new float[Bins];
    private readonly float[] _time = new float[Fft];
    private readonly float[] _farPrev = new float[N];
    private readonly float[] _nearPe = new float[N];
    private readonly double[] _farBlock;
    private readonly double[] _partitionNorm;
    private readonly float _delta;
    private readonly float _farActive;
    private int _head;
    private int _silentFrames;
    private float _farLast;
    private float _nearLast;
    private float _residualLast;
    private int _betterFrames;
    private int _worseFrames;
    private bool _pending;
    private bool _echoSized;
    private bool _foregroundSet;
    private double _eNear;
    private double _eFore;
    private double _farPower;
    private double _bestErleDb;

    /// <summary>Creates a canceller covering <paramref name="tailMs"/> milliseconds of echo path (rounded up to whole 20 ms partitions).</summary>
    public MdfEchoCanceller(int tailMs = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tailMs, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tailMs, 256);
        _partitions = ((tailMs * 8) + N - 1) / N;
        var size = _partitions * Bins;
        _farBlock = new double[_partitions];
        _partitionNorm = new double[_partitions];
        _xRe = new float[size];
        _xIm = new float[size];
        _foreRe = new float[size];
        _foreIm = new float[size];
        _backRe = new float[size];
        _backIm = new float[size];
        _silentFrames = _partitions + 1;
        // Regularisation: a bin's far power over the filter never counts as less than white noise at −60 dBm0 would
        // put there, so the upper and lower bins the prompt leaves empty, and the prompt's pauses, do not chase noise.
        _delta = (float)(Level.Dbm0ToMeanSquare(-60) * Fft * _partitions);
        _farActive = (float)Level.Dbm0ToMeanSquare(-55);
    }

    /// <summary>The background filter's a-priori ERLE on the last frame it trained on, dB (diagnostics).</summary>
    internal double LastBackgroundErleDb { get; private set; }

    /// <inheritdoc/>
    public override int Taps => _partitions * N;

    /// <summary>Adaptation step of the background filter, per bin, normalised (0–1].</summary>
    public float StepSize { get; init; } = 0.5f;

    /// <summary>The background replaces the foreground when its error energy is below this fraction of it.</summary>
    public double CopyRatio { get; init; } = 0.8;

    /// <summary>Share of the step given in proportion to each partition's magnitude (0 = plain MDF, 1 = all of it).</summary>
    public float Proportionate { get; init; } = 0.5f;

    /// <summary>Pre-emphasis coefficient (0 = none).</summary>
    public float PreEmphasis { get; init; } = Emphasis;

    /// <inheritdoc/>
    public override bool Filter(ReadOnlySpan<short> near, ReadOnlySpan<short> far, Span<short> residual)
    {
        CheckFrames(near, far, residual);
        _pending = false;
        Diverged = false;
        var farSilent = far.IsEmpty || !far.ContainsAnyExcept((short)0);
        _silentFrames = farSilent ? Math.Min(_silentFrames + 1, _partitions + 1) : 0;
        if (_silentFrames > _partitions && !Active)
        {
            near.CopyTo(residual);
            _nearLast = _residualLast = near[^1];
            _farLast = 0;
            ClearFrameFigures();
            return false;
        }

        Active = _silentFrames <= _partitions;
        PushFar(far);
        if (!near.ContainsAnyExcept((short)0))
        {
            // A lost packet or a comfort-noise frame (played out as zeros): nothing was heard, so there is no echo to
            // remove. Subtracting the prediction would make "anti-echo" out of silence.
            residual.Clear();
            _nearLast = _residualLast = 0;
            ClearFrameFigures();
            return true;
        }

        double eNear = 0;
        for (var j = 0; j < N; j++)
        {
            var d = near[j] - (PreEmphasis * _nearLast);
            _nearLast = near[j];
            _nearPe[j] = d;
            eNear += d * (double)d;
        }

        Predict(_foreRe, _foreIm);
        double eFore = 0;
        for (var j = 0; j < N; j++)
        {
            var ef = _nearPe[j] - _time[N + j];
            eFore += ef * (double)ef;
            var r = ef + (PreEmphasis * _residualLast);
            _residualLast = r;
            residual[j] = (short)Math.Clamp(MathF.Round(r), short.MinValue, short.MaxValue);
        }

        SetFrameFigures(near, residual);
        _eNear = eNear;
        _eFore = eFore;
        _pending = true;

        // A foreground that adds energy (3 dB in one frame, or 1 dB three frames running, with a near signal of echo
        // size: over −55 dBm0 and over 1 % of the far power within the filter) no longer matches the echo path.
        _echoSized = eNear > N * Math.Max(_farActive, _farPower * 0.01);
        _worseFrames = eFore > 1.25 * eNear && _echoSized ? _worseFrames + 1 : 0;
        if (_worseFrames >= 3 || (eFore > 2 * eNear && _echoSized))
        {
            Array.Clear(_foreRe);
            Array.Clear(_foreIm);
            _foregroundSet = false;
            _worseFrames = 0;
            _bestErleDb = 0;
            Diverged = true;
        }

        return true;
    }

    /// <inheritdoc/>
    public override void Adapt(bool nearEndSpeech)
    {
        if (!_pending)
        {
            return;
        }

        _pending = false;
        if (nearEndSpeech)
        {
            _betterFrames = 0;
            return;
        }

        // The background's a-priori error, zero-padded in front (overlap-save: only the block's second half is output).
        Predict(_backRe, _backIm);
        double eBack = 0;
        Array.Clear(_time, 0, N);
        for (var j = 0; j < N; j++)
        {
            var eb = _nearPe[j] - _time[N + j];
            _time[N + j] = eb;
            eBack += eb * (double)eb;
        }

        _fft.Forward(_time, _specRe, _specIm);
        for (var k = 0; k < Bins; k++)
        {
            var g = StepSize / (_norm[k] + _delta);
            _gainRe[k] = _specRe[k] * g;
            _gainIm[k] = _specIm[k] * g;
        }

        // Proportionate control per partition (IPNLMS's rule at partition granularity): half the step shared evenly, half
        // by each partition's share of the filter's magnitude, so the one or two partitions that hold the echo adapt
        // fast and the empty ones collect little noise.
        double total = 0;
        for (var p = 0; p < _partitions; p++)
        {
            var w = p * Bins;
            double e = 0;
            for (var k = 0; k < Bins; k++)
            {
                e += (_backRe[w + k] * _backRe[w + k]) + (_backIm[w + k] * _backIm[w + k]);
            }

            _partitionNorm[p] = Math.Sqrt(e);
            total += _partitionNorm[p];
        }

        // W_p += F · [first N of F⁻¹(conj(X_{m−p}) · E · μ / Σ|X|²); 0] for every partition (the gradient constraint).
        for (var p = 0; p < _partitions; p++)
        {
            var x = Slot(p) * Bins;
            var share = (float)(total <= 1e-9 || Proportionate == 0 ? 1 : ((1 - Proportionate) + (Proportionate * _partitions * _partitionNorm[p] / total)));
            for (var k = 0; k < Bins; k++)
            {
                float xr = _xRe[x + k], xi = _xIm[x + k];
                _specRe[k] = share * ((xr * _gainRe[k]) + (xi * _gainIm[k]));
                _specIm[k] = share * ((xr * _gainIm[k]) - (xi * _gainRe[k]));
            }

            _fft.Inverse(_specRe, _specIm, _time);
            Array.Clear(_time, N, N);
            _fft.Forward(_time, _specRe, _specIm);
            var w = p * Bins;
            for (var k = 0; k < Bins; k++)
            {
                _backRe[w + k] += _specRe[k];
                _backIm[w + k] += _specIm[k];
            }
        }

        // Two-path control. Near-end speech the caller missed (a word's onset under the echo) lowers the background's
        // ERLE well below the best the foreground has shown: never copied then.
        var backErle = eBack <= 0 ? 60 : 10 * Math.Log10(Math.Max(_eNear, 1e-9) / eBack);
        LastBackgroundErleDb = backErle;
        var foreErle = _eFore <= 0 ? 60 : 10 * Math.Log10(Math.Max(_eNear, 1e-9) / _eFore);
        _bestErleDb = Math.Max(_bestErleDb - 0.05, foreErle);
        _betterFrames = eBack < CopyRatio * _eFore && backErle >= 6 && backErle >= _bestErleDb - 3 ? _betterFrames + 1 : 0;
        if (_betterFrames >= 2)
        {
            _backRe.CopyTo(_foreRe, 0);
            _backIm.CopyTo(_foreIm, 0);
            _foregroundSet = true;
        }
        else if (_foregroundSet && _echoSized && eBack > 8 * _eFore)
        {
            // A background 9 dB worse than the foreground on a frame of echo size was spoilt (missed double talk):
            // restart it from the foreground. Never from an empty foreground, nor on a frame of line noise only.
            _foreRe.CopyTo(_backRe, 0);
            _foreIm.CopyTo(_backIm, 0);
        }
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        Array.Clear(_xRe);
        Array.Clear(_xIm);
        Array.Clear(_foreRe);
        Array.Clear(_foreIm);
        Array.Clear(_backRe);
        Array.Clear(_backIm);
        Array.Clear(_norm);
        Array.Clear(_farPrev);
        Array.Clear(_farBlock);
        _head = 0;
        _silentFrames = _partitions + 1;
        _farLast = _nearLast = _residualLast = 0;
        _betterFrames = _worseFrames = 0;
        _bestErleDb = 0;
        _farPower = 0;
        _pending = false;
        _foregroundSet = false;
        Active = false;
        Diverged = false;
        ClearFrameFigures();
    }

    // Ring slot of the far spectrum p blocks back.
    private int Slot(int p) => (_head - p + _partitions) % _partitions;

    // Appends this frame's far block (pre-emphasised) to the history: the spectrum of [previous block, this block],
    // and the per-bin power over the partitions.
    private void PushFar(ReadOnlySpan<short> far)
    {
        _farPrev.CopyTo(_time, 0);
        double power = 0;
        for (var j = 0; j < N; j++)
        {
            float x = far.IsEmpty ? 0 : far[j];
            var pe = x - (PreEmphasis * _farLast);
            _farLast = x;
            _time[N + j] = pe;
            _farPrev[j] = pe;
            power += pe * (double)pe;
        }

        _farBlock[_head] = power / N;
        _farPower = 0;
        foreach (var b in _farBlock)
        {
            _farPower += b / _partitions;
        }

        _head = (_head + 1) % _partitions;
        var x0 = _head * Bins;
        _fft.Forward(_time, _xRe.AsSpan(x0, Bins), _xIm.AsSpan(x0, Bins));
        Array.Clear(_norm);
        for (var p = 0; p < _partitions; p++)
        {
            var x = p * Bins;
            for (var k = 0; k < Bins; k++)
            {
                _norm[k] += (_xRe[x + k] * _xRe[x + k]) + (_xIm[x + k] * _xIm[x + k]);
            }
        }
    }

    // _time[N…2N) = the echo the filter (re, im) predicts for this block.
    private void Predict(float[] re, float[] im)
    {
        Array.Clear(_specRe);
        Array.Clear(_specIm);
        for (var p = 0; p < _partitions; p++)
        {
            var x = Slot(p) * Bins;
            var w = p * Bins;
            for (var k = 0; k < Bins; k++)
            {
                float xr = _xRe[x + k], xi = _xIm[x + k], wr = re[w + k], wi = im[w + k];
                _specRe[k] += (xr * wr) - (xi * wi);
                _specIm[k] += (xr * wi) + (xi * wr);
            }
        }

        _fft.Inverse(_specRe, _specIm, _time);
    }
}
