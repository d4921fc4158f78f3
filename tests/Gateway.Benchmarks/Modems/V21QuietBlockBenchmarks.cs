using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Gateway.Fax.Modems;
using Gateway.Testing.SpanDsp;

namespace Gateway.Benchmarks.Modems;

/// <summary>
/// What a G.711 sender's V.21 receiver does most of a call: listen to a quiet line while it transmits. One second
/// (50 blocks of 160 samples) of µ-law-quiet audio (|x| ≤ 8, as A-law silence decodes) through our
/// <see cref="V21Demodulator"/> (which takes its quiet-block shortcut) and through libspandsp's fsk_rx in the same run.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*V21QuietBlockBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public unsafe class V21QuietBlockBenchmarks
{
    private readonly short[] _audio = new short[8000];
    private V21Demodulator _ours = null!;
    private IntPtr _spandsp;

    private sealed class NoSink : IModemBitSink
    {
        public void OnBit(int bit) { }
        public void OnCarrier(bool present) { }
    }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(5);
        for (var i = 0; i < _audio.Length; i++)
            _audio[i] = (short)rng.Next(-8, 9);
        _ours = new V21Demodulator(new NoSink());
        _spandsp = SpanDsp.fsk_rx_init(IntPtr.Zero, SpanDsp.PresetFskSpec(SpanDsp.FskV21Ch2), SpanDsp.FskFrameModeSync, &OnBit, IntPtr.Zero);
    }

    [GlobalCleanup]
    public void Cleanup() => SpanDsp.fsk_rx_free(_spandsp);

    [UnmanagedCallersOnly]
    private static void OnBit(IntPtr user, int bit) { }

    /// <summary>Our demodulator, 50 quiet blocks.</summary>
    [Benchmark]
    public bool Gateway()
    {
        for (var i = 0; i < _audio.Length; i += 160)
            _ours.Demodulate(_audio.AsSpan(i, 160));
        return _ours.CarrierPresent;
    }

    /// <summary>libspandsp 0.0.6's fsk_rx, the same 50 blocks.</summary>
    [Benchmark(Baseline = true)]
    public int Spandsp()
    {
        fixed (short* p = _audio)
        {
            for (var i = 0; i < _audio.Length; i += 160)
                SpanDsp.fsk_rx(_spandsp, p + i, 160);
        }
        return 0;
    }
}
