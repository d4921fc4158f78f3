using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// The session-3 line echo canceller (kept for comparison, <see cref="EchoCancellerKind.Ipnlms"/>): an adaptive FIR filter that models the echo path (bulk delay
/// plus the hybrid's dispersion, G.168 §6: tails up to 64 ms) and subtracts the predicted echo of the far-end
/// (prompt) signal from what we hear, so a "да" spoken over the prompt stands out of the residual.
/// </summary>
/// <remarks>
/// <para>Adaptation: IPNLMS (proportionate NLMS, Benesty &amp; Gay 2002), whose per-tap steps favour the few large
/// taps of a sparse echo path, so an 80 ms filter converges nearly as fast as a short one. Speech is strongly
/// low-pass, which slows any LMS; both signals are pre-emphasised (1 − 0.9z⁻¹) before the filter (the echo
/// path is linear, so the same taps relate the emphasised signals) and the residual is de-emphasised back.</para>
/// <para>Double talk: <see cref="Filter"/> produces the residual with the foreground filter; the caller then
/// says, through <see cref="Adapt"/>, whether the frame held near-end speech. Only echo frames train the
/// background filter, and the foreground takes the background's taps ("two-path", Ochiai et al. 1977) only
/// when, over two frames in a row, the background cancels better, removes at least 6 dB and comes within 3 dB of
/// the best the foreground has done. A foreground that makes the signal louder than it was (the echo path changed)
/// is cleared and <see cref="Diverged"/> is raised
/// so the gate behind it can stop trusting the cancellation.</para>
/// <para>Allocation-free per frame; vectorised. Idle (residual = input, no arithmetic) when no far-end energy is
/// within the filter length.</para>
/// </remarks>
public sealed partial class IpnlmsEchoCanceller : EchoCanceller
{

    // Regularisation: the far window's power never counts as less than −55 dBm0, so adaptation does not chase
    // the noise floor in the prompt's pauses.
    private readonly float _delta = (float)Level.Dbm0ToMeanSquare(-55);
    private readonly float[] _foreground;
    private readonly float[] _background;
    private readonly float[] _far;
    private readonly float[] _farSquared;
    private readonly float[] _gain;
    private readonly float[] _nearPe = new float[FrameSamples];
    private readonly EchoWhitener _whitener;
    private int _idleSamples;
    private int _betterFrames;
    private int _worseFrames;
    private bool _pending;
    private bool _echoSized;
    private int _adaptedFrames;
    private int _lostFrames;
    private double _eNear;
    private double _eFore;
    private double _bestErleDb;

    /// <summary>Creates a canceller with a filter of <paramref name="tailMs"/> milliseconds (default 80: 64 ms
    /// of delay plus 16 ms of dispersion).</summary>
    public IpnlmsEchoCanceller(int tailMs = 80, int whiteningOrder = 0)
    {
        _whitener = new EchoWhitener(whiteningOrder);
        ArgumentOutOfRangeException.ThrowIfLessThan(tailMs, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tailMs, 256);
        Taps = tailMs * 8;
        _foreground = new float[Taps];
        _background = new float[Taps];
        _far = new float[Pad + Taps + FrameSamples];
        _farSquared = new float[Taps + FrameSamples];
        _gain = new float[Taps];
        _scaledGain = new float[Taps];
        _idleSamples = Taps;
    }

    /// <summary>Filter length in samples.</summary>
    public override int Taps { get; }

    /// <summary>Background adaptation step (0–1].</summary>
    public float StepSize { get; init; } = 0.5f;

    /// <summary>The step the schedule settles at (null: no schedule, always <see cref="StepSize"/>).</summary>
    public float? FinalStepSize { get; init; }

    /// <summary>Adapted frames after which the scheduled step is half of <see cref="StepSize"/>.</summary>
    public float StepDecayFrames { get; init; } = 25;

    /// <summary>IPNLMS α: −1 = NLMS, 0 = half uniform and half proportional (sessions 3–4), towards 1 = all proportional.</summary>
    public float Proportionality { get; init; }

    /// <summary>
    /// IPNLMS normaliser: false = ‖x‖²/L (Benesty &amp; Gay's approximation, sessions 3–5), true = the larger of that and
    /// xᵀGx, the exact one (the step then never exceeds NLMS's bound where the gains meet a sudden onset).
    /// </summary>
    public bool GainWeightedNormaliser { get; init; }

    /// <summary>The background replaces the foreground when its error energy is below this fraction of it.</summary>
    public double CopyRatio { get; init; } = 0.8;

