using Gateway.Sip.Dialogs;
using Gateway.Sip.Headers;
using Gateway.Sip.Message;
using Gateway.Sip.Tests.Support;

namespace Gateway.Sip.Tests.Dialogs;

public class SipDialogTests
{
    static SipResponse OkWithRoutes(SipRequest invite, params string[] recordRoutes)
    {
        var ok = SipResponse.For(invite, 200, "remote1");
        foreach (var rr in recordRoutes) ok.AddHeader(HeaderNames.RecordRoute, rr);
        ok.AddHeader(HeaderNames.Contact, "<sip:bob@192.0.2.77:5070>");
        return ok;
    }

    [Fact]
    public void Uac_route_set_is_record_route_reversed_and_loose_routing_keeps_the_remote_target()
    {
        var invite = Messages.Invite();
        var d = SipDialog.FromUacResponse(invite, OkWithRoutes(invite, "<sip:p2.example;lr>, <sip:p1.example;lr>"), new SipUri("127.0.0.1", 5060, "gw"));
        Assert.Equal(["p1.example", "p2.example"], d.RouteSet.Select(r => r.Uri.Host));
        var bye = d.CreateRequest(SipMethod.Bye);
        Assert.Equal("sip:bob@192.0.2.77:5070", bye.RequestUri.ToString());
        Assert.Equal(["<sip:p1.example;lr>", "<sip:p2.example;lr>"], bye.GetHeaderValues(HeaderNames.Route));
        Assert.Equal("p1.example", d.NextHop.Host);
        Assert.Equal(new CSeqHeader(2, "BYE"), bye.CSeq);
        Assert.Equal("remote1", bye.To!.Tag);
        Assert.Equal("ft1", bye.From!.Tag);
    }

    [Fact]
    public void Strict_router_becomes_the_request_uri_and_the_remote_target_the_last_route()
    {
        var invite = Messages.Invite();
        var d = SipDialog.FromUacResponse(invite, OkWithRoutes(invite, "<sip:strict.example>"), new SipUri("127.0.0.1", 5060, "gw"));
        var bye = d.CreateRequest(SipMethod.Bye);
        Assert.Equal("sip:strict.example", bye.RequestUri.ToString());
        Assert.Equal(["<sip:bob@192.0.2.77:5070>"], bye.GetHeaderValues(HeaderNames.Route));
    }

    [Fact]
    public void Ack_and_cancel_reuse_the_cseq_and_target_refresh_replaces_the_remote_target()
    {
        var invite = Messages.Invite();
        var d = SipDialog.FromUacResponse(invite, OkWithRoutes(invite), new SipUri("127.0.0.1", 5060, "gw"));
        Assert.Equal(new CSeqHeader(1, "ACK"), d.CreateRequest(SipMethod.Ack, 1).CSeq);
        Assert.Empty(d.CreateRequest(SipMethod.Info).GetHeaderValues(HeaderNames.Route));
        var reinvite = d.CreateRequest(SipMethod.Invite);
        Assert.Equal("<sip:gw@127.0.0.1:5060>", reinvite.GetHeader(HeaderNames.Contact));
        var refresh = SipResponse.For(reinvite, 200);
        refresh.AddHeader(HeaderNames.Contact, "<sip:bob@192.0.2.78>");
        d.RefreshRemoteTarget(refresh);
        Assert.Equal("192.0.2.78", d.RemoteTarget.Host);
        Assert.True(d.AcceptRemoteSeq(5, false));
        Assert.False(d.AcceptRemoteSeq(5, false));
        Assert.True(d.AcceptRemoteSeq(5, true));
    }
}
