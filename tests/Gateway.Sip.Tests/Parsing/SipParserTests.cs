using System.Text;
using Gateway.Sip.Headers;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;

namespace Gateway.Sip.Tests.Parsing;

public class SipParserTests
{
    static SipMessage ParseValid(string text)
    {
        Assert.True(SipParser.TryParse(Encoding.UTF8.GetBytes(text), out var m, out var err), err?.ToString());
        Assert.Null(SipMessageValidator.Validate(m!));
        return m!;
    }

    static SipParseError ParseInvalid(string text)
    {
        if (!SipParser.TryParse(Encoding.UTF8.GetBytes(text), out var m, out var err)) { Assert.Null(m); return err!; }
        var v = SipMessageValidator.Validate(m!);
        Assert.NotNull(v);
        return v!;
    }

    [Fact]
    public void Parses_the_short_tortuous_invite_with_folding_and_compact_forms()
    {
        var m = (SipRequest)ParseValid(Rfc4475Fixtures.Wsinv);
        Assert.Equal("INVITE", m.Method);
        Assert.Equal("chair-dnrc.example.com", m.RequestUri.Host);
        Assert.True(m.RequestUri.Parameters.Contains("unknownparam"));
        Assert.Equal("1918181833n", m.To!.Tag);
        Assert.Equal("98asjd8", m.From!.Tag);
        Assert.Equal("J Rosenberg \\\"", m.From.DisplayName);
        Assert.Equal(new CSeqHeader(9, "INVITE"), m.CSeq);
        var vias = m.Vias;
        Assert.Equal(3, vias.Count);
        Assert.Equal("UDP", vias[0].Transport);
        Assert.Equal("192.0.2.2", vias[0].Host);
        Assert.Equal("TCP", vias[1].Transport);
        Assert.Equal("z9hG4bK9ikj8", vias[1].Branch);
        Assert.Equal("z9hG4bK30239", vias[2].Branch);
        Assert.Equal("newfangled value continued newfangled value", m.GetHeader("NewFangledHeader"));
        Assert.Equal("", m.GetHeader("Subject"));
        var contact = NameAddress.Parse(m.GetHeader("Contact")!);
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("0.33", contact.Parameters.Get("q"));
        Assert.Equal(150, m.Body.Length);
        Assert.True(NameAddress.Parse(m.GetHeader("Route")!).Uri.IsLooseRouter);
    }

    [Fact]
    public void Parses_escaped_user_parts_and_semicolons_in_user()
    {
        var esc = (SipRequest)ParseValid(Rfc4475Fixtures.Esc01);
        Assert.Equal("sips%3Auser%40example.com", esc.RequestUri.User);
        Assert.Equal("application/sdp", esc.ContentType);
        var semi = (SipRequest)ParseValid(Rfc4475Fixtures.Semiuri);
        Assert.Equal("user;par=u%40example.net", semi.RequestUri.User);
        Assert.Equal(6, semi.GetHeaderValues("Accept").Count);
    }

    [Fact]
    public void Accepts_display_name_without_space_utf8_reason_and_empty_reason()
    {
        Assert.Equal("caller", ParseValid(Rfc4475Fixtures.Lwsdisp).From!.DisplayName);
        var r = (SipResponse)ParseValid(Rfc4475Fixtures.Unreason);
        Assert.Equal(200, r.StatusCode);
        Assert.StartsWith("= 2**3 * 5**2 но", r.ReasonPhrase, StringComparison.Ordinal);
        var n = (SipResponse)ParseValid(Rfc4475Fixtures.Noreason);
        Assert.Equal(100, n.StatusCode);
        Assert.Equal("", n.ReasonPhrase);
    }

    [Fact]
    public void Parses_ipv6_references_in_uri_via_and_contact()
    {
        var m = (SipRequest)ParseValid(Rfc4475Fixtures.Ipv6);
        Assert.Equal("[2001:db8::10]", m.RequestUri.Host);
        Assert.Equal("2001:db8::10", m.RequestUri.HostWithoutBrackets);
        var via = m.TopVia!;
        Assert.Equal("[2001:db8::9:1]", via.Host);
        Assert.Equal(5060, via.Port);
        Assert.True(via.Parameters.Contains("rport"));
        Assert.Null(via.RPort);
        Assert.Equal("[2001:db8::1]", NameAddress.Parse(m.GetHeader("m")!).Uri.Host);
    }