    /// <summary>
    /// Removes the echo of <paramref name="far"/> (what we played in this frame; empty = nothing) from
    /// <paramref name="near"/> (what we heard), writing the residual. All spans are one 160-sample frame.
    /// Call <see cref="Adapt"/> afterwards to train on the frame.
    /// </summary>
    /// <returns>True if the filter ran (far-end energy within its length); otherwise residual = near.</returns>
    public override bool Filter(ReadOnlySpan<short> near, ReadOnlySpan<short> far, Span<short> residual)
    {
        if (near.Length != FrameSamples || residual.Length != FrameSamples || (!far.IsEmpty && far.Length != FrameSamples))
        {
            throw new ArgumentException($"Frames are {FrameSamples} samples (20 ms at 8 kHz).");
        }

        _pending = false;
        Diverged = false;
        var farSilent = far.IsEmpty || !far.ContainsAnyExcept((short)0);
        _idleSamples = farSilent ? Math.Min(_idleSamples + FrameSamples, Taps) : 0;
        if (farSilent && _idleSamples >= Taps && !Active)
        {
            near.CopyTo(residual);
            _whitener.Bypass(near, farSilent: true);
            LastErleDb = 0;
            LastEchoEstimateMeanSquare = 0;
            LastEchoCorrelation = 0;
            return false;
        }

        // Slide the far history by one frame and append this frame, prefiltered.
        _whitener.ObserveFar(far);
        Array.Copy(_far, FrameSamples, _far, 0, Pad + Taps);
        if (_lsTaps > 0)
        {
            Array.Copy(_lsFarRaw, FrameSamples, _lsFarRaw, 0, Pad + Taps);
            for (var j = 0; j < FrameSamples; j++)
            {
                _lsFarRaw[Pad + Taps + j] = far.IsEmpty ? 0 : far[j];
            }
        }

        Array.Copy(_farSquared, FrameSamples, _farSquared, 0, Taps);
        for (var j = 0; j < FrameSamples; j++)
        {
            float x = far.IsEmpty ? 0 : far[j];
            var pe = _whitener.Far(x);
            _far[Pad + Taps + j] = pe;
            _farSquared[Taps + j] = pe * pe;
        }

        Active = !(farSilent && _idleSamples >= Taps);
        if (!near.ContainsAnyExcept((short)0))
        {
            // A lost packet or a comfort-noise frame (played out as zeros): nothing was heard, so there is no
            // echo to remove. Subtracting the prediction would make "anti-echo" out of silence.
            residual.Clear();
            _whitener.Bypass(residual, farSilent: false);
            LastErleDb = 0;
            LastEchoEstimateMeanSquare = 0;
            LastEchoCorrelation = 0;
            return true;
        }

        _lsNearRaw[0] = _lsNearRaw[FrameSamples];
        double eNear = 0, eFore = 0, eResidual = 0, eIn = 0, eEst = 0, cross = 0;
        for (var j = 0; j < FrameSamples; j++)
        {
            // Window for sample j: far(n − Taps + 1) … far(n) = _far[Pad + j + 1 … Pad + j + Taps]; taps stored reversed.
            var d = _whitener.Near(near[j]);
            _nearPe[j] = d;
            _lsNearRaw[j + 1] = near[j];
            var ef = d - VectorMath.Dot(_far.AsSpan(Pad + j + 1, Taps), _foreground);
            eNear += d * (double)d;
            eFore += ef * (double)ef;
            var r = _whitener.Residual(ef);
            residual[j] = (short)Math.Clamp(MathF.Round(r), short.MinValue, short.MaxValue);
            eResidual += r * (double)r;
            eIn += near[j] * (double)near[j];
            var est = near[j] - r;
            eEst += est * (double)est;
            cross += near[j] * (double)est;
        }

        LastEchoEstimateMeanSquare = eEst / FrameSamples;
        LastEchoCorrelation = eEst <= 0 ? 0 : cross / eEst;

        _eNear = eNear;
        _eFore = eFore;
        LastErleDb = eResidual <= 0 || eIn <= 0 ? 0 : 10 * Math.Log10(eIn / eResidual);
        _pending = true;

        // A foreground that adds energy (3 dB in one frame, or 1 dB three frames running, with an echo-sized near
        // signal) no longer matches the echo path.
        var farPower = VectorMath.Sum(_farSquared.AsSpan(FrameSamples, Taps)) / Taps;
        var echoSized = eNear > FrameSamples * Math.Max(_delta, farPower * 0.01);
        _echoSized = echoSized;
        _worseFrames = eFore > 1.25 * eNear && echoSized ? _worseFrames + 1 : 0;
        if (_worseFrames >= 3 || (eFore > 2 * eNear && echoSized))
        {
            _adaptedFrames = 0;
            ResetLeastSquares();
            Array.Clear(_foreground);
            _worseFrames = 0;
            _bestErleDb = 0;
            Diverged = true;
        }

        return true;
    }

    /// <summary>
    /// Trains on the frame just filtered, unless <paramref name="nearEndSpeech"/> says it held near-end speech
    /// (double talk would drive the filter off course).
    /// </summary>
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

        UpdateGains();
        double eBack;

        // Step schedule: the full step while the filter is new (fast convergence), then towards FinalStepSize, whose
        // smaller gradient noise lets the filter keep what earlier phonemes taught it (a large normalised step on
        // speech overwrites the weakly excited directions with noise).
        var step = Math.Max(FinalStepSize ?? StepSize, StepSize * StepDecayFrames / (StepDecayFrames + (float)_adaptedFrames));
        _adaptedFrames++;

