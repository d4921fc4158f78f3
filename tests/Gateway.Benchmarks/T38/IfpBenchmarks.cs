using BenchmarkDotNet.Attributes;
using Gateway.Fax.T38;

namespace Gateway.Benchmarks.T38;

/// <summary>
/// IFP encode/decode and UDPTL framing for the packets a fax call is made of: indicators, a V.21 HDLC frame
/// with its FCS verdict, and a 20 ms chunk of V.17 14400 image data (36 octets).
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*IfpBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class IfpBenchmarks
{
    private readonly byte[] _buffer = new byte[512];
    private IfpPacket _indicator = null!;
    private IfpPacket _hdlc = null!;
    private IfpPacket _image = null!;
    private byte[] _indicatorBytes = null!;
    private byte[] _hdlcBytes = null!;
    private byte[] _imageBytes = null!;
    private byte[] _datagram = null!;

    [Params(0, 2)]
    public int Version { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _indicator = IfpPacket.ForIndicator(T38Indicator.V17_14400LongTraining);
        _hdlc = IfpPacket.ForData(T38DataType.V21, new IfpField(T38FieldType.HdlcData, new byte[] { 0xFF, 0xC8, 0x41, 0x00, 0x77, 0x1F, 0x01, 0xC0 }), new IfpField(T38FieldType.HdlcFcsOkSigEnd));
        var chunk = new byte[36];
        new Random(1).NextBytes(chunk);
        _image = IfpPacket.ForData(T38DataType.V17_14400, new IfpField(T38FieldType.T4NonEcmData, chunk));
        _indicatorBytes = IfpCodec.Encode(_indicator, Version);
        _hdlcBytes = IfpCodec.Encode(_hdlc, Version);
        _imageBytes = IfpCodec.Encode(_image, Version);
        var sender = new UdptlSender(new UdptlOptions());
        for (var i = 0; i < 4; i++)
            _datagram = sender.Send(_imageBytes);
    }

    [Benchmark]
    public int EncodeIndicator() => IfpCodec.Encode(_indicator, Version, _buffer);

    [Benchmark]
    public int EncodeHdlcFrame() => IfpCodec.Encode(_hdlc, Version, _buffer);

    [Benchmark]
    public int EncodeImageChunk() => IfpCodec.Encode(_image, Version, _buffer);

    [Benchmark]
    public bool DecodeIndicator() => IfpCodec.TryDecode(_indicatorBytes, Version, out _, out _);

    [Benchmark]
    public bool DecodeHdlcFrame() => IfpCodec.TryDecode(_hdlcBytes, Version, out _, out _);

    [Benchmark]
    public bool DecodeImageChunk() => IfpCodec.TryDecode(_imageBytes, Version, out _, out _);

    [Benchmark]
    public bool DecodeUdptlWithRedundancy() => UdptlCodec.TryDecode(_datagram, out _, out _);
}
