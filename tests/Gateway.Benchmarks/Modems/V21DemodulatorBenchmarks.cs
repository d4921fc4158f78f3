using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Gateway.Fax.Hdlc;
using Gateway.Fax.Modems;
using Gateway.Testing.SpanDsp;

namespace Gateway.Benchmarks.Modems;

/// <summary>
/// CPU time to demodulate a V.21 channel 2 command as T.30 sends it (1 s of flags, TSI and DCS; 2.3 s of audio at
/// −14 dBm0) in 160-sample blocks: our <see cref="V21Demodulator"/> against libspandsp's fsk_rx (synchronous
/// framing) in the same run; both hand every bit to a counter.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*V21DemodulatorBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public unsafe class V21DemodulatorBenchmarks
{
    private short[] _audio = [];
    private V21Demodulator _ours = null!;
    private BitCounter _counter = null!;
    private IntPtr _spandsp;
    private static int _spandspBits;

    private sealed class BitCounter : IModemBitSink
    {
        public int Bits;
        public void OnBit(int bit) => Bits++;
        public void OnCarrier(bool present) { }
    }

    private sealed class EncoderSource(HdlcBitEncoder encoder) : IModemBitSource
    {
        public int NextBit() => encoder.NextBit();
    }

    [GlobalSetup]
    public void Setup()
    {
        var encoder = new HdlcBitEncoder();
        encoder.QueueFlags(38);
        var tsi = new byte[23];
        tsi[0] = 0xFF;
        tsi[1] = 0x03;
        tsi[2] = 0x43;
        encoder.QueueFrame(tsi);
        encoder.QueueFrame([0xFF, 0x13, 0x83, 0x00, 0x8A, 0x78]);
        var modulator = new V21Modulator(new EncoderSource(encoder));
        var all = new List<short>();
        var block = new short[160];
        int n;
        while ((n = modulator.Modulate(block)) > 0)
        {
            all.AddRange(block.AsSpan(0, n));
            if (n < block.Length)
                break;
        }
        all.AddRange(new short[160 * 5]);
        _audio = [.. all];
        _counter = new BitCounter();
        _ours = new V21Demodulator(_counter);
        _spandsp = SpanDsp.fsk_rx_init(IntPtr.Zero, SpanDsp.PresetFskSpec(SpanDsp.FskV21Ch2), SpanDsp.FskFrameModeSync, &OnBit, IntPtr.Zero);
    }

    [GlobalCleanup]
    public void Cleanup() => SpanDsp.fsk_rx_free(_spandsp);

    [UnmanagedCallersOnly]
    private static void OnBit(IntPtr user, int bit) => _spandspBits++;

    /// <summary>Our demodulator.</summary>
    [Benchmark]
    public int Gateway()
    {
        _ours.Reset();
        _counter.Bits = 0;
        for (var i = 0; i < _audio.Length; i += 160)
            _ours.Demodulate(_audio.AsSpan(i, Math.Min(160, _audio.Length - i)));
        return _counter.Bits;
    }

    /// <summary>libspandsp 0.0.6's fsk_rx.</summary>
    [Benchmark(Baseline = true)]
    public int Spandsp()
    {
        _spandspBits = 0;
        fixed (short* p = _audio)
        {
            for (var i = 0; i < _audio.Length; i += 160)
                SpanDsp.fsk_rx(_spandsp, p + i, Math.Min(160, _audio.Length - i));
        }
        return _spandspBits;
    }
}
