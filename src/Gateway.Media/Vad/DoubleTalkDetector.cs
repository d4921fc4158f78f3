namespace Gateway.Media.Vad;

/// <summary>
/// Near-end speech over the prompt's echo, judged on the <see cref="EchoCanceller"/>'s output frame by frame: is
/// the residual clearly louder than the residual echo this very frame should leave, and is the canceller's echo
/// estimate still the echo (the path has not changed under it)?
/// </summary>
/// <remarks>
/// <para><b>Predicted residual echo.</b> What a linear canceller leaves of the echo (misadjustment) is proportional
/// to the echo it removes, so the residual echo of a frame is predicted as <c>a · ‖ŷ‖²</c>, ŷ the canceller's echo
/// estimate of the same frame, and <c>a</c> the largest residual-to-estimate ratio seen over the last
/// <see cref="LearnFrames"/> echo-only frames (residual-echo power estimation from the echo estimate, as in
/// Enzner &amp; Vary's and Hänsler &amp; Schmidt's residual echo suppressors, "Acoustic Echo and Noise Control",
/// 2004, §9). The Geigel-style <see cref="EchoGate"/> compares against the loudest prompt frame of 160 ms less a
/// fixed loss; the echo estimate follows the echo's delay, dispersion and every dip of the prompt, which the loudest
/// frame does not (measured on the barge-in grid: echo-only residuals sit 13–28 dB under ‖ŷ‖², while a reply over
/// a quiet part of the prompt is 5–10 dB over it).</para>
/// <para><b>Is the estimate still the echo?</b> Near-end speech v is uncorrelated with the prompt, so for a heard
/// frame d = y + v the correlation c = ⟨d, ŷ⟩ / ⟨ŷ, ŷ⟩ stays ≈ 1 through double talk while ŷ ≈ y, and drops to ≈ 0
/// when the echo path changed (ŷ models the old path: ⟨y_new, ŷ_old⟩ ≈ 0). This is the cross-correlation
/// double-talk statistic of Benesty, Morgan &amp; Cho ("A new class of doubletalk detectors based on
/// cross-correlation", IEEE Trans. Speech Audio Proc. 8(2), 2000) turned round: taken against the echo estimate it
/// tests the filter, not the talker. Over speech louder than ŷ it is noisy (⟨v, ŷ⟩ / ⟨ŷ, ŷ⟩ has a standard deviation
/// of about √(‖e‖² / (N·‖ŷ‖²)), N ≈ 16 independent samples in a 160-sample speech frame), so a frame counts against
/// the filter only when c is below 0.5 and 3 of those deviations below 1. One such frame, a canceller that diverged,
/// or no frame confirming the filter (c within 0.2 of 1 where ŷ dominates) for <see cref="ConfirmFrames"/> frames with an
/// informative estimate withdraws trust; trust returns after <see cref="LearnFrames"/> confirmed echo-only frames have relearned
/// <c>a</c>. Without trust this rule never passes a frame and the caller's other rules (the gate, the raw-echo
/// check) decide alone.</para>
/// <para>Allocation-free; one ring of <see cref="LearnFrames"/> doubles.</para>
/// </remarks>
public sealed partial class DoubleTalkDetector
{
    // Independent samples in a 20 ms frame of band-limited speech (≈ 8 kHz × 20 ms ÷ a 10-sample correlation length).
    private const double IndependentSamples = 16;

