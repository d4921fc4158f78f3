using BenchmarkDotNet.Attributes;
using Gateway.Media.Classification;
using Gateway.Media.Dsp;
using Gateway.Media.Dtmf;
using Gateway.Media.Tones;
using Gateway.Media.Vad;
using Gateway.Testing.SpanDsp;

namespace Gateway.Benchmarks.Detection;

/// <summary>
/// Per-20 ms-frame cost (160 samples) of each detector, and spandsp's CED/V.21 and DTMF receivers on the same
/// frames in the same run (ratios in docs/detection.md). The signal is a 2100 Hz tone in noise with DTMF "1"
/// bursts and 4 Hz AM (the classifier gets noise bursts at a syllable rate), so every detector works on its real path.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*DetectorBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public unsafe class DetectorBenchmarks
{
    private const int Frames = 50;
    private readonly short[] _signal = new short[160 * Frames];
    private readonly short[] _far = new short[160];
    private readonly AnalysisFrame _frame = new();
    private readonly ToneBank _tones = new();
    private readonly AnswerToneDetector _answerTone = new();
    private readonly DtmfDetector _dtmf = new();
    private readonly DspVoiceActivityDetector _vad = new();
    private readonly SpeechDetector _speech = new();
    private readonly SpeechDetector _speechPlaying = new();
    private readonly SpeechDetector _speechPlayingWithoutDoubleTalk = new(options: new SpeechOptions { DoubleTalkDetector = false });
    private readonly short[] _voice = new short[160 * Frames];
    // Limits off, so the classifier keeps analysing (a decided classifier returns at once).
    private readonly AnswerClassifier _classifier = new(new AnswerClassifierOptions
    {
        TotalAnalysisTimeMs = int.MaxValue,
        InitialSilenceMs = int.MaxValue,
        GreetingMs = int.MaxValue,
        AfterGreetingSilenceMs = int.MaxValue,
        MaximumNumberOfWords = int.MaxValue,
        MaximumWordLengthMs = int.MaxValue,
    });
    private IntPtr _spanDtmf;
    private IntPtr _spanTones;
    private int _index;
    private long _ts;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (var i = 0; i < _signal.Length; i++)
        {
            var t = i / 8000.0;
            var dtmf = (i / 800) % 2 == 0 ? 2000 * (Math.Sin(2 * Math.PI * 697 * t) + Math.Sin(2 * Math.PI * 1209 * t)) : 0;
            _voice[i] = (short)(rng.Next(-4000, 4000) * Math.Max(0, Math.Sin(2 * Math.PI * 3 * t)));
            _signal[i] = (short)((3000 * Math.Sin(2 * Math.PI * 2100 * t) * (1 + (0.5 * Math.Sin(2 * Math.PI * 4 * t)))) + dtmf + rng.Next(-300, 300));
        }

        _spanDtmf = SpanDsp.dtmf_rx_init(IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        _spanTones = SpanDsp.modem_connect_tones_rx_init(IntPtr.Zero, SpanDsp.ModemConnectTonesFaxCedOrPreamble, IntPtr.Zero, IntPtr.Zero);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SpanDsp.dtmf_rx_free(_spanDtmf);
        SpanDsp.modem_connect_tones_rx_free(_spanTones);
    }

    [Benchmark]
    public ToneDetection Tone_bank() => _tones.Process(Load());

    [Benchmark(Baseline = true)]
    public ToneDetection Answer_tone_CED_ANSam() => _answerTone.Process(Load());

    [Benchmark]
    public int SpanDsp_modem_connect_tones_CED_or_preamble()
    {
        fixed (short* p = Next())
        {
            SpanDsp.modem_connect_tones_rx(_spanTones, p, 160);
        }

        return SpanDsp.modem_connect_tones_rx_get(_spanTones);
    }

    [Benchmark]
    public ToneDetection Dtmf_in_band() => _dtmf.Process(Load());

    [Benchmark]
    public int SpanDsp_dtmf_rx()
    {
        fixed (short* p = Next())
        {
            return SpanDsp.dtmf_rx(_spanDtmf, p, 160);
        }
    }

    [Benchmark]
    public float Dsp_vad() => _vad.Process(Next());

    [Benchmark]
    public SpeechFrame Speech_detector_with_echo_gate() => _speech.Process(Load(), _far, false);

    // The echo canceller runs (filter + adaptation) while a prompt plays: far end = the voice-like signal.
    [Benchmark]
    public SpeechFrame Speech_detector_with_echo_canceller_while_playing()
    {
        var frame = Load();
        return _speechPlaying.Process(frame, _voice.AsSpan(_index * 160, 160), false);
    }

    // The same without the double-talk detector (session 3): the difference is its cost (two 63-bin DFTs per frame).
    [Benchmark]
    public SpeechFrame Speech_detector_with_echo_canceller_while_playing_without_double_talk_detector()
    {
        var frame = Load();
        return _speechPlayingWithoutDoubleTalk.Process(frame, _voice.AsSpan(_index * 160, 160), false);
    }

    [Benchmark]
    public AnswerDecision Answer_classifier_on_voice()
    {
        _index = (_index + 1) % Frames;
        return _classifier.Process(_voice.AsSpan(_index * 160, 160), _ts += 20);
    }

    private AnalysisFrame Load()
    {
        _frame.Load(Next(), _ts += 20);
        return _frame;
    }

    private ReadOnlySpan<short> Next()
    {
        _index = (_index + 1) % Frames;
        return _signal.AsSpan(_index * 160, 160);
    }
}
