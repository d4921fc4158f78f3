using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;

namespace Gateway.Sip.Tests.Support;

public static class Messages
{
    public static SipRequest Invite(string branch = "z9hG4bKtest1") => (SipRequest)Parse(
        "INVITE sip:bob@127.0.0.1:5099 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:5060;branch={branch};rport\r\n" +
        "Max-Forwards: 70\r\nFrom: <sip:gw@127.0.0.1>;tag=ft1\r\nTo: <sip:bob@127.0.0.1>\r\n" +
        "Call-ID: call-1@127.0.0.1\r\nCSeq: 1 INVITE\r\nRoute: <sip:proxy.example;lr>\r\nContact: <sip:gw@127.0.0.1:5060>\r\nContent-Length: 0\r\n\r\n");

    public static SipRequest Options(string branch = "z9hG4bKopt1") => (SipRequest)Parse(
        "OPTIONS sip:bob@127.0.0.1:5099 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:5060;branch={branch}\r\n" +
        "Max-Forwards: 70\r\nFrom: <sip:gw@127.0.0.1>;tag=ft2\r\nTo: <sip:bob@127.0.0.1>\r\n" +
        "Call-ID: opt-1@127.0.0.1\r\nCSeq: 7 OPTIONS\r\nContent-Length: 0\r\n\r\n");

    public static SipResponse Response(SipRequest req, int code, string? toTag = "tt1") => SipResponse.For(req, code, toTag);

    public static SipMessage Parse(string s)
    {
        Assert.True(SipParser.TryParse(Encoding.UTF8.GetBytes(s), out var m, out var e), e?.ToString());
        return m!;
    }
}
