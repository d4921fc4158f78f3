using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Gateway.Sip.Sdp;

namespace Gateway.Benchmarks.Sip;

/// <summary>
/// The messages of one T.38 fax call as a user agent meets them (INVITE with a G.711 offer, 200 with the answer, ACK,
/// the far end's re-INVITE to T.38 and our 200, BYE and its 200): each parsed and checked as the UDP transport does
/// (<see cref="SipParser"/> + <see cref="SipMessageValidator"/>), its SDP parsed, written back (SDP and message).
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*SipCallMessagesBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class SipCallMessagesBenchmarks
{
    const string Offer = "v=0\r\no=gateway 4242 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
    const string Answer = "v=0\r\no=far 9 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n" +
        "m=audio 50000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";
    const string T38 = "v=0\r\no=far 9 2 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\n" +
        "m=image 50002 udptl t38\r\na=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\na=T38FaxRateManagement:transferredTCF\r\n" +
        "a=T38FaxMaxBuffer:2000\r\na=T38FaxMaxDatagram:400\r\na=T38FaxUdpEC:t38UDPRedundancy\r\n";

    static string Message(string startLine, string cseq, string toTag, string branch, string? body, string extra = "") =>
        startLine + "\r\n" +
        $"Via: SIP/2.0/UDP 192.0.2.10:5060;branch={branch};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Gateway\" <sip:gateway@trunk.example.net>;tag=1928301774\r\n" +
        $"To: <sip:+4930123456@trunk.example.net>{toTag}\r\n" +
        "Call-ID: a84b4c76e66710@192.0.2.10\r\n" +
        $"CSeq: {cseq}\r\n" +
        extra +
        (body is null ? "Content-Length: 0\r\n\r\n" : $"Content-Type: application/sdp\r\nContent-Length: {body.Length}\r\n\r\n{body}");

    static readonly byte[][] Messages =
    [
        Encoding.ASCII.GetBytes(Message("INVITE sip:+4930123456@trunk.example.net SIP/2.0", "1 INVITE", "", "z9hG4bK776asdhds", Offer,
            "Contact: <sip:gateway@192.0.2.10:5060>\r\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\nSupported: timer, 100rel\r\nUser-Agent: Gateway\r\n")),
        Encoding.ASCII.GetBytes(Message("SIP/2.0 200 OK", "1 INVITE", ";tag=far1", "z9hG4bK776asdhds", Answer,
            "Contact: <sip:far@192.0.2.20:5060>\r\nRecord-Route: <sip:proxy.example.net;lr>\r\n")),
        Encoding.ASCII.GetBytes(Message("ACK sip:far@192.0.2.20:5060 SIP/2.0", "1 ACK", ";tag=far1", "z9hG4bKack1", null, "Route: <sip:proxy.example.net;lr>\r\n")),
        Encoding.ASCII.GetBytes(Message("INVITE sip:gateway@192.0.2.10:5060 SIP/2.0", "2 INVITE", ";tag=far1", "z9hG4bKfar2", T38,
            "Contact: <sip:far@192.0.2.20:5060>\r\n")),
        Encoding.ASCII.GetBytes(Message("SIP/2.0 200 OK", "2 INVITE", ";tag=far1", "z9hG4bKfar2", T38, "Contact: <sip:gateway@192.0.2.10:5060>\r\n")),
        Encoding.ASCII.GetBytes(Message("BYE sip:far@192.0.2.20:5060 SIP/2.0", "3 BYE", ";tag=far1", "z9hG4bKbye3", null, "Route: <sip:proxy.example.net;lr>\r\n")),
        Encoding.ASCII.GetBytes(Message("SIP/2.0 200 OK", "3 BYE", ";tag=far1", "z9hG4bKbye3", null)),
    ];

    readonly ArrayBufferWriter<byte> _out = new(4096);

    [Benchmark(Description = "7 messages of a T.38 call: parse, validate, SDP parse + write, serialize")]
    public int Call()
    {
        int bytes = 0;
        foreach (var data in Messages)
        {
            if (!SipParser.TryParse(new ReadOnlyMemory<byte>(data), out var m, out _) || SipMessageValidator.Validate(m!) is not null) return -1;
            if (!m!.Body.IsEmpty)
            {
                if (!SdpParser.TryParse(m.Body.Span, out var sdp, out _)) return -1;
                m.Body = SdpWriter.ToBytes(sdp!);
            }
            _out.ResetWrittenCount();
            SipSerializer.Write(m, _out);
            bytes += _out.WrittenCount;
        }
        return bytes;
    }
}
