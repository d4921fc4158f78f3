using System.Globalization;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Tests.Support;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Tests.UserAgent;

/// <summary>Re-INVITEs both ways and session timers on an answered call, in process with fake time.</summary>
public sealed class SipCallInDialogTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task<SipCall> AnsweredAsync(InProcessCall h, int? sessionExpires = null, params (string, string)[] headers)
    {
        var call = await h.InviteAsync(InProcessCall.Trunk(sessionExpires));
        h.Respond(h.LastInvite, 200, sdp: InProcessCall.FarSdp, headers: headers);
        Assert.Equal(SipCallState.Confirmed, call.State);
        return call;
    }

    static SdpSession Sdp(SipMessage m)
    {
        Assert.True(SdpParser.TryParse(m.Body.Span, out var s, out var e), e?.ToString());
        return s!;
    }

    [Fact]
    public async Task As_refresher_we_reinvite_with_the_unchanged_sdp_at_half_the_interval()
    {
        await using var h = new InProcessCall();
        var call = await AnsweredAsync(h, 90, (HeaderNames.SessionExpires, "90;refresher=uac"), (HeaderNames.Require, "timer"));
        h.Advance(TimeSpan.FromSeconds(44.9));
        Assert.Single(h.Net.Requests(SipMethod.Invite));
        h.Advance(TimeSpan.FromSeconds(0.2));

        var refresh = h.Net.Requests(SipMethod.Invite)[1];
        Assert.Equal("90;refresher=uac", refresh.GetHeader(HeaderNames.SessionExpires)); // RFC 4028 §7.4
        Assert.Equal(call.LocalSdp.Origin.SessionVersion, Sdp(refresh).Origin.SessionVersion); // no media change
        h.Respond(refresh, 200, sdp: InProcessCall.FarSdp);
        await InProcessCall.UntilAsync(() => h.Net.Requests(SipMethod.Ack).Exists(a => a.CSeq!.Value.Number == refresh.CSeq!.Value.Number));
        Assert.Empty(h.Net.Requests(SipMethod.Bye));
    }

    [Fact]
    public async Task When_the_far_end_refreshes_we_send_bye_if_its_refresh_does_not_come()
    {
        await using var h = new InProcessCall();
        var call = await AnsweredAsync(h, 90, (HeaderNames.SessionExpires, "90;refresher=uas"), (HeaderNames.Require, "timer"));
        h.Advance(TimeSpan.FromSeconds(30));
        // Their refresh: same o= version, so it is answered with our SDP without the re-INVITE handler.
        h.FarRequest(call, SipMethod.Invite, InProcessCall.FarSdp, headers: [(HeaderNames.SessionExpires, "90;refresher=uac"), (HeaderNames.Supported, "timer")]);
        var ok = Assert.Single(h.Net.Responses(200));
        Assert.Equal(call.LocalSdp.Origin.SessionVersion, Sdp(ok).Origin.SessionVersion);
        Assert.Equal("90;refresher=uac", ok.GetHeader(HeaderNames.SessionExpires));
        Assert.Equal("timer", ok.GetHeader(HeaderNames.Require));
        h.FarRequest(call, SipMethod.Ack, cseq: h.LastFarCSeq);

        h.Advance(TimeSpan.FromSeconds(59.9)); // 90 − min(32, 90/3) = 60 s after the refresh (RFC 4028 §10)
        Assert.Empty(h.Net.Requests(SipMethod.Bye));
        h.Advance(TimeSpan.FromSeconds(0.2));
        var bye = Assert.Single(h.Net.Requests(SipMethod.Bye));
        h.Respond(bye, 200);
        Assert.Equal(SipCallEndReason.DialogLost, await call.Completion.WaitAsync(Wait, Ct));
    }

    [Fact]
    public async Task Our_reinvite_answered_491_is_retried_between_2_1_and_4_seconds_later()
    {
        await using var h = new InProcessCall();
        var call = await AnsweredAsync(h);
        var t38 = SdpOfferAnswer.ReplaceAudioWithT38(call.LocalSdp, 40002, T38Parameters.Default);
        var result = call.SendReInviteAsync(t38, Ct);
        var first = h.Net.Requests(SipMethod.Invite)[1];
        h.Respond(first, 491);
        await Task.Delay(200, Ct); // the retry's fake-time delay is armed on the thread pool

        h.Advance(TimeSpan.FromMilliseconds(2090)); // §14.1: we own the Call-ID → 2.1–4 s
        await Task.Delay(200, Ct);
        Assert.Equal(2, h.Net.Requests(SipMethod.Invite).Count);
        h.Advance(TimeSpan.FromMilliseconds(1910));
        // Sent by 4.0 s (Timer A may already have retransmitted it while the fake clock ran on).
        await InProcessCall.UntilAsync(() => h.Net.Requests(SipMethod.Invite).Count >= 3);

        var retry = h.Net.Requests(SipMethod.Invite)[2];
        Assert.Equal(first.CSeq!.Value.Number + 1, retry.CSeq!.Value.Number);
        Assert.NotNull(Sdp(retry).T38Media);
        h.Respond(retry, 200, sdp: InProcessCall.FarSdp);
        Assert.Equal(200, (await result.WaitAsync(Wait, Ct)).StatusCode);
    }

    [Fact]
    public async Task Their_reinvite_while_ours_is_pending_gets_491()
    {
        await using var h = new InProcessCall();
        var call = await AnsweredAsync(h);
        _ = call.SendReInviteAsync(call.LocalSdp, Ct);
        h.FarRequest(call, SipMethod.Invite, InProcessCall.FarSdp);
        var r = Assert.Single(h.Net.Responses(491)); // §14.2
        Assert.Equal(h.LastFarCSeq, r.CSeq!.Value.Number);
    }

    [Fact]
    public async Task Offerless_reinvite_gets_our_sdp_as_offer_and_a_second_one_before_the_ack_gets_500_with_retry_after()
    {
        await using var h = new InProcessCall();
        var call = await AnsweredAsync(h);
        SdpSession? changed = null;
        call.RemoteSdpChanged += s => changed = s;

        h.FarRequest(call, SipMethod.Invite);
        uint offerless = h.LastFarCSeq;
        var ok = Assert.Single(h.Net.Responses(200));
        Assert.Equal(SdpWriter.ToBytes(call.LocalSdp), ok.Body.ToArray()); // our current SDP is the offer (§14.2)

        h.FarRequest(call, SipMethod.Invite, InProcessCall.FarSdp);
        var busy = Assert.Single(h.Net.Responses(500));
        int retryAfter = int.Parse(busy.GetHeader(HeaderNames.RetryAfter)!, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 0, 10);

        var answer = InProcessCall.FarSdp.Replace("o=far 9 1", "o=far 9 2", StringComparison.Ordinal).Replace("50000", "50010", StringComparison.Ordinal);
        h.FarRequest(call, SipMethod.Ack, answer, cseq: offerless);
        Assert.NotNull(changed);
        Assert.Equal(50010, changed!.AudioMedia!.Port);
        Assert.Equal(50010, call.RemoteSdp!.AudioMedia!.Port);
    }
}
