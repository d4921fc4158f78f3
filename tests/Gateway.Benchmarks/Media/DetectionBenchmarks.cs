using BenchmarkDotNet.Attributes;
using Gateway.Media.Codecs;
using Gateway.Media.Dsp;
using Gateway.Media.Tones;
using Gateway.Media.Vad;

namespace Gateway.Benchmarks.Media;

/// <summary>
/// Per-frame cost of the detection path (one 20 ms frame = 160 samples). Real time is 20 µs of budget per
/// frame per 1,000 calls per core. Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*DetectionBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class DetectionBenchmarks
{
    private readonly short[] _speech = new short[160 * 50];
    private readonly byte[] _codes = new byte[160];
    private readonly short[] _far = new short[160];
    private readonly AnalysisFrame _frame = new();
    private readonly ToneBank _tones = new();
    private readonly SpeechDetector _speechDetector = new();
    private int _index;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (var i = 0; i < _speech.Length; i++)
        {
            _speech[i] = (short)((3000 * Math.Sin(2 * Math.PI * 2100 * i / 8000)) + rng.Next(-500, 500));
        }
    }

    [Benchmark]
    public void G711_encode_and_decode_one_frame()
    {
        var frame = _speech.AsSpan(0, 160);
        G711.Encode(frame, _codes, G711Law.ALaw);
        G711.Decode(_codes, _far, G711Law.ALaw);
    }

    [Benchmark]
    public ToneDetection Tone_bank_one_frame()
    {
        _frame.Load(NextFrame(), _index * 20L);
        return _tones.Process(_frame);
    }

    [Benchmark]
    public SpeechFrame Speech_detector_one_frame_with_echo_gate()
    {
        _frame.Load(NextFrame(), _index * 20L);
        return _speechDetector.Process(_frame, _far, false);
    }

    private ReadOnlySpan<short> NextFrame()
    {
        _index = (_index + 1) % 50;
        return _speech.AsSpan(_index * 160, 160);
    }
}
