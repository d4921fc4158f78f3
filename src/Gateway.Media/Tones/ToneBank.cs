using Gateway.Media.Dsp;
using Gateway.Media.Dtmf;

namespace Gateway.Media.Tones;

/// <summary>
/// All tone detectors over one frame: answer tone (CED/ANS/ANSam), V.21 flags, CNG, call-progress cadences,
/// SIT and in-band DTMF. <see cref="ToneOn"/> tells the speech detector which frames are tones, not voice.
/// </summary>
public sealed class ToneBank
{
    /// <summary>Creates a bank for a call-progress plan.</summary>
    public ToneBank(CallProgressPlan? plan = null, ToneThresholds? thresholds = null)
    {
        AnswerTone = new AnswerToneDetector(thresholds);
        V21 = new V21FlagDetector(thresholds);
        Cng = new CngDetector(thresholds);
        Progress = new CallProgressDetector(plan, thresholds);
        Sit = new SitDetector(thresholds);
        Dtmf = new DtmfDetector();
    }

    /// <summary>The 2100 Hz detector.</summary>
    public AnswerToneDetector AnswerTone { get; }

    /// <summary>The V.21 flag detector.</summary>
    public V21FlagDetector V21 { get; }

    /// <summary>The CNG detector.</summary>
    public CngDetector Cng { get; }

    /// <summary>The busy/congestion/ringback detector.</summary>
    public CallProgressDetector Progress { get; }

    /// <summary>The SIT detector.</summary>
    public SitDetector Sit { get; }

    /// <summary>The in-band DTMF detector.</summary>
    public DtmfDetector Dtmf { get; }

    // A voiced frame of a female voice (F0 near 212 or 425 Hz) passes the single-frame 425 Hz purity test; a
    // call-progress tone only hides a frame from the VAD once it has held a steady level (±3 dB) for 60 ms,
    // which vowels rarely do (measured: espeak-ng ru+f2 "алло" lost its only word to this before).
    private const int SteadyFrames = 3;
    private const double SteadyDb = 3;
    private int _progressRun;
    private double _progressRunDb;

    /// <summary>True when any detector saw its tone in the last frame (call-progress tones: steady for 60 ms).</summary>
    public bool ToneOn { get; private set; }

    /// <summary>Runs every detector on the frame; returns the first detection (fax tones first).</summary>
    public ToneDetection Process(AnalysisFrame frame)
    {
        var ans = AnswerTone.Process(frame);
        var v21 = V21.Process(frame);
        var cng = Cng.Process(frame);
        var progress = Progress.Process(frame);
        var sit = Sit.Process(frame);
        var dtmf = Dtmf.Process(frame);
        ToneOn = AnswerTone.ToneOn || V21.SignalOn || Cng.ToneOn || SteadyProgressTone(frame) || Sit.ToneOn || Dtmf.ToneOn;
        return ans.IsDetected ? ans
            : v21.IsDetected ? v21
            : sit.IsDetected ? sit
            : progress.IsDetected ? progress
            : dtmf.IsDetected ? dtmf
            : cng;
    }

    /// <summary>Forgets all tones in progress.</summary>
    public void Reset()
    {
        _progressRun = 0;
        AnswerTone.Reset();
        V21.Reset();
        Cng.Reset();
        Progress.Reset();
        Sit.Reset();
    }

    private bool SteadyProgressTone(AnalysisFrame frame)
    {
        if (!Progress.ToneOn)
        {
            _progressRun = 0;
            return false;
        }

        if (_progressRun == 0 || Math.Abs(frame.LevelDbm0 - _progressRunDb) > SteadyDb)
        {
            _progressRun = 0;
            _progressRunDb = frame.LevelDbm0;
        }

        return ++_progressRun >= SteadyFrames;
    }
}
