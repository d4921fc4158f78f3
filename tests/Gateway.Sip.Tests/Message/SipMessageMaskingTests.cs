using Gateway.Sip.Message;
using Gateway.Sip.Tests.Support;

namespace Gateway.Sip.Tests.Message;

public sealed class SipMessageMaskingTests
{
    const string Credentials = "Digest username=\"alice\", realm=\"carrier.example\", nonce=\"n0nc3secret\", uri=\"sip:+4930123@carrier.example\", " +
        "response=\"6629fae49393a05397450978507c4ef1\", algorithm=SHA-256, cnonce=\"c0nc3\", qop=auth, nc=00000001, opaque=\"0p4qu3\"";

    [Fact]
    public void Authorization_and_proxy_authorization_keep_only_scheme_username_and_realm()
    {
        var m = Messages.Parse(
            "INVITE sip:+4930123@carrier.example SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKm\r\nFrom: <sip:gw@127.0.0.1>;tag=1\r\n" +
            "To: <sip:+4930123@carrier.example>\r\nCall-ID: mask@127.0.0.1\r\nCSeq: 2 INVITE\r\nMax-Forwards: 70\r\n" +
            $"Authorization: {Credentials}\r\nProxy-Authorization: {Credentials}\r\nContent-Length: 0\r\n\r\n");

        var text = SipMessageMasking.ToLogText(m);

        foreach (var secret in new[] { "n0nc3secret", "6629fae49393a05397450978507c4ef1", "c0nc3", "0p4qu3" }) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("Digest username=\"alice\", realm=\"carrier.example\", credentials=***").Length - 1);
        Assert.Contains("Call-ID: mask@127.0.0.1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_in_a_uri_is_masked_everywhere()
    {
        var m = Messages.Parse(
            "REGISTER sip:bob:hunter2@carrier.example SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKp\r\nFrom: <sip:bob:hunter2@carrier.example>;tag=1\r\n" +
            "To: <sip:bob@carrier.example>\r\nContact: <sip:bob@127.0.0.1:5060>\r\nCall-ID: p@127.0.0.1\r\nCSeq: 1 REGISTER\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");

        var text = SipMessageMasking.ToLogText(m);

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("REGISTER sip:bob:***@carrier.example SIP/2.0", text, StringComparison.Ordinal);
        Assert.Contains("<sip:bob@127.0.0.1:5060>", text, StringComparison.Ordinal);
    }
}
