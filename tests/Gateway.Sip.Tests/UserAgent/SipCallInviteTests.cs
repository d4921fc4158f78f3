using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Tests.Support;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Tests.UserAgent;

/// <summary>Our INVITE (UAC) against a hand-played far end, in process with fake time.</summary>
public sealed class SipCallInviteTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forked_2xx_from_another_tag_is_acked_then_byed_and_the_first_dialog_stays()
    {
        await using var h = new InProcessCall();
        var call = await h.InviteAsync();
        var invite = h.LastInvite;
        h.Respond(invite, 200, "forkA", InProcessCall.FarSdp);
        h.Respond(invite, 200, "forkB", InProcessCall.FarSdp);

        var sent = h.Net.Sent.Select(s => s.Message).OfType<SipRequest>().Where(r => r.Method != SipMethod.Invite).ToList();
        Assert.Equal([SipMethod.Ack, SipMethod.Ack, SipMethod.Bye], sent.Select(r => r.Method));
        Assert.Equal("forkA", sent[0].To!.Tag);
        Assert.Equal("forkB", sent[1].To!.Tag);
        Assert.Equal("forkB", sent[2].To!.Tag);
        Assert.Equal(invite.CSeq!.Value.Number, sent[1].CSeq!.Value.Number); // §13.2.2.4: ACK carries the INVITE's CSeq
        Assert.Equal(SipCallState.Confirmed, call.State);
        Assert.Equal("forkA", call.Dialog!.RemoteTag);
    }

    [Fact]
    public async Task Cancel_waits_for_a_provisional_and_a_200_crossing_it_is_acked_then_byed()
    {
        await using var h = new InProcessCall();
        var call = await h.InviteAsync();
        var invite = h.LastInvite;
        var completion = call.CancelAsync();
        Assert.Empty(h.Net.Requests(SipMethod.Cancel)); // §9.1: not before a provisional

        h.Respond(invite, 180);
        var cancel = Assert.Single(h.Net.Requests(SipMethod.Cancel));
        Assert.Equal(invite.TopVia!.Branch, cancel.TopVia!.Branch);
        Assert.Equal($"{invite.CSeq!.Value.Number} CANCEL", cancel.GetHeader(HeaderNames.CSeq));
        Assert.Equal(invite.RequestUri.ToString(), cancel.RequestUri.ToString());

        h.Respond(invite, 200, sdp: InProcessCall.FarSdp); // the race: the far end answered before it saw the CANCEL
        h.Respond(cancel, 200);
        var ack = Assert.Single(h.Net.Requests(SipMethod.Ack));
        var bye = Assert.Single(h.Net.Requests(SipMethod.Bye));
        Assert.Equal("far1", ack.To!.Tag);
        Assert.Equal("far1", bye.To!.Tag);
        Assert.True(h.Net.Sent.FindIndex(s => s.Message == ack) < h.Net.Sent.FindIndex(s => s.Message == bye));
        h.Respond(bye, 200);
        Assert.Equal(SipCallEndReason.Cancelled, await completion.WaitAsync(Wait, Ct));
    }

    [Fact]
    public async Task Reliable_provisional_is_pracked_once_per_rseq()
    {
        await using var h = new InProcessCall();
        int early = 0;
        var call = await h.InviteAsync(attach: c => c.EarlyMedia += _ => early++);
        var invite = h.LastInvite;
        h.Respond(invite, 183, sdp: InProcessCall.FarSdp, headers: [(HeaderNames.Require, "100rel"), (HeaderNames.RSeq, "7")]);
        h.Respond(invite, 183, sdp: InProcessCall.FarSdp, headers: [(HeaderNames.Require, "100rel"), (HeaderNames.RSeq, "7")]); // retransmission

        var prack = Assert.Single(h.Net.Requests(SipMethod.Prack));
        Assert.Equal("7 1 INVITE", prack.GetHeader(HeaderNames.RAck)); // RFC 3262 §7.2
        Assert.Equal("far1", prack.To!.Tag);
        Assert.Equal(1, early);
        Assert.Equal(SipCallState.Early, call.State);

        h.Respond(invite, 183, sdp: InProcessCall.FarSdp, headers: [(HeaderNames.Require, "100rel"), (HeaderNames.RSeq, "8")]);
        Assert.Equal(2, h.Net.Requests(SipMethod.Prack).Count);
    }

    [Fact]
    public async Task Retransmitted_2xx_is_acked_again_in_accepted_and_after_timer_m_without_a_second_answer_event()
    {
        await using var h = new InProcessCall();
        int answered = 0;
        var call = await h.InviteAsync(attach: c => c.Answered += _ => answered++);
        var invite = h.LastInvite;
        var ok = h.Respond(invite, 200, sdp: InProcessCall.FarSdp);
        h.Net.Receive(ok); // RFC 6026 §7.2: still Accepted, passed up, ACKed again
        Assert.Equal(1, h.Ua.Transactions.Count); // the INVITE transaction waits in Accepted
        h.Advance(TimeSpan.FromSeconds(32)); // Timer M = 64·T1 ends the transaction
        Assert.Equal(0, h.Ua.Transactions.Count);
        h.Net.Receive(ok); // a stray retransmission after Timer M still needs its ACK (§13.2.2.4)

        var acks = h.Net.Requests(SipMethod.Ack);
        Assert.Equal(3, acks.Count);
        Assert.All(acks, a => Assert.Equal(acks[0].ToString(), a.ToString()));
        Assert.Equal(1, answered);
        Assert.Equal(SipCallState.Confirmed, call.State);
    }

    [Fact]
    public async Task Session_interval_too_small_is_retried_once_with_the_min_se()
    {
        await using var h = new InProcessCall();
        var call = await h.InviteAsync(InProcessCall.Trunk(sessionExpires: 90));
        var first = h.LastInvite;
        Assert.Equal("90", first.GetHeader(HeaderNames.SessionExpires));
        h.Respond(first, 422, headers: (HeaderNames.MinSE, "1800"));

        var invites = h.Net.Requests(SipMethod.Invite);
        Assert.Equal(2, invites.Count);
        Assert.Equal("1800", invites[1].GetHeader(HeaderNames.SessionExpires)); // RFC 4028 §7.4
        Assert.Equal(first.CSeq!.Value.Number + 1, invites[1].CSeq!.Value.Number);
        Assert.Equal(first.CallId, invites[1].CallId);
        Assert.Equal(first.From!.Tag, invites[1].From!.Tag);
        Assert.Single(h.Net.Requests(SipMethod.Ack)); // the 422 is ACKed by its transaction (§17.1.1.3)

        h.Respond(invites[1], 422, headers: (HeaderNames.MinSE, "3600"));
        Assert.Equal(422, (await call.Answer.WaitAsync(Wait, Ct)).StatusCode);
        Assert.Equal(2, h.Net.Requests(SipMethod.Invite).Count);
    }
}
