using Gateway.Sip.Transport;
using Gateway.Telephony;

namespace Gateway.Tests.Telephony;

public sealed class TrunkAddressTests
{
    [Theory]
    [InlineData("sip:127.0.0.1", "127.0.0.1", 5060, SipTransportKind.Udp)]
    [InlineData("sip:trunk.example:5080;transport=tcp", "trunk.example", 5080, SipTransportKind.Tcp)]
    [InlineData("sip:trunk.example;transport=TLS", "trunk.example", 5061, SipTransportKind.Tls)]
    [InlineData("sips:trunk.example", "trunk.example", 5061, SipTransportKind.Tls)]
    [InlineData("sip:[::1]:5070", "::1", 5070, SipTransportKind.Udp)]
    public void Parses_host_port_and_transport_with_rfc_3261_defaults(string uri, string host, int port, SipTransportKind transport)
    {
        var trunk = TrunkAddress.Parse("t", uri);

        Assert.Equal(host, trunk.Host);
        Assert.Equal(port, trunk.Port);
        Assert.Equal(transport, trunk.Transport);
        Assert.Null(trunk.Credentials);
    }

    [Theory]
    [InlineData("sip:trunk.example", true)]
    [InlineData("sips:trunk.example", true)]
    [InlineData("sip:trunk.example:5060", false)]
    [InlineData("sip:trunk.example;transport=udp", false)]
    [InlineData("sip:127.0.0.1", false)]
    [InlineData("sip:[::1]", false)]
    public void Only_a_name_without_transport_and_port_leaves_the_transport_to_dns(string uri, bool fromDns)
    {
        // RFC 3263 §4.1: a transport parameter, an explicit port or an IP literal fix the transport.
        Assert.Equal(fromDns, TrunkAddress.Parse("t", uri).TransportFromDns);
    }

    [Theory]
    [InlineData("", "no URI")]
    [InlineData("http://x", "not a SIP URI")]
    [InlineData("sip:x;transport=sctp", "unknown transport 'sctp'")]
    [InlineData("sips:x;transport=udp", "needs a reliable transport")]
    [InlineData("sip:host:99999", "not a SIP URI")]
    public void Rejects_bad_uris_with_a_message_naming_the_problem(string uri, string message)
    {
        var e = Assert.Throws<FormatException>(() => TrunkAddress.Parse("main", uri));
        Assert.Contains("trunk 'main'", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Caller_id_becomes_the_from_user_and_optionally_the_asserted_identity()
    {
        var trunk = TrunkAddress.Parse("main", "sip:10.0.0.1", "user", "secret", "+77270000000", assertIdentity: true);

        Assert.Equal("+77270000000", trunk.FromUser);
        Assert.Equal("<sip:+77270000000@10.0.0.1>", trunk.PAssertedIdentity);
        Assert.Equal("user", trunk.Credentials!.UserName);
        Assert.Throws<FormatException>(() => TrunkAddress.Parse("main", "sip:10.0.0.1", callerId: "12a"));
    }
}
