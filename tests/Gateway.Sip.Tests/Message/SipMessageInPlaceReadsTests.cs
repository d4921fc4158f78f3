using System.Reflection;
using System.Text;
using Gateway.Sip.Headers;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Gateway.Sip.Tests.Parsing;
using Gateway.Sip.Tests.Support;

namespace Gateway.Sip.Tests.Message;

/// <summary>
/// The checks and reads done on every received message without building header objects (the validator, the tags
/// and CSeq method the user agent matches on, the top Via branch of transaction matching) give exactly what the
/// object parsers give, on the RFC 4475 torture messages and on header values picked to hit each grammar rule.
/// </summary>
public class SipMessageInPlaceReadsTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in typeof(Rfc4475Fixtures).GetFields(BindingFlags.Public | BindingFlags.Static))
            if (f.GetValue(null) is string) data.Add(f.Name);
        return data;
    }

    static string Fixture(string name) => (string)typeof(Rfc4475Fixtures).GetField(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Tags_cseq_method_and_branch_read_in_place_match_the_parsed_headers(string fixture)
    {
        if (!SipParser.TryParse(Encoding.UTF8.GetBytes(Fixture(fixture)), out var m, out _)) return; // the parser's own tests cover rejects
        Assert.Equal(m!.To?.Tag, m.TagOf(HeaderNames.To));
        Assert.Equal(m.From?.Tag, m.TagOf(HeaderNames.From));
        Assert.Equal(m.CSeq?.Method, m.CSeqMethod);
        var top = m.GetHeader(HeaderNames.Via);
        if (top is not null)
        {
            int comma = HeaderText.IndexOfUnquoted(top, ',');
            var first = comma >= 0 ? top[..comma] : top;
            Assert.Equal(m.TopVia?.Branch, ViaHeader.TryGetBranch(first, out var b) ? b.ToString() : null);
        }
    }

    [Theory]
    [InlineData("<sip:a@example.com>;tag=1")]
    [InlineData("\"A \\\"B\\\"\" <sip:a@example.com;transport=tcp>;tag=x;other")]
    [InlineData("sip:a@example.com;tag=2")]
    [InlineData("sip:a@example.com;tag")]
    [InlineData("<sip:a@example.com>;TAG")]
    [InlineData("<sip:a@example.com>;tag=")]
    [InlineData("<sip:a@example.com>;;tag=1")]
    [InlineData("<sip:a@[2001:db8::1]:5070>")]
    [InlineData("<sip:a@[2001:db8::1>")]
    [InlineData("<sip:a@example.com:70000>")]
    [InlineData("<sip:%zz@example.com>")]
    [InlineData("<tel:+4930123>")]
    [InlineData("A B <sip:x@y>")]
    [InlineData("A;B <sip:x@y>")]
    [InlineData("\"unterminated <sip:x@y>")]
    [InlineData("sip:a@b?x=y")]
    [InlineData("<sip:a@b> junk")]
    [InlineData("<sip:a b@c>")]
    [InlineData("<sip:a@b;lr;x=\"q;r\">;p=\"v;w\"")]
    [InlineData("")]
    public void Name_address_checked_in_place_agrees_with_parsing(string value)
    {
        bool parsed = NameAddress.TryParse(value, out var na);
        Assert.Equal(parsed, NameAddress.IsValid(value));
        bool tagOk = parsed && na.Parameters.Items.All(p => p.Key != "tag" || p.Value is not null);
        Assert.Equal(tagOk, NameAddress.IsValid(value, tagNeedsValue: true));
        Assert.Equal(parsed ? na.Tag : null, NameAddress.TryGetParameter(value, "tag", out var tag) ? tag.ToString() : null);
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport")]
    [InlineData("SIP / 2.0 / tcp host.example ; branch = z9hG4bK2 ; received=1.2.3.4")]
    [InlineData("SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bK3")]
    [InlineData("SIP/2.0/UDP host : 5070;BRANCH=up")]
    [InlineData("SIP/2.0/UDP host;branch")]
    [InlineData("SIP/2.0/UDP host;branch=")]
    [InlineData("SIP/3.0/UDP host;branch=x")]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0/UDP host:99999;branch=x")]
    [InlineData("SIP/2.0/UDP ho st;branch=x")]
    public void Via_checked_in_place_agrees_with_parsing(string value)
    {
        bool parsed = ViaHeader.TryParse(value, out var via);
        Assert.Equal(parsed, ViaHeader.IsValid(value));
        Assert.Equal(parsed ? via.Branch : null, ViaHeader.TryGetBranch(value, out var b) ? b.ToString() : null);
    }

    [Fact]
    public void Validating_a_received_invite_allocates_nothing()
    {
        var invite = Messages.Invite();
        Assert.Null(SipMessageValidator.Validate(invite));
        var bytes = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 100; i++)
                SipMessageValidator.Validate(invite);
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Reading_tags_and_cseq_method_allocates_only_the_tag_strings()
    {
        var ok = Messages.Response(Messages.Invite(), 200);
        Assert.Equal("INVITE", ok.CSeqMethod);
        Assert.Equal("tt1", ok.TagOf(HeaderNames.To));
        var bytes = Allocations.Fewest(() =>
        {
            for (int i = 0; i < 100; i++)
                _ = ok.CSeqMethod;
        });
        Assert.Equal(0, bytes);
    }
}