    // Frames a learned frame waits for (non-speech ones) before it counts; per frame: the broadband ratio, then the bands'.
    private const int PendingFrames = 5;
    private const int RingFrames = PendingFrames + 1;
    private const int Stride = 1 + (2 * EchoBands.Count); // the broadband ratio, the bands' ratios, the bands' level bins
    private readonly double[] _ratios;
    private readonly double[] _bandRatios;
    private readonly int[] _bandLearned = new int[EchoBands.Count];
    private readonly double[] _bandRatio = new double[EchoBands.Count];
    private readonly double[] _residualBands = new double[EchoBands.Count];
    private readonly double[] _estimateBands = new double[EchoBands.Count];
    private readonly float[] _work = new float[EchoCanceller.FrameSamples];
    private readonly double[] _pending;
    private int _learned;
    private int _sinceConfirmed = int.MaxValue / 2;
    private int _sinceDrop = int.MaxValue / 2;
    private double _lastEstimate;
    private readonly double[] _lastEstimates = new double[4]; // the estimates of the frames before the last one
    private double _ratio = double.NaN;
    private double _residual;
    private double _estimate;
    private double _noise;
    private double _sumCross;
    private double _sumEstimate;
    private double _sumResidual;
    private bool _frameValid;
    private bool _learnCalled;
    private int _pendingHead;
    private int _pendingCount;
    private readonly int[] _pendingStamps = new int[RingFrames];
    private int _quietFrames;
    private bool _bands;
    private bool _frameBands;