        if (ProjectionOrder > 1)
        {
            eBack = AdaptProjection(step);
        }
        else
        {
            eBack = 0;

            // The IPNLMS normaliser xᵀGx is taken as ‖x‖²/L (Benesty & Gay's approximation: the gains sum to 1),
            // kept as a running sum, recomputed once per frame against rounding drift.
            double energy = VectorMath.Sum(_farSquared.AsSpan(1, Taps));
            for (var j = 0; j < FrameSamples; j++)
            {
                var x = _far.AsSpan(Pad + j + 1, Taps);
                if (j > 0)
                {
                    energy += _farSquared[j + Taps] - _farSquared[j];
                }

                var power = (float)(Math.Max(energy, 0) / Taps);
                if (GainWeightedNormaliser)
                {
                    // Not less than xᵀGx: at a word's onset within a few ms of the echo's delay the proportionate gains sit
                    // on the few loud newest samples while ‖x‖²/L still averages 80 ms of quiet, and the effective step
                    // μ·xᵀGx/(‖x‖²/L) went far past NLMS's stability bound of 2 (traced: at 0 ms delay the filter then
                    // added 8–20 dB of echo for a second at a time).
                    power = Math.Max(power, VectorMath.Dot(_farSquared.AsSpan(j + 1, Taps), _gain));
                }

                var eb = _nearPe[j] - VectorMath.Dot(x, _background);
                VectorMath.AddScaledProduct(step * eb / (power + _delta), _gain, x, _background);
                eBack += eb * (double)eb;
            }
        }

        // Two-path control (see remarks). Near-end speech the gate missed (a word's onset under the echo) lowers
        // the background's ERLE well below the best the foreground has shown: never copied then.
        var backErle = eBack <= 0 ? 60 : 10 * Math.Log10(Math.Max(_eNear, 1e-9) / eBack);
        var foreErle = _eFore <= 0 ? 60 : 10 * Math.Log10(Math.Max(_eNear, 1e-9) / _eFore);
        _bestErleDb = Math.Max(_bestErleDb - 0.05, foreErle);
        _betterFrames = eBack < CopyRatio * _eFore && backErle >= 6 && backErle >= _bestErleDb - 3 ? _betterFrames + 1 : 0;
        // A background far from what it had reached, on a frame of echo size, three frames running: the path has changed
        // (or the filter is new): back to the full step.
        _lostFrames = _echoSized && backErle < _bestErleDb - 10 ? _lostFrames + 1 : 0;
        if (_lostFrames >= 3)
        {
            _adaptedFrames = 0;
        }

        // The least-squares filter at the echo's delay competes for the foreground under the same rule.
        var eLs = _lsTaps > 0 ? AdaptLeastSquares(backErle) : double.PositiveInfinity;
        var lsErle = double.IsPositiveInfinity(eLs) ? 0 : eLs <= 0 ? 60 : 10 * Math.Log10(Math.Max(_eNear, 1e-9) / eLs);
        _lsBetterFrames = eLs < CopyRatio * _eFore && eLs <= eBack && lsErle >= 6 && lsErle >= _bestErleDb - 3 ? _lsBetterFrames + 1 : 0;
        if (_lsBetterFrames >= 2)
        {
            CopyLeastSquaresToForeground();
        }
        else if (_betterFrames >= 2)
        {
            _background.CopyTo(_foreground.AsSpan());
        }
        else if (eBack > 8 * _eFore)
        {
            _foreground.CopyTo(_background.AsSpan());
        }
    }

    /// <summary>Forgets the echo path and the history (a new call).</summary>
    public override void Reset()
    {
        Array.Clear(_foreground);
        Array.Clear(_background);
        Array.Clear(_far);
        Array.Clear(_lsFarRaw);
        Array.Clear(_lsNearRaw);
        Array.Clear(_farSquared);
        _whitener.Reset();
        ResetLeastSquares();
        _idleSamples = Taps;
        _betterFrames = _worseFrames = _adaptedFrames = _lostFrames = 0;
        _bestErleDb = 0;
        _pending = false;
        Active = false;
        Diverged = false;
        LastErleDb = 0;
        LastEchoEstimateMeanSquare = 0;
        LastEchoCorrelation = 0;
    }

    // IPNLMS gains: half uniform, half proportional to each tap's magnitude (α = 0), summing to 1; recomputed
    // once per frame from the background taps.
    private void UpdateGains()
    {
        double l1 = 0;
        foreach (var h in _background)
        {
            l1 += Math.Abs(h);
        }

        if (l1 < 1e-6)
        {
            Array.Fill(_gain, 1f / Taps);
            return;
        }

        var uniform = (1f - Proportionality) / (2f * Taps);
        var proportional = (float)((1 + Proportionality) / (2 * l1));
        for (var k = 0; k < Taps; k++)
        {
            _gain[k] = uniform + (proportional * Math.Abs(_background[k]));
        }
    }
}
