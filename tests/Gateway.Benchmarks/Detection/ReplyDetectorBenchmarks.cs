using BenchmarkDotNet.Attributes;
using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;

namespace Gateway.Benchmarks.Detection;

/// <summary>
/// Per-20 ms-frame cost of the reply detector's analysis while it listens, with the word check off (sessions 1–8's
/// default) and on as shipped since session 9 (<see cref="WordCheck.RejectNo"/>: word features, two 256-point FFTs per
/// frame, and the background-talker pitch analysis run on every frame of a reply window). The detector is fed syllable-rate
/// noise bursts and never given a prompt, so it analyses every frame and never decides (a decided detector returns at
/// once); the utterance rules themselves are a few comparisons per frame.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*ReplyDetectorBenchmarks*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class ReplyDetectorBenchmarks
{
    private const int Frames = 50;
    private readonly short[] _voice = new short[160 * Frames];
    private ReplyDetector _withoutWords = null!;
    private ReplyDetector _withWords = null!;
    private int _index;
    private long _ts;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (var i = 0; i < _voice.Length; i++)
        {
            var t = i / 8000.0;
            _voice[i] = (short)(rng.Next(-4000, 4000) * Math.Max(0, Math.Sin(2 * Math.PI * 3 * t)));
        }

        _withoutWords = new ReplyDetector(new ReplyDetectorOptions { WordCheck = WordCheck.Off });
        _withWords = new ReplyDetector(new ReplyDetectorOptions { WordCheck = WordCheck.RejectNo });
    }

    [Benchmark(Baseline = true)]
    public ReplyDecision Reply_detector_word_check_off() => _withoutWords.Process(Next(), _ts += 20);

    [Benchmark]
    public ReplyDecision Reply_detector_word_check_reject_no() => _withWords.Process(Next(), _ts += 20);

    private ReadOnlySpan<short> Next()
    {
        _index = (_index + 1) % Frames;
        return _voice.AsSpan(_index * 160, 160);
    }
}