    /// <summary>Creates a detector learning over <paramref name="learnFrames"/> echo-only frames.</summary>
    public DoubleTalkDetector(int learnFrames = 12)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(learnFrames, 1);
        LearnFrames = learnFrames;
        _ratios = new double[learnFrames];
        _bandRatios = new double[learnFrames * EchoBands.Count];
        _pending = new double[RingFrames * Stride];
        _levelRatios = new double[EchoBands.Count * MaxLevelBins * learnFrames];
        _levelStamps = new int[EchoBands.Count * MaxLevelBins * learnFrames];
    }

    /// <summary>Echo-only frames over which the residual ratio is the maximum.</summary>
    public int LearnFrames { get; }

    /// <summary>True while the echo estimate is trusted (learned, recently confirmed, not contradicted).</summary>
    public bool Trusted => !double.IsNaN(_ratio) && _sinceConfirmed <= ConfirmFrames;

    /// <summary>The learned residual-echo ratio, dB (NaN until learned).</summary>
    public double RatioDb => double.IsNaN(_ratio) ? double.NaN : 10 * Math.Log10(Math.Max(_ratio, 1e-12));

    /// <summary>Frames so far whose correlation contradicted the filter (diagnostics).</summary>
    public int Contradictions { get; private set; }

    /// <summary>True when the last frame showed that the canceller's estimate is not the echo (the path changed under it).</summary>
    public bool PathChanged { get; private set; }

    /// <summary>
    /// True when the last frame's echo estimate clearly disagreed with what was heard (the correlation more than
    /// <see cref="DeviationsToDistrust"/> noise deviations and 0.2 away from 1, with an estimate clear of the noise): the
    /// filter does not fit this frame, so its residual says nothing about a talker — neither this detector nor the
    /// echo gate should pass it.
    /// </summary>
    public bool Misfit { get; private set; }

    /// <summary>True when the last frame's residual stood clearly above its predicted residual echo with a trusted filter.</summary>
    public bool NearEnd { get; private set; }

    /// <summary>
    /// How far (dB) the last frame's residual stood above its predicted residual echo plus the line noise (diagnostics); NaN
    /// when the detector was not trusted in that frame (no prediction made).
    /// </summary>
    public double LastExcessDb { get; private set; } = double.NaN;

    /// <summary>
    /// Judges the frame <paramref name="canceller"/> just filtered from <paramref name="heard"/> into
    /// <paramref name="residual"/>, on a line whose noise floor (after cancellation) is <paramref name="noise"/>
    /// (mean square). The residual echo is predicted band by band.
    /// </summary>
    /// <returns><see cref="NearEnd"/>.</returns>
    public bool Observe(ReadOnlySpan<short> heard, ReadOnlySpan<short> residual, EchoCanceller canceller, double noise)
    {
        ArgumentNullException.ThrowIfNull(canceller);
        for (var i = 0; i < _work.Length; i++)
        {
            _work[i] = residual[i];
        }

        EchoBands.Energies(_work, _residualBands);
        for (var i = 0; i < _work.Length; i++)
        {
            _work[i] = heard[i] - residual[i];
        }

        EchoBands.Energies(_work, _estimateBands);
        _bands = true;
        return Observe(Dsp.Level.MeanSquare(heard), Dsp.Level.MeanSquare(residual), canceller.LastEchoEstimateMeanSquare, canceller.LastEchoCorrelation, noise, canceller.Diverged);
    }

    /// <summary>
    /// Judges the frame the canceller just filtered: <paramref name="heard"/>, <paramref name="residual"/> and
    /// <paramref name="noise"/> are mean squares of what we heard, what is left after cancellation and the line's
    /// noise floor; <paramref name="estimate"/> and <paramref name="correlation"/> are the canceller's
    /// <see cref="EchoCanceller.LastEchoEstimateMeanSquare"/> and <see cref="EchoCanceller.LastEchoCorrelation"/>;
    /// <paramref name="diverged"/> is <see cref="EchoCanceller.Diverged"/>.
    /// </summary>
    /// <returns><see cref="NearEnd"/>.</returns>
    public bool Observe(double heard, double residual, double estimate, double correlation, double noise, bool diverged)
    {
        var bands = _bands;
        _bands = false;
        PathChanged = false;
        if (!_learnCalled)
        {
            _pendingCount = 0; // the last frame was speech (or within its hold): what was pending may be its onset
        }
        else if (CommitAfterQuietFrames)
        {
            // The last frame was not speech either: a pending frame followed by PendingFrames such frames is echo.
            _quietFrames++;
            while (_pendingCount > 0 && _quietFrames - _pendingStamps[_pendingHead] > PendingFrames)
            {
                CommitOldest();
            }
        }
        else if (_pendingCount == PendingFrames)
        {
            CommitOldest();
        }

        _learnCalled = false;
        _residual = residual;
        _estimate = estimate;
        _noise = noise;
        _frameValid = false;
        NearEnd = false;
        Misfit = false;
        LastExcessDb = double.NaN;
        LastBandExcessDb = double.NaN;
        if (diverged)
        {
            Relearn();
            return false;
        }

        if (heard <= 0 || residual <= 0)
        {
            return false; // lost packet or comfort noise: nothing heard, nothing learned
        }

        var informative = estimate >= noise * Math.Pow(10, EstimateOverNoiseDb / 10);
        if (informative || !LapseOnInformativeFramesOnly)
        {
            _sinceConfirmed = Math.Min(_sinceConfirmed + 1, int.MaxValue / 2);
        }

        var recent = _lastEstimate;
        for (var i = 0; i < Math.Min(WordEndFrames, _lastEstimates.Length) - 1; i++)
        {
            recent = Math.Max(recent, _lastEstimates[i]);
        }

        _sinceDrop = estimate * 10 <= recent ? 0 : Math.Min(_sinceDrop + 1, int.MaxValue / 2);
        for (var i = _lastEstimates.Length - 1; i > 0; i--)
        {
            _lastEstimates[i] = _lastEstimates[i - 1];
        }

        _lastEstimates[0] = _lastEstimate;
        _lastEstimate = estimate;
        // Near-end speech leaves the correlation within its noise of 1 (it is uncorrelated with the prompt); a filter that
        // does not fit the frame pulls it away (traced: a false "yes" from residual echo at ERLE 1–3 dB, correlation 0.57,
        // that the gate let through on a loss learned from better frames).
        Misfit = informative && heard > 0 && residual > 0
            && Math.Abs(correlation - 1) > Math.Max(0.2, DeviationsToDistrust * Math.Sqrt(residual / (IndependentSamples * estimate)));
        if (informative)
        {
            // The same test on the last three informative frames together (√3 less noise): a path change in a quiet
            // stretch of the prompt, where one frame says little, shows within two or three frames.
            _sumCross = (_sumCross * 0.5) + (correlation * estimate);
            _sumEstimate = (_sumEstimate * 0.5) + estimate;
            _sumResidual = (_sumResidual * 0.5) + residual;
            // Only where the estimate is well clear of the noise: at the onset of a word after a pause a filter with
            // some energy on early taps predicts a little echo before it arrives (c ≈ 0 there, but no path change).
            var clear = estimate >= noise * Math.Pow(10, ContradictOverNoiseDb / 10);
            if (clear && (Contradicts(correlation, residual, estimate, 1) || Contradicts(_sumCross / _sumEstimate, _sumResidual, _sumEstimate, 1.75)))
            {
                // The estimate is not the echo in this frame: no trust until a frame confirms the filter again. Where a
                // word of the prompt has just ended (the estimate fell 10 dB or more within the last 3 frames) this is
                // also what a filter with a little misfit on its later taps shows (it predicts echo after the echo has
                // stopped), so there it only withdraws trust; anywhere else the path changed: the ratios are forgotten
                // (and the caller forgets the gate's loss).
                Contradictions++;
                _sinceConfirmed = int.MaxValue / 2;
                if (_sinceDrop > 2 && (!PathChangeOnlyWhenLearned || !double.IsNaN(_ratio)))
                {
                    PathChanged = true;
                    Relearn();
                }

                return false;
            }

            if (estimate >= residual && Math.Abs(correlation - 1) <= 0.2)
            {
                _sinceConfirmed = 0;
                _frameValid = true;
            }
        }

        if (!Trusted)
        {
            return false;
        }

        // Louder than the residual echo should be, and the frame's correlation as near 1 as speech over a good filter
        // leaves it (a residual only a little above the prediction must show c ≈ 1; a misfit of the filter in this
        // frame, residual echo correlated with the estimate, pulls c away from 1).
        _frameBands = bands;
        var margin = Math.Pow(10, MarginDb / 10);
        bool louder;
        if (bands)
        {
            // Band by band: a linear canceller's residual echo in a band is |H − Ĥ|²/|Ĥ|² times its estimate there, a
            // property of the path and the filter, not of the prompt's spectrum in this frame.
            // Session 9: the ratio per level of the band's estimate (DoubleTalkDetector.Levels.cs); the single ratio per band of
            // sessions 4–8 is kept as the conservative prediction (LastBandExcessDb).
            double e = 0, predictedBands = 0, predictedSingle = 0;
            for (var b = 0; b < EchoBands.Count; b++)
            {
                var a = _bandLearned[b] >= MinLearnedFrames ? _bandRatio[b] : 1;
                var n = EchoBands.WhiteNoise(noise, b);
                var level = _bandLearned[b] >= MinLearnedFrames ? LevelRatio(b, LevelBin(_estimateBands[b], n), a) : a;
                e += _residualBands[b];
                predictedBands += (level * _estimateBands[b]) + n;
                predictedSingle += (a * _estimateBands[b]) + n;
            }

            louder = e >= predictedBands * margin;
            LastExcessDb = 10 * Math.Log10(Math.Max(e, 1e-30) / Math.Max(predictedBands, 1e-30));
            LastBandExcessDb = 10 * Math.Log10(Math.Max(e, 1e-30) / Math.Max(predictedSingle, 1e-30));
        }
        else
        {
            louder = residual >= ((_ratio * estimate) + noise) * margin;
            LastExcessDb = 10 * Math.Log10(Math.Max(residual, 1e-30) / Math.Max((_ratio * estimate) + noise, 1e-30));
            LastBandExcessDb = LastExcessDb;
        }

        NearEnd = louder
            && (estimate <= 0 || Math.Abs(correlation - 1) <= DeviationsToAccept * Math.Sqrt(residual / (IndependentSamples * estimate)));
        return NearEnd;
    }

    // c below 0.5 (the canceller adds power: ERLE < 0) and DeviationsToReject standard deviations below 1.
    private bool Contradicts(double correlation, double residual, double estimate, double samplesFactor) =>
        correlation < 0.5 && correlation < 1 - (DeviationsToReject * Math.Sqrt(residual / (IndependentSamples * samplesFactor * estimate)));

    /// <summary>
    /// The frame just observed was judged not to be near-end speech: learn the residual ratio from it, once
    /// <see cref="PendingFrames"/> more frames have also not been speech (the first frames of a word, before it is
    /// recognised, must not teach that a word is echo).
    /// </summary>
    public void Learn()
    {
        _learnCalled = true;
        if (!_frameValid)
        {
            return;
        }

        if (_pendingCount == (CommitAfterQuietFrames ? RingFrames : PendingFrames))
        {
            CommitOldest();
        }

        _pendingStamps[(_pendingHead + _pendingCount) % RingFrames] = _quietFrames;
        var slot = ((_pendingHead + _pendingCount) % RingFrames) * Stride;
        _pending[slot] = Math.Max(_residual - _noise, 0) / _estimate; // noise out: its floor is a minimum, so this errs strict
        for (var b = 0; b < EchoBands.Count; b++)
        {
            var n = EchoBands.WhiteNoise(_noise, b);
            _pending[slot + 1 + b] = _frameBands && _estimateBands[b] >= n * Math.Pow(10, EstimateOverNoiseDb / 10)
                ? Math.Max(_residualBands[b] - n, 0) / _estimateBands[b]
                : double.NaN;
            _pending[slot + 1 + EchoBands.Count + b] = LevelBin(_estimateBands[b], n);
        }

        _pendingCount++;
    }

    // Commits the oldest pending frame once PendingFrames newer non-speech frames have followed it.
    private void CommitOldest()
    {
        var slot = _pendingHead * Stride;
        _pendingHead = (_pendingHead + 1) % RingFrames;
        _pendingCount--;
        for (var b = 0; b < EchoBands.Count; b++)
        {
            var r = _pending[slot + 1 + b];
            if (double.IsNaN(r))
            {
                continue;
            }

            _bandRatios[(b * LearnFrames) + (_bandLearned[b] % LearnFrames)] = r;
            CommitLevel(b, (int)_pending[slot + 1 + EchoBands.Count + b], r);
            _bandLearned[b]++;
            var max = 0.0;
            for (var i = 0; i < Math.Min(_bandLearned[b], LearnFrames); i++)
            {
                max = Math.Max(max, _bandRatios[(b * LearnFrames) + i]);
            }

            _bandRatio[b] = max;
            _bandLearned[b] = _bandLearned[b] >= 2 * LearnFrames ? LearnFrames + (_bandLearned[b] % LearnFrames) : _bandLearned[b];
        }

        AdvanceLevelClock();
        _ratios[_learned % LearnFrames] = _pending[slot];
        _learned++;
        if (_learned >= MinLearnedFrames)
        {
            var max = 0.0;
            for (var i = 0; i < Math.Min(_learned, LearnFrames); i++)
            {
                max = Math.Max(max, _ratios[i]);
            }

            _ratio = max;
            _learned = _learned >= 2 * LearnFrames ? LearnFrames + (_learned % LearnFrames) : _learned; // keeps the ring index, never overflows
        }
    }

    /// <summary>Forgets the learned ratio and the trust (the echo path changed): learned anew from echo-only frames.</summary>
    public void Relearn()
    {
        _learned = 0;
        _ratio = double.NaN;
        Array.Clear(_bandLearned);
        Array.Clear(_levelPushed);
        _pendingCount = 0;
        _sumCross = _sumEstimate = _sumResidual = 0;
        _sinceConfirmed = int.MaxValue / 2;
    }

    /// <summary>Forgets everything (a new call).</summary>
    public void Reset()
    {
        Relearn();
        Contradictions = 0;
        Misfit = false;
        _sinceDrop = int.MaxValue / 2;
        _lastEstimate = 0;
        Array.Clear(_lastEstimates);
        NearEnd = false;
        _frameValid = false;
        _residual = _estimate = _noise = 0;
    }
}
