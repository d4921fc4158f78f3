using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Gateway.Fax.Modems;
using Gateway.Testing.SpanDsp;

namespace Gateway.Benchmarks.Modems;

/// <summary>
/// CPU time to modulate one fine ITU chart 1 page (37 423 octets of MH data, its coded size in fax-engine.md §3)
/// plus training, in 160-sample blocks: our transmitters against libspandsp's v17_tx / v29_tx / v27ter_tx in the
/// same run. spandsp pulls its bits from a native function (libc rand), so no managed callback slows it down.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*ModulatorBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public unsafe class ModulatorBenchmarks
{
    private const int PageBits = 37423 * 8;

    private byte[] _bits = [];
    private readonly short[] _block = new short[160];
    private ArrayBits _source = null!;
    private QamModulator _ours = null!;
    private IntPtr _spandsp;
    private int _samples;

    [Params("V27ter/2400", "V27ter/4800", "V29/7200", "V29/9600", "V17/7200", "V17/9600", "V17/12000", "V17/14400")]
    public string Modem { get; set; } = "V17/14400";

    private string Family { get; set; } = "";
    private int Rate { get; set; }

    private sealed class ArrayBits(byte[] bits) : IModemBitSource
    {
        private int _next;
        public void Rewind() => _next = 0;
        public int NextBit() => _next < bits.Length ? bits[_next++] : -1;
    }

    [GlobalSetup]
    public void Setup()
    {
        Family = Modem.Split('/')[0];
        Rate = int.Parse(Modem.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
        var rng = new Random(1);
        _bits = new byte[PageBits];
        for (var i = 0; i < _bits.Length; i++)
            _bits[i] = (byte)rng.Next(2);
        _source = new ArrayBits(_bits);
        _ours = Family switch
        {
            "V27ter" => new V27terModulator(Rate, _source),
            "V29" => new V29Modulator(Rate, _source),
            _ => new V17Modulator(Rate, _source),
        };
        _samples = RunOurs();
        var rand = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "rand");
        _spandsp = Family switch
        {
            "V27ter" => SpanDsp.v27ter_tx_init(IntPtr.Zero, Rate, 0, rand, IntPtr.Zero),
            "V29" => SpanDsp.v29_tx_init(IntPtr.Zero, Rate, 0, rand, IntPtr.Zero),
            _ => SpanDsp.v17_tx_init(IntPtr.Zero, Rate, 0, rand, IntPtr.Zero),
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ = Family switch
        {
            "V27ter" => SpanDsp.v27ter_tx_free(_spandsp),
            "V29" => SpanDsp.v29_tx_free(_spandsp),
            _ => SpanDsp.v17_tx_free(_spandsp),
        };
    }

    private int RunOurs()
    {
        _source.Rewind();
        switch (_ours)
        {
            case V27terModulator m: m.Restart(Rate, false); break;
            case V29Modulator m: m.Restart(Rate, false); break;
            case V17Modulator m: m.Restart(Rate, false, false); break;
        }
        var total = 0;
        int n;
        while ((n = _ours.Modulate(_block)) == _block.Length)
            total += n;
        return total + n;
    }

    /// <summary>Our transmitter: training, the page, turn-off.</summary>
    [Benchmark]
    public int Gateway() => RunOurs();

    /// <summary>libspandsp 0.0.6 for the same number of samples.</summary>
    [Benchmark(Baseline = true)]
    public int Spandsp()
    {
        _ = Family switch
        {
            "V27ter" => SpanDsp.v27ter_tx_restart(_spandsp, Rate, 0),
            "V29" => SpanDsp.v29_tx_restart(_spandsp, Rate, 0),
            _ => SpanDsp.v17_tx_restart(_spandsp, Rate, 0, 0),
        };
        var total = 0;
        fixed (short* p = _block)
        {
            while (total < _samples)
            {
                total += Family switch
                {
                    "V27ter" => SpanDsp.v27ter_tx(_spandsp, p, 160),
                    "V29" => SpanDsp.v29_tx(_spandsp, p, 160),
                    _ => SpanDsp.v17_tx(_spandsp, p, 160),
                };
            }
        }
        return total;
    }
}
