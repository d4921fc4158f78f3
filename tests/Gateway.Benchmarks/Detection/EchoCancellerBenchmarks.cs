using BenchmarkDotNet.Attributes;
using Gateway.Media.Vad;
using Gateway.Testing.SpanDsp;

namespace Gateway.Benchmarks.Detection;

/// <summary>
/// Per-20 ms-frame cost (160 samples: filter + adaptation) of the echo cancellers while a prompt plays, and spandsp's
/// line echo canceller (<c>echo_can_update</c>, adaptation only, same tail) on the same frames in the same run. The far
/// end is a voice-like signal (band-limited noise at a 3 Hz syllable rate), the near end its echo through a 32 ms
/// delay and a decaying 8 ms response, ERL 6 dB, over −60 dBm0 of noise; the frames loop (the echo computed
/// circularly, so the loop has no seam).
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*EchoCancellerBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public unsafe class EchoCancellerBenchmarks
{
    private const int Frames = 100;
    private const int TailMs = 80;
    private readonly short[] _far = new short[160 * Frames];
    private readonly short[] _near = new short[160 * Frames];
    private readonly short[] _residual = new short[160];
    private EchoCanceller _ipnlms = null!;
    private EchoCanceller _leastSquares = null!;
    private EchoCanceller _mdf = null!;
    private IntPtr _spanDsp;
    private readonly int[] _index = new int[4]; // each canceller walks the loop frame by frame on its own

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        var n = _far.Length;
        var far = new double[n];
        double lp = 0, hp = 0;
        for (var i = 0; i < n; i++)
        {
            // White noise, one-pole low-pass (speech's tilt) less its slow part (no DC), 3 Hz syllables.
            var w = rng.NextDouble() - 0.5;
            lp = (0.9 * lp) + w;
            hp = (0.995 * hp) + lp;
            far[i] = (lp - (0.005 * hp)) * 3000 * Math.Max(0, Math.Sin(2 * Math.PI * 3 * i / 8000.0));
            _far[i] = (short)Math.Clamp(far[i], short.MinValue, short.MaxValue);
        }

        var h = new double[64];
        for (var k = 0; k < h.Length; k++)
        {
            h[k] = (rng.NextDouble() - 0.5) * Math.Exp(-k / 10.0);
        }

        var sum = h.Sum(v => v * v);
        for (var i = 0; i < n; i++)
        {
            double y = 0;
            for (var k = 0; k < h.Length; k++)
            {
                y += h[k] * _far[(i - 256 - k + (2 * n)) % n];
            }

            _near[i] = (short)Math.Clamp((y * 0.5 / Math.Sqrt(sum)) + ((rng.NextDouble() - 0.5) * 30), short.MinValue, short.MaxValue);
        }

        _ipnlms = EchoCanceller.Create(EchoCancellerKind.Ipnlms, TailMs);
        _leastSquares = EchoCanceller.Create(EchoCancellerKind.LeastSquares, TailMs);
        _mdf = new MdfEchoCanceller(TailMs);
        _spanDsp = SpanDsp.echo_can_init(TailMs * 8, SpanDsp.EchoCanUseAdaption);

        // Two passes through the loop, so every canceller is converged when measured.
        for (var f = 0; f < 2 * Frames; f++)
        {
            Ipnlms_session_4();
            Least_squares_shipped();
            Mdf();
            SpanDsp_echo_can_update();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => SpanDsp.echo_can_free(_spanDsp);

    [Benchmark(Baseline = true)]
    public bool Ipnlms_session_4() => Run(_ipnlms, 0);

    [Benchmark]
    public bool Least_squares_shipped() => Run(_leastSquares, 1);

    [Benchmark]
    public bool Mdf() => Run(_mdf, 2);

    [Benchmark]
    public short SpanDsp_echo_can_update()
    {
        var o = Next(3);
        short last = 0;
        fixed (short* f = &_far[o], r = &_near[o])
        {
            for (var i = 0; i < 160; i++)
            {
                last = SpanDsp.echo_can_update(_spanDsp, f[i], r[i]);
            }
        }

        return last;
    }

    private bool Run(EchoCanceller canceller, int lane)
    {
        var o = Next(lane);
        return canceller.Process(_near.AsSpan(o, 160), _far.AsSpan(o, 160), _residual);
    }

    private int Next(int lane)
    {
        _index[lane] = (_index[lane] + 1) % Frames;
        return _index[lane] * 160;
    }
}
