using System.Net;
using Gateway.Sip.Sdp;

namespace Gateway.Sip.Tests.Sdp;

public class SdpOfferAnswerTests
{
    static readonly IPAddress Local = IPAddress.Parse("192.0.2.50");

    [Fact]
    public void Answer_keeps_m_line_order_and_rejects_with_port_zero()
    {
        var offer = SdpOfferAnswer.CreateAudioOffer(IPAddress.Parse("192.0.2.1"), 4000, 1);
        var video = new SdpMedia { Media = "video", Port = 5000, Protocol = "RTP/AVP", Formats = { "31" } };
        offer.Media.Insert(0, video);
        offer.Media.Add(SdpOfferAnswer.CreateT38Media(6000, T38Parameters.Default));
        var answer = SdpOfferAnswer.CreateAnswer(offer, new SdpOrigin("gw", 9, 1, "IN", "IP4", "192.0.2.50"), SdpConnection.For(Local), m =>
            m.Media == "audio" ? new SdpMedia { Media = "audio", Port = 7000, Protocol = "RTP/AVP", Formats = { "0" } } : null);
        Assert.Equal(["video", "audio", "image"], answer.Media.Select(m => m.Media));
        Assert.Equal([0, 7000, 0], answer.Media.Select(m => m.Port));
        Assert.Equal("31", answer.Media[0].Formats[0]);
        Assert.Equal("t38", answer.Media[2].Formats[0]);
        Assert.Equal(SdpDirection.SendRecv, answer.Media[1].Direction);
    }

    [Fact]
    public void Answer_direction_mirrors_sendonly_and_recvonly()
    {
        Assert.Equal(SdpDirection.RecvOnly, SdpOfferAnswer.AnswerDirection(SdpDirection.SendOnly));
        Assert.Equal(SdpDirection.SendOnly, SdpOfferAnswer.AnswerDirection(SdpDirection.RecvOnly));
        Assert.Equal(SdpDirection.Inactive, SdpOfferAnswer.AnswerDirection(SdpDirection.Inactive));
    }

    [Fact]
    public void Origin_version_goes_up_by_one_only_when_the_description_changes()
    {
        var first = SdpOfferAnswer.CreateAudioOffer(Local, 4000, 77);
        var same = SdpOfferAnswer.WithVersion(first, first.Clone());
        Assert.Equal(1ul, same.Origin.SessionVersion);
        var changed = first.Clone();
        changed.Media[0].Port = 4002;
        Assert.Equal(2ul, SdpOfferAnswer.WithVersion(first, changed).Origin.SessionVersion);
    }

    [Fact]
    public void Replaces_audio_by_image_in_the_same_slot_per_rfc3264_8_3_3()
    {
        var first = SdpOfferAnswer.CreateAudioOffer(Local, 4000, 77);
        first.Media.Add(new SdpMedia { Media = "video", Port = 0, Protocol = "RTP/AVP", Formats = { "31" } });
        var t38 = SdpOfferAnswer.ReplaceAudioWithT38(first, 4002, T38Parameters.Default);
        Assert.Equal(2, t38.Media.Count);
        Assert.True(t38.Media[0].IsT38);
        Assert.Equal(4002, t38.Media[0].Port);
        Assert.Equal("video", t38.Media[1].Media);
        Assert.Equal(2ul, t38.Origin.SessionVersion);
        Assert.Equal(77ul, t38.Origin.SessionId);
    }

    [Fact]
    public void T38_answer_takes_the_lower_version_and_rate_and_the_offered_rate_management()
    {
        var ours = T38Parameters.Default with { Version = 3, FillBitRemoval = true };
        var offer = new T38Parameters { Version = 0, MaxBitRate = 9600, RateManagement = T38RateManagement.LocalTcf, ErrorCorrection = T38ErrorCorrection.Fec };
        var a = ours.AnswerTo(offer);
        Assert.Equal(0, a.Version);
        Assert.Equal(9600, a.MaxBitRate);
        Assert.Equal(T38RateManagement.LocalTcf, a.RateManagement);
        Assert.False(a.FillBitRemoval);
        Assert.Equal(T38ErrorCorrection.Redundancy, a.ErrorCorrection);
    }

    [Fact]
    public void Finds_common_audio_formats_by_rtpmap_or_static_payload_type()
    {
        var m = new SdpMedia { Formats = { "18", "8", "0", "101" }, Attributes = { new("rtpmap", "18 G729/8000"), new("rtpmap", "101 telephone-event/8000") } };
        Assert.Equal(["8", "0", "101"], SdpOfferAnswer.CommonAudioFormats(m, ["PCMU", "PCMA", "telephone-event"]));
    }
}
