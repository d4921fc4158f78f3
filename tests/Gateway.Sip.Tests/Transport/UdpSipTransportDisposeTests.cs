using System.Net;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Transport;

public sealed class UdpSipTransportDisposeTests
{
    [Fact]
    public async Task Sending_after_dispose_drops_the_message_instead_of_throwing_on_a_timer_thread()
    {
        var transport = new UdpSipTransport(new IPEndPoint(IPAddress.Loopback, 0));
        await transport.DisposeAsync();
        Assert.True(SipParser.TryParse("OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\nFrom: <sip:b@127.0.0.1>;tag=1\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"u8, out SipMessage? message, out _));

        var error = Record.Exception(() => transport.Send(message!, new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 9))));

        Assert.Null(error);
    }
}
