using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Gateway.Sip.Sdp;

namespace Gateway.Benchmarks.Sip;

/// <summary>
/// Parse + serialize of a typical carrier INVITE with a G.711 SDP offer (≈1 KB).
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*SipMessageBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class SipMessageBenchmarks
{
    static readonly byte[] Invite = Encoding.ASCII.GetBytes(
        "INVITE sip:+4930123456@trunk.example.net:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Gateway\" <sip:gateway@trunk.example.net>;tag=1928301774\r\n" +
        "To: <sip:+4930123456@trunk.example.net>\r\n" +
        "Call-ID: a84b4c76e66710@192.0.2.10\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:gateway@192.0.2.10:5060>\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, INFO\r\n" +
        "Supported: timer, 100rel\r\n" +
        "Session-Expires: 1800\r\n" +
        "Min-SE: 90\r\n" +
        "P-Asserted-Identity: <sip:+4930999999@trunk.example.net>\r\n" +
        "User-Agent: Gateway\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 225\r\n\r\n" +
        "v=0\r\no=gateway 4242 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n");

    readonly ArrayBufferWriter<byte> _out = new(2048);
    readonly ReadOnlyMemory<byte> _invite = Invite;

    [Benchmark(Description = "parse + serialize INVITE with SDP")]
    public int ParseAndSerialize()
    {
        SipParser.TryParse(_invite, out var m, out _);
        _out.ResetWrittenCount();
        SipSerializer.Write(m!, _out);
        return _out.WrittenCount;
    }

    [Benchmark(Description = "parse INVITE")]
    public SipMessage? Parse()
    {
        SipParser.TryParse(_invite, out var m, out _);
        return m;
    }

    [Benchmark(Description = "parse SDP body")]
    public SdpSession? ParseSdp()
    {
        SdpParser.TryParse(_invite.Span[^225..], out var s, out _);
        return s;
    }
}
