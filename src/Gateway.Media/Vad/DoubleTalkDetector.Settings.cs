namespace Gateway.Media.Vad;

/// <summary>The detector's tuning: thresholds and the rules that changed between sessions (docs/detection.md).</summary>
public sealed partial class DoubleTalkDetector
{
    /// <summary>Echo-only frames learned before the rule is used (the ratio is then the maximum of those so far).</summary>
    public int MinLearnedFrames { get; init; } = 6;

    /// <summary>
    /// True: a learned frame counts once <c>PendingFrames</c> (5) frames after it were not speech either, as intended;
    /// false (sessions 4–5): once 5 later frames were also learnable (estimate clear of the noise and dominant), which on a
    /// quiet echo or early in the prompt took seconds.
    /// </summary>
    public bool CommitAfterQuietFrames { get; init; } = true;

    /// <summary>
    /// True: trust lapses after <see cref="ConfirmFrames"/> frames with an informative estimate and none confirming the
    /// filter (a pause of the prompt neither confirms nor contradicts it); false (sessions 4–5): after that many frames.
    /// </summary>
    public bool LapseOnInformativeFramesOnly { get; init; } = true;

    /// <summary>
    /// A contradiction within 2 frames of the estimate falling 10 dB or more below the largest of the previous
    /// <see cref="WordEndFrames"/> frames' estimates is the end of a word of the prompt (the filter's later taps predict
    /// echo after it stopped), not a path change. Session 7: 3 (a word's echo can take two frames to die away; traced: a
    /// 9.6 dB fall in one frame, 12 dB in two, taken for a path change); sessions 4–6: 1.
    /// </summary>
    public int WordEndFrames { get; init; } = 3;

    /// <summary>
    /// True (session 7): a contradiction counts as a path change (<see cref="PathChanged"/>: the ratios and the gate's loss
    /// are forgotten) only once the detector has learned the path it would forget; before that it only withdraws trust. A
    /// young filter's misfit is not a change of the path (traced: two contradictions 0.4 s into the prompt kept the gate's
    /// loss at 6 dB for a second and a loud "да-да" was judged echo). False: sessions 4–6.
    /// </summary>
    public bool PathChangeOnlyWhenLearned { get; init; } = true;

    /// <summary>How far the residual must exceed the predicted residual echo (plus the line noise), dB.</summary>
    public double MarginDb { get; init; } = 6;

    /// <summary>Frames (with an informative estimate, see <see cref="LapseOnInformativeFramesOnly"/>) after the last confirmation of the filter during which it stays trusted.</summary>
    public int ConfirmFrames { get; init; } = 10;

    /// <summary>How many standard deviations of the correlation's noise below 1 a frame must fall to count against the filter.</summary>
    public double DeviationsToReject { get; init; } = 2;

    /// <summary>How many standard deviations of the correlation's noise from 1 a near-end frame may be.</summary>
    public double DeviationsToAccept { get; init; } = 1.5;

    /// <summary>Echo estimate this far above the line noise, dB, for a frame to teach or confirm anything.</summary>
    public double EstimateOverNoiseDb { get; init; } = 10;

    /// <summary>Echo estimate this far above the line noise, dB, for a frame to count against the filter.</summary>
    public double ContradictOverNoiseDb { get; init; } = 15;

    /// <summary>How many standard deviations of the correlation's noise from 1 make a frame a <see cref="Misfit"/>.</summary>
    public double DeviationsToDistrust { get; init; } = 3;
}
