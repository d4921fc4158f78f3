using System.Net;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Tests.UserAgent;

/// <summary>Our UAC against our own UAS over real UDP sockets on 127.0.0.1 (the far-end simulator's path).</summary>
public class SipUserAgentLoopbackTests
{
    static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly IPEndPoint Any = new(IPAddress.Loopback, 0);

    static SipTrunk TrunkTo(SipUserAgent uas) => new() { Name = "loop", Host = "127.0.0.1", Port = uas.LocalEndPoint.EndPoint.Port, SessionExpires = null };

    [Fact]
    public async Task Uas_rings_answers_and_receives_bye()
    {
        await using var uas = SipUserAgent.CreateUdp(Any);
        await using var uac = SipUserAgent.CreateUdp(Any);
        var answered = new TaskCompletionSource<SipCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        uas.IncomingCall += incoming =>
        {
            Assert.NotNull(incoming.Offer);
            incoming.Ring();
            var answer = SdpOfferAnswer.CreateAnswer(incoming.Offer!, new SdpOrigin("far", 9, 1, "IN", "IP4", "127.0.0.1"), SdpConnection.For(IPAddress.Loopback),
                m => new SdpMedia { Media = "audio", Port = 50000, Protocol = "RTP/AVP", Formats = { "8" } });
            answered.SetResult(incoming.Answer(answer));
        };
        var codes = new List<int>();
        var call = await uac.InviteAsync(TrunkTo(uas), "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1), c => c.Provisional += r => { lock (codes) codes.Add(r.StatusCode); }, Ct);
        var result = await call.Answer.WaitAsync(Step, Ct);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(50000, result.Answer!.AudioMedia!.Port);
        Assert.Contains(180, codes);
        var far = await answered.Task.WaitAsync(Step, Ct);
        Assert.Equal(SipCallEndReason.LocalHangUp, await call.HangUpAsync().WaitAsync(Step, Ct));
        Assert.Equal(SipCallEndReason.RemoteHangUp, await far.Completion.WaitAsync(Step, Ct));
    }

    [Fact]
    public async Task Uas_reject_reaches_the_caller_as_the_final_status()
    {
        await using var uas = SipUserAgent.CreateUdp(Any);
        await using var uac = SipUserAgent.CreateUdp(Any);
        uas.IncomingCall += incoming => incoming.Reject(486);
        var call = await uac.InviteAsync(TrunkTo(uas), "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1), null, Ct);
        Assert.Equal(486, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        Assert.Equal(SipCallEndReason.Rejected, await call.Completion.WaitAsync(Step, Ct));
    }

    [Fact]
    public async Task Caller_cancel_while_ringing_gives_487_and_the_uas_sees_cancelled()
    {
        await using var uas = SipUserAgent.CreateUdp(Any);
        await using var uac = SipUserAgent.CreateUdp(Any);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        uas.IncomingCall += incoming => { incoming.Cancelled += () => cancelled.TrySetResult(); incoming.Ring(); };
        var ringing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = await uac.InviteAsync(TrunkTo(uas), "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1),
            c => c.Provisional += r => { if (r.StatusCode == 180) ringing.TrySetResult(); }, Ct);
        await ringing.Task.WaitAsync(Step, Ct);
        Assert.Equal(SipCallEndReason.Cancelled, await call.CancelAsync().WaitAsync(Step, Ct));
        await cancelled.Task.WaitAsync(Step, Ct);
    }

    [Fact]
    public async Task T38_reinvite_from_the_caller_is_answered_by_the_uas_handler()
    {
        await using var uas = SipUserAgent.CreateUdp(Any);
        await using var uac = SipUserAgent.CreateUdp(Any);
        uas.IncomingCall += incoming =>
        {
            var far = incoming.Answer(SdpOfferAnswer.CreateAnswer(incoming.Offer!, new SdpOrigin("far", 9, 1, "IN", "IP4", "127.0.0.1"), SdpConnection.For(IPAddress.Loopback),
                m => new SdpMedia { Media = "audio", Port = 50000, Protocol = "RTP/AVP", Formats = { "0" } }));
            far.ReInviteHandler = offer => SdpOfferAnswer.CreateAnswer(offer, far.LocalSdp.Origin, SdpConnection.For(IPAddress.Loopback),
                m => m.IsT38 ? SdpOfferAnswer.CreateT38Media(50002, T38Parameters.Default.AnswerTo(T38Parameters.FromMedia(m))) : null);
        };
        var call = await uac.InviteAsync(TrunkTo(uas), "fax", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1), null, Ct);
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        var r = await call.SendReInviteAsync(SdpOfferAnswer.ReplaceAudioWithT38(call.LocalSdp, 40002, T38Parameters.Default), Ct).WaitAsync(Step, Ct);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(50002, r.Answer!.T38Media!.Port);
        Assert.Equal(2ul, call.LocalSdp.Origin.SessionVersion);
        await call.HangUpAsync().WaitAsync(Step, Ct);
    }
}
