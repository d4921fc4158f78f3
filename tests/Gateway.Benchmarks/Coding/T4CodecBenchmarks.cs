using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Gateway.Fax.Coding;
using Gateway.Fax.Documents;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Testing.SpanDsp;

namespace Gateway.Benchmarks.Coding;

/// <summary>
/// T.4 MR / T.6 MMR coding of whole ITU chart pages: our <see cref="T4Encoder"/>/<see cref="T4Decoder"/>
/// against libspandsp 0.0.6's t4_tx/t4_rx on the same page in the same run (issue 4). Both encoders read
/// rows from memory; both decoders take the whole coded page at once (spandsp's data is its own coding of
/// the page, ours is ours; the two are octet-identical on these charts, see T4CodedSizeTests). spandsp's
/// per-page set-up (t4_tx_init, which opens the chart's TIFF, and t4_rx_end_page, which writes its TIFF) is
/// kept out of the timing with IterationSetup/IterationCleanup, so those cases run one page per iteration.
/// Times are the benchmark thread's CPU time (<see cref="ThreadCpuClock"/>), one page per iteration for every
/// case, so ours and spandsp's are measured the same way on a shared machine.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*T4CodecBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[Config(typeof(CpuTimeConfig))]
public class T4CodecBenchmarks
{
    private FaxPage _page = null!;
    private string _tiff = null!;
    private byte[] _ours = null!;
    private byte[] _theirs = null!;
    private readonly byte[] _chunk = new byte[1 << 20];
    private IntPtr _tx;
    private IntPtr _rx;
    private string _rxFile = null!;

    [Params("itu1-fine", "itu4-fine")]
    public string Chart { get; set; } = "itu1-fine";

    [Params(T30Compression.MR, T30Compression.MMR)]
    public T30Compression Compression { get; set; }

    private int SpanDspEncoding => Compression switch
    {
        T30Compression.MH => SpanDspT4Oracle.T4_1D,
        T30Compression.MR => SpanDspT4Oracle.T4_2D,
        _ => SpanDspT4Oracle.T6,
    };

    [GlobalSetup]
    public void Setup()
    {
        _tiff = Path.Combine(ChartsDirectory(), Chart + ".tif");
        using (FileStream file = File.OpenRead(_tiff))
        {
            _page = FaxTiff.Read(file, _tiff).Pages[0];
        }

        _ours = T4Encoder.Encode(_page, Compression, kFactor: 4);
        _theirs = SpanDspEncodeOnce();
        _rxFile = Path.Combine(Path.GetTempPath(), $"t4bench-{Environment.ProcessId}.tif");

        // One page per iteration leaves too few calls for tiered compilation to reach optimized code during
        // the measured run; bring our coder to steady state first (spandsp's is compiled C).
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 60; i++)
            {
                EncodeOurs();
                DecodeOurs();
            }

            Thread.Sleep(500);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_rxFile);

    [Benchmark(Description = "encode, ours")]
    public byte[] EncodeOurs() => T4Encoder.Encode(_page, Compression, kFactor: 4);

    [Benchmark(Description = "decode, ours")]
    public T4DecodeResult DecodeOurs() => T4Decoder.Decode(_ours, Compression, _page.Width, _page.Resolution);

    [IterationSetup(Target = nameof(EncodeSpanDsp))]
    public void BeforeEncodeSpanDsp() => _tx = OpenTx();

    [Benchmark(Description = "encode, spandsp t4_tx")]
    public unsafe int EncodeSpanDsp()
    {
        SpanDspT4Oracle.t4_tx_start_page(_tx);
        int total = 0;
        fixed (byte* p = _chunk)
        {
            int n;
            while ((n = SpanDspT4Oracle.t4_tx_get_chunk(_tx, p + total, _chunk.Length - total)) > 0)
            {
                total += n;
            }
        }

        return total;
    }

    [IterationCleanup(Target = nameof(EncodeSpanDsp))]
    public void AfterEncodeSpanDsp()
    {
        SpanDspT4Oracle.t4_tx_end_page(_tx);
        SpanDspT4Oracle.t4_tx_free(_tx);
    }

    [IterationSetup(Target = nameof(DecodeSpanDsp))]
    public unsafe void BeforeDecodeSpanDsp()
    {
        _rx = SpanDspT4Oracle.t4_rx_init(IntPtr.Zero, _rxFile, SpanDspT4Oracle.T6);
        SpanDspT4Oracle.t4_rx_set_rx_encoding(_rx, SpanDspEncoding);
        SpanDspT4Oracle.t4_rx_set_image_width(_rx, _page.Width);
        SpanDspT4Oracle.t4_rx_set_x_resolution(_rx, 8031);
        SpanDspT4Oracle.t4_rx_set_y_resolution(_rx, _page.Resolution == FaxResolution.Fine ? 7700 : 3850);
        SpanDspT4Oracle.t4_rx_start_page(_rx);
    }

    [Benchmark(Description = "decode, spandsp t4_rx")]
    public unsafe int DecodeSpanDsp()
    {
        fixed (byte* p = _theirs)
        {
            return SpanDspT4Oracle.t4_rx_put_chunk(_rx, p, _theirs.Length);
        }
    }

    [IterationCleanup(Target = nameof(DecodeSpanDsp))]
    public void AfterDecodeSpanDsp()
    {
        SpanDspT4Oracle.t4_rx_end_page(_rx);
        SpanDspT4Oracle.t4_rx_free(_rx);
    }

    private unsafe IntPtr OpenTx()
    {
        IntPtr tx = SpanDspT4Oracle.t4_tx_init(IntPtr.Zero, _tiff, 0, 0);
        if (tx == IntPtr.Zero)
        {
            throw new InvalidOperationException($"spandsp cannot open {_tiff}");
        }

        SpanDspT4Oracle.t4_tx_set_tx_encoding(tx, SpanDspEncoding);
        SpanDspT4Oracle.t4_tx_set_min_bits_per_row(tx, 0);
        SpanDspT4Codec.Feed(_page);
        SpanDspT4Oracle.t4_tx_set_row_read_handler(tx, &SpanDspT4Codec.ReadRow, IntPtr.Zero);
        return tx;
    }

    private byte[] SpanDspEncodeOnce()
    {
        _tx = OpenTx();
        int n = EncodeSpanDsp();
        AfterEncodeSpanDsp();
        // The last octet differs only in its padding bits (spandsp pads with ones, we with zeros).
        if (n != _ours.Length || !_chunk.AsSpan(0, n - 1).SequenceEqual(_ours.AsSpan(0, n - 1)))
        {
            // Not fatal for timing, but the comparison is only fair if both code the same page the same way.
            Console.Error.WriteLine($"warning: spandsp coded {Chart} {Compression} in {n} octets, ours in {_ours.Length}");
        }

        return _chunk.AsSpan(0, n).ToArray();
    }

    private static string ChartsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "testdata", "itu");
            if (File.Exists(Path.Combine(candidate, "itu1-fine.tif")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/testdata/itu not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>In process, thread CPU time, one page per iteration (spandsp's cases need per-page set-up anyway).</summary>
internal sealed class CpuTimeConfig : ManualConfig
{
    public CpuTimeConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithClock(ThreadCpuClock.Instance)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithWarmupCount(10)
            .WithIterationCount(60)
            .WithId("CpuTime"));
    }
}