    [Theory]
    [InlineData(nameof(Rfc4475Fixtures.Clerr), SipParseErrorKind.BodyTruncated)]
    [InlineData(nameof(Rfc4475Fixtures.Scalar02), SipParseErrorKind.BadHeaderValue)]
    [InlineData(nameof(Rfc4475Fixtures.Scalarlg), SipParseErrorKind.BadStatusCode)]
    [InlineData(nameof(Rfc4475Fixtures.Quotbal), SipParseErrorKind.BadHeaderValue)]
    [InlineData(nameof(Rfc4475Fixtures.Ltgtruri), SipParseErrorKind.BadRequestUri)]
    [InlineData(nameof(Rfc4475Fixtures.Lwsruri), SipParseErrorKind.BadRequestUri)]
    [InlineData(nameof(Rfc4475Fixtures.Lwsstart), SipParseErrorKind.BadStartLine)]
    [InlineData(nameof(Rfc4475Fixtures.Escruri), SipParseErrorKind.BadHeaderValue)]
    [InlineData(nameof(Rfc4475Fixtures.Badaspec), SipParseErrorKind.BadHeaderValue)]
    [InlineData(nameof(Rfc4475Fixtures.Baddn), SipParseErrorKind.BadHeaderValue)]
    [InlineData(nameof(Rfc4475Fixtures.Badvers), SipParseErrorKind.UnsupportedVersion)]
    [InlineData(nameof(Rfc4475Fixtures.Mismatch01), SipParseErrorKind.CSeqMethodMismatch)]
    [InlineData(nameof(Rfc4475Fixtures.Insuf), SipParseErrorKind.MissingHeader)]
    [InlineData(nameof(Rfc4475Fixtures.Mcl01), SipParseErrorKind.BadContentLength)]
    public void Rejects_invalid_torture_messages_with_a_typed_error(string fixture, SipParseErrorKind expected)
    {
        var text = (string)typeof(Rfc4475Fixtures).GetField(fixture)!.GetValue(null)!;
        var err = ParseInvalid(text);
        Assert.Equal(expected, err.Kind);
        Assert.True(err.LineNumber >= 1);
    }

    [Fact]
    public void Error_names_the_offending_line()
    {
        var err = ParseInvalid(Rfc4475Fixtures.Scalar02);
        Assert.Equal(5, err.LineNumber);
        Assert.Equal("CSeq: 36893488147419103232 REGISTER", err.Line);
        Assert.Equal(400, err.SuggestedStatus);
        Assert.Equal(505, ParseInvalid(Rfc4475Fixtures.Badvers).SuggestedStatus);
    }

    [Fact]
    public void Serializes_parsed_message_with_canonical_names_and_recomputed_content_length()
    {
        var m = ParseValid(Rfc4475Fixtures.Lwsdisp);
        var text = m.ToString();
        Assert.Equal(
            "OPTIONS sip:user@example.com SIP/2.0\r\nTo: sip:user@example.com\r\nFrom: caller<sip:caller@example.com>;tag=323\r\n" +
            "Max-Forwards: 70\r\nCall-ID: lwsdisp.1234abcd@funky.example.com\r\nCSeq: 60 OPTIONS\r\n" +
            "Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw\r\nContent-Length: 0\r\n\r\n", text);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), SipSerializer.GetLength(m));
    }

    [Fact]
    public void Round_trips_the_tortuous_invite_to_an_equivalent_message()
    {
        var m = ParseValid(Rfc4475Fixtures.Wsinv);
        var again = ParseValid(m.ToString());
        Assert.Equal(m.Headers.Where(h => h.Key != "Content-Length"), again.Headers.Where(h => h.Key != "Content-Length"));
        Assert.Equal("150", again.GetHeader("l"));
        Assert.Equal(m.Body.ToArray(), again.Body.ToArray());
    }

    [Fact]
    public void Datagram_without_content_length_takes_the_rest_and_stream_requires_it()
    {
        var text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\nabc";
        Assert.True(SipParser.TryParse(Encoding.ASCII.GetBytes(text), out var m, out _));
        Assert.Equal("abc"u8.ToArray(), m!.Body.ToArray());
        Assert.False(SipParser.TryParse(Encoding.ASCII.GetBytes(text), out _, out var e, datagram: false));
        Assert.Equal(SipParseErrorKind.BadContentLength, e!.Kind);
    }

    [Fact]
    public void Frames_stream_messages_by_content_length()
    {
        var one = "\r\nOPTIONS sip:a@b SIP/2.0\r\nl: 3\r\n\r\nxyz"u8.ToArray();
        Assert.Equal(one.Length, SipParser.FrameLength(one));
        Assert.Equal(0, SipParser.FrameLength(one.AsSpan(0, one.Length - 1)));
        Assert.Equal(-1, SipParser.FrameLength("OPTIONS sip:a@b SIP/2.0\r\nl: x\r\n\r\n"u8));
    }

    [Fact]
    public void Empty_and_truncated_input_give_typed_errors()
    {
        Assert.False(SipParser.TryParse(ReadOnlySpan<byte>.Empty, out _, out var e1));
        Assert.Equal(SipParseErrorKind.Empty, e1!.Kind);
        Assert.False(SipParser.TryParse("INVITE sip:a@b SIP/2.0\r\nVia: x"u8, out _, out var e2));
        Assert.Equal(SipParseErrorKind.Incomplete, e2!.Kind);
    }
}
