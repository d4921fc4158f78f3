using BenchmarkDotNet.Attributes;
using Gateway.Fax.T38;

namespace Gateway.Benchmarks.T38;

/// <summary>
/// One T.38 packet through the media path, ours against libspandsp's t38_core in the same run: IFP encode and
/// decode of an indicator and of a 20 ms V.17 14400 image chunk (36 octets), T.38 version 0. Ours: the span
/// API the media thread uses (<see cref="IfpCodec.EncodeData"/>, <see cref="IfpCodec.TryRead"/> with its fields
/// enumerated) and the object API (<see cref="IfpPacket"/>) kept for tests and tools; then UDPTL (redundancy 3)
/// send and receive, which spandsp 0.0.6 does not have. spandsp's figures include one P/Invoke and one
/// callback into .NET per packet (a few ns each).
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*T38PacketBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public unsafe class T38PacketBenchmarks
{
    private const int Ring = 4096;
    private readonly byte[] _buffer = new byte[512];
    private readonly byte[] _chunk = new byte[36];
    private byte[] _imageIfp = null!;
    private byte[] _indicatorIfp = null!;
    private IfpPacket _imagePacket = null!;
    private byte[][] _datagrams = null!;
    private UdptlSender _sender = null!;
    private UdptlReceiver _receiver = null!;
    private Action<int, ReadOnlyMemory<byte>> _deliver = null!;
    private IntPtr _core;
    private int _next;
    private ushort _seq;
    private long _octets;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_chunk);
        _imagePacket = IfpPacket.ForData(T38DataType.V17_14400, new IfpField(T38FieldType.T4NonEcmData, _chunk));
        _imageIfp = IfpCodec.Encode(_imagePacket, 0);
        _indicatorIfp = IfpCodec.Encode(IfpPacket.ForIndicator(T38Indicator.V17_14400LongTraining), 0);
        var sender = new UdptlSender(new UdptlOptions());
        _datagrams = new byte[Ring][];
        for (var i = 0; i < Ring; i++)
            _datagrams[i] = sender.Send(_imageIfp);
        _sender = new UdptlSender(new UdptlOptions());
        _receiver = new UdptlReceiver();
        _deliver = (_, ifp) => _octets += ifp.Length;
        _core = SpanDspT38Core.t38_core_init(IntPtr.Zero, &SpanDspT38Core.OnIndicator, &SpanDspT38Core.OnData, &SpanDspT38Core.OnMissing, IntPtr.Zero, &SpanDspT38Core.OnTx, IntPtr.Zero);
        if (_core == IntPtr.Zero)
            throw new InvalidOperationException("t38_core_init failed.");
    }

    [GlobalCleanup]
    public void Cleanup() => SpanDspT38Core.t38_core_free(_core);

    [Benchmark]
    public int Ours_EncodeIndicator() => IfpCodec.EncodeIndicator((_next++ & 1) == 0 ? T38Indicator.V21Preamble : T38Indicator.NoSignal, 0, _buffer);

    // spandsp sends an indicator only when it changes: alternate two, as ours does.
    [Benchmark]
    public int SpanDsp_EncodeIndicator() => SpanDspT38Core.t38_core_send_indicator(_core, (_next++ & 1) == 0 ? (int)T38Indicator.V21Preamble : (int)T38Indicator.NoSignal);

    [Benchmark]
    public int Ours_EncodeImageChunk() => IfpCodec.EncodeData(T38DataType.V17_14400, 0, _buffer, new IfpField(T38FieldType.T4NonEcmData, _chunk));

    [Benchmark]
    public byte[] Ours_EncodeImageChunk_ObjectApi() => IfpCodec.Encode(IfpPacket.ForData(T38DataType.V17_14400, new IfpField(T38FieldType.T4NonEcmData, _chunk)), 0);

    [Benchmark]
    public int SpanDsp_EncodeImageChunk()
    {
        fixed (byte* p = _chunk)
            return SpanDspT38Core.t38_core_send_data(_core, (int)T38DataType.V17_14400, (int)T38FieldType.T4NonEcmData, p, _chunk.Length, 0);
    }

    [Benchmark]
    public int Ours_DecodeIndicator() => IfpCodec.TryRead(_indicatorIfp, 0, out var view, out _) ? (int)view.Indicator.GetValueOrDefault() : -1;

    [Benchmark]
    public int SpanDsp_DecodeIndicator()
    {
        fixed (byte* p = _indicatorIfp)
            return SpanDspT38Core.t38_core_rx_ifp_packet(_core, p, _indicatorIfp.Length, _seq++);
    }

    [Benchmark]
    public int Ours_DecodeImageChunk()
    {
        if (!IfpCodec.TryRead(_imageIfp, 0, out var view, out _))
            return -1;
        var n = 0;
        foreach (var field in view)
            n += field.Data.Length;
        return n;
    }

    [Benchmark]
    public bool Ours_DecodeImageChunk_ObjectApi() => IfpCodec.TryDecode(_imageIfp, 0, out _, out _);

    [Benchmark]
    public int SpanDsp_DecodeImageChunk()
    {
        fixed (byte* p = _imageIfp)
            return SpanDspT38Core.t38_core_rx_ifp_packet(_core, p, _imageIfp.Length, _seq++);
    }

    [Benchmark]
    public int Ours_UdptlSend() => _sender.Send(_imageIfp, _buffer);

    [Benchmark]
    public byte[] Ours_UdptlSend_ObjectApi() => _sender.Send(_imageIfp);

    // In sequence through a ring of datagrams; the wrap every 4096 looks like a restart of the far end's numbering.
    [Benchmark]
    public UdptlError Ours_UdptlReceive() => _receiver.Receive(_datagrams[_next++ & (Ring - 1)], _deliver);

    [Benchmark]
    public bool Ours_UdptlDecode_ObjectApi() => UdptlCodec.TryDecode(_datagrams[0], out _, out _);
}
