using System.Net;
using System.Text;
using Gateway.Sip.Sdp;

namespace Gateway.Sip.Tests.Sdp;

public class SdpParserTests
{
    const string AudioOffer =
        "v=0\r\no=- 4711 1 IN IP4 192.0.2.10\r\ns=call\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendonly\r\n";

    static SdpSession Parse(string s)
    {
        Assert.True(SdpParser.TryParse(Encoding.UTF8.GetBytes(s), out var sdp, out var err), err?.ToString());
        return sdp!;
    }

    [Fact]
    public void Parses_audio_offer_with_rtpmap_fmtp_ptime_and_direction()
    {
        var s = Parse(AudioOffer);
        Assert.Equal(4711ul, s.Origin.SessionId);
        Assert.Equal("192.0.2.10", s.Connection!.Address);
        var m = Assert.Single(s.Media);
        Assert.Equal(["8", "0", "101"], m.Formats);
        Assert.Equal("PCMA/8000", m.RtpMap("8"));
        Assert.Equal("0-15", m.Fmtp("101"));
        Assert.Equal(20, m.Ptime);
        Assert.Equal(SdpDirection.SendOnly, m.Direction);
        Assert.Equal(AudioOffer, SdpWriter.Write(s));
    }

    [Fact]
    public void Media_connection_overrides_session_connection_and_lf_lines_are_accepted()
    {
        var s = Parse("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 4000 RTP/AVP 0\nc=IN IP6 2001:db8::5\n");
        Assert.True(s.Connection!.IsLegacyHold);
        Assert.Equal("2001:db8::5", s.ConnectionFor(s.Media[0])!.Address);
    }

