using BenchmarkDotNet.Attributes;
using Gateway.Media.Codecs;

namespace Gateway.Benchmarks.Modems;

/// <summary>
/// G.711 encode and decode of one second of fax audio (50 blocks of 160 samples, a −10 dBm0 V.17-like signal plus
/// silence) with <see cref="G711"/> against NAudio's per-sample codec in the same run.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*G711Benchmarks*'
/// </summary>
[MemoryDiagnoser]
public class G711Benchmarks
{
    private readonly short[] _linear = new short[8000];
    private readonly byte[] _coded = new byte[8000];
    private readonly short[] _decoded = new short[8000];

    [Params(G711Law.ALaw, G711Law.MuLaw)]
    public G711Law Law { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (var i = 0; i < _linear.Length; i++)
        {
            // 1800 Hz carrier with random amplitude per symbol, peak ≈ −10 dBm0; the last 20 ms silent.
            var amp = i < 7840 ? 3000 + rng.Next(6000) : 0;
            _linear[i] = (short)(amp * Math.Sin(2 * Math.PI * 1800 * i / 8000.0));
        }
        G711.Encode(_linear, _coded, Law);
    }

    [Benchmark(Baseline = true)]
    public void Encode_ours()
    {
        for (var b = 0; b < _linear.Length; b += 160)
            G711.Encode(_linear.AsSpan(b, 160), _coded.AsSpan(b, 160), Law);
    }

    [Benchmark]
    public void Encode_naudio()
    {
        var coded = _coded;
        var linear = _linear;
        if (Law == G711Law.ALaw)
        {
            for (var i = 0; i < linear.Length; i++)
                coded[i] = NAudio.Codecs.ALawEncoder.LinearToALawSample(linear[i]);
        }
        else
        {
            for (var i = 0; i < linear.Length; i++)
                coded[i] = NAudio.Codecs.MuLawEncoder.LinearToMuLawSample(linear[i]);
        }
    }

    [Benchmark]
    public void Decode_ours()
    {
        for (var b = 0; b < _coded.Length; b += 160)
            G711.Decode(_coded.AsSpan(b, 160), _decoded.AsSpan(b, 160), Law);
    }

    [Benchmark]
    public void Decode_naudio()
    {
        var coded = _coded;
        var decoded = _decoded;
        if (Law == G711Law.ALaw)
        {
            for (var i = 0; i < coded.Length; i++)
                decoded[i] = NAudio.Codecs.ALawDecoder.ALawToLinearSample(coded[i]);
        }
        else
        {
            for (var i = 0; i < coded.Length; i++)
                decoded[i] = NAudio.Codecs.MuLawDecoder.MuLawToLinearSample(coded[i]);
        }
    }
}
