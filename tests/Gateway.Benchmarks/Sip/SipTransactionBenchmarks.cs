using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Gateway.Sip.Transactions;
using Gateway.Sip.Transport;

namespace Gateway.Benchmarks.Sip;

/// <summary>
/// Transaction-layer throughput: one non-INVITE client transaction per operation (create, send through a
/// sink that serializes the request, match the parsed 200 by branch, terminate), over TCP so no timer is
/// left running (the layer's lookup, the transaction object and its timer registrations are what is measured).
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*SipTransactionBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class SipTransactionBenchmarks : IDisposable
{
    sealed class SerializingSink : ISipSender
    {
        public int Bytes;
        public void Send(SipMessage message, SipEndPoint destination) => Bytes += SipSerializer.GetLength(message);
    }

    static readonly SipEndPoint Tcp = new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, 5060));
    readonly SerializingSink _sink = new();
    SipTransactionLayer _layer = null!;
    SipRequest _options = null!;
    byte[] _ok = null!;

    [GlobalSetup]
    public void Setup()
    {
        _layer = new SipTransactionLayer(_sink, TimeProvider.System, SipTimers.Default);
        _options = Parse<SipRequest>("OPTIONS sip:carrier.example SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKbench\r\nMax-Forwards: 70\r\n" +
            "From: <sip:gw@192.0.2.10>;tag=a1\r\nTo: <sip:carrier.example>\r\nCall-ID: bench@192.0.2.10\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        _ok = Encoding.ASCII.GetBytes("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKbench\r\n" +
            "From: <sip:gw@192.0.2.10>;tag=a1\r\nTo: <sip:carrier.example>;tag=b2\r\nCall-ID: bench@192.0.2.10\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    }

    static T Parse<T>(string text) where T : SipMessage =>
        SipParser.TryParse(Encoding.ASCII.GetBytes(text), out var m, out var e) ? (T)m! : throw new InvalidOperationException(e?.ToString());

    [Benchmark(Description = "non-INVITE client transaction: send, parse 200, match, terminate")]
    public TransactionState NonInviteRoundTrip()
    {
        var tx = _layer.CreateClientNonInvite(_options, Tcp);
        tx.Start();
        SipParser.TryParse(_ok, out var r, out _);
        _layer.TryHandleResponse((SipResponse)r!);
        return tx.State;
    }

    public void Dispose() => _layer?.Dispose();
}