    [Theory]
    [InlineData("o=- 1 1 IN IP4 h\r\n", 1)]
    [InlineData("v=0\r\nm=audio 1 RTP/AVP 0\r\n", 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\nm=audio 70000 RTP/AVP 0\r\n", 3)]
    [InlineData("v=0\r\no=- x 1 IN IP4 h\r\n", 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\nbogus\r\n", 3)]
    [InlineData("", 1)]
    [InlineData("\r\n\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h extra\r\n", 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\nc=IN IP4\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\nc=IN IP4 h x\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\nm=audio 4000/x RTP/AVP 0\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\nm=audio 4000\r\n", 3)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\na= :x\r\n", 3)]
    [InlineData("v= 1\r\n", 1)]
    public void Rejects_malformed_sdp_with_line_number(string text, int line)
    {
        Assert.False(SdpParser.TryParse(text, out var s, out var err));
        Assert.Null(s);
        Assert.Equal(line, err!.LineNumber);
    }

    [Fact]
    public void Reads_fields_split_by_runs_of_spaces_and_keeps_every_line_kind()
    {
        var s = Parse("v= 0 \r\no=alice  123456789012345678901234   7  IN IP4  192.0.2.7\r\ns=\r\ni=info\r\nc=IN  IP4 192.0.2.7\r\n" +
            "b=AS:64\r\nt=0 0\r\nr=7d 1h 0 25h\r\na=recvonly\r\nm=audio  4000/2  RTP/AVP  0   8\r\ni=media info\r\n" +
            "b=TIAS:64000\r\na= rtpmap : 0 PCMU/8000 \r\na=ptime:20\r\n");
        Assert.Equal(new SdpOrigin("alice", 6789012345678901234ul, 7ul, "IN", "IP4", "192.0.2.7"), s.Origin);
        Assert.Equal("", s.SessionName);
        Assert.Equal(["i=info", "r=7d 1h 0 25h"], s.OtherLines);
        Assert.Equal(new SdpConnection("IN", "IP4", "192.0.2.7"), s.Connection);
        Assert.Equal(["AS:64"], s.Bandwidths);
        Assert.Equal("0 0", s.Timing);
        Assert.Equal([new SdpAttribute("recvonly", null)], s.Attributes);
        var m = Assert.Single(s.Media);
        Assert.Equal(("audio", 4000, 2, "RTP/AVP"), (m.Media, m.Port, m.PortCount, m.Protocol));
        Assert.Equal(["0", "8"], m.Formats);
        Assert.Equal(["i=media info"], m.OtherLines);
        Assert.Equal(["TIAS:64000"], m.Bandwidths);
        Assert.Equal([new SdpAttribute("rtpmap", "0 PCMU/8000"), new SdpAttribute("ptime", "20")], m.Attributes);
        Assert.Equal("v=0\r\no=alice 6789012345678901234 7 IN IP4 192.0.2.7\r\ns=-\r\ni=info\r\nc=IN IP4 192.0.2.7\r\nb=AS:64\r\nt=0 0\r\n" +
            "r=7d 1h 0 25h\r\na=recvonly\r\nm=audio 4000/2 RTP/AVP 0 8\r\ni=media info\r\nb=TIAS:64000\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n",
            SdpWriter.Write(s));
        Assert.Equal(Encoding.UTF8.GetBytes(SdpWriter.Write(s)), SdpWriter.ToBytes(s));
    }

    [Fact]
    public void Reads_every_t38_attribute_in_canonical_form()
    {
        var s = Parse("v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=image 5004 udptl t38\r\n" +
            "a=T38FaxVersion:2\r\na=T38MaxBitRate:9600\r\na=T38FaxFillBitRemoval\r\na=T38FaxTranscodingMMR\r\na=T38FaxTranscodingJBIG\r\n" +
            "a=T38FaxRateManagement:localTCF\r\na=T38FaxMaxBuffer:1800\r\na=T38FaxMaxDatagram:150\r\na=T38FaxUdpEC:t38UDPFEC\r\n");
        var p = T38Parameters.FromMedia(s.T38Media!);
        Assert.Equal(new T38Parameters
        {
            Version = 2,
            MaxBitRate = 9600,
            FillBitRemoval = true,
            TranscodingMmr = true,
            TranscodingJbig = true,
            RateManagement = T38RateManagement.LocalTcf,
            MaxBuffer = 1800,
            MaxDatagram = 150,
            ErrorCorrection = T38ErrorCorrection.Fec,
        }, p);
    }

    [Fact]
    public void Reads_real_world_t38_variants_flags_as_digits_aliases_any_case_and_rejected_audio_first()
    {
        // FreeSWITCH-style: m=audio 0 before m=image and ":0"/":1" booleans; Asterisk aliases.
        var s = Parse("v=0\r\no=FreeSWITCH 1 3 IN IP4 192.0.2.7\r\ns=FreeSWITCH\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\n" +
            "m=audio 0 RTP/AVP 0\r\nm=image 16000 udptl t38\r\na=t38faxversion:0\r\na=T38FaxMaxRate:14400\r\n" +
            "a=T38FaxFillBitRemoval:0\r\na=T38FaxTranscodingMMR:1\r\na=T38FaxRateManagement:transferredTCF\r\n" +
            "a=T38MaxDatagram:400\r\na=T38FaxUdpEC:t38UDPRedundancy\r\n");
        var t38 = s.T38Media!;
        Assert.Equal(16000, t38.Port);
        var p = T38Parameters.FromMedia(t38);
        Assert.Equal(0, p.Version);
        Assert.Equal(14400, p.MaxBitRate);
        Assert.False(p.FillBitRemoval);
        Assert.True(p.TranscodingMmr);
        Assert.Equal(400, p.MaxDatagram);
        Assert.Equal(T38ErrorCorrection.Redundancy, p.ErrorCorrection);
        Assert.Null(s.AudioMedia);
    }

    [Fact]
    public void Missing_t38_version_means_version_zero_and_writes_bare_flags()
    {
        var m = SdpOfferAnswer.CreateT38Media(6000, new T38Parameters { Version = 0, FillBitRemoval = true, MaxBuffer = 1800, MaxDatagram = 400 });
        var text = SdpWriter.Write(new SdpSession { Media = { } }.Also(x => x.Media.Add(m)));
        Assert.Contains("m=image 6000 udptl t38\r\na=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\na=T38FaxFillBitRemoval\r\na=T38FaxRateManagement:transferredTCF\r\na=T38FaxMaxBuffer:1800\r\na=T38FaxMaxDatagram:400\r\na=T38FaxUdpEC:t38UDPRedundancy\r\n", text);
        var noVersion = new SdpMedia { Media = "image", Protocol = "udptl", Formats = { "t38" }, Attributes = { new("T38FaxRateManagement", "transferredTCF") } };
        Assert.Equal(0, T38Parameters.FromMedia(noVersion).Version);
    }
}

static class Extensions
{
    public static T Also<T>(this T x, Action<T> a) { a(x); return x; }
}
