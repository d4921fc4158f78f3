using System.Net;
using Gateway.Sip.Auth;
using Gateway.Sip.Sdp;
using Gateway.Sip.Tests.Support;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.Sip.Tests.Interop;

/// <summary>Our UAC against the real sipp UAS on 127.0.0.1 (scenarios in Interop/Scenarios).</summary>
public class SippUacInteropTests
{
    static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static SdpSession Offer() => SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 4242);

    static SipTrunk Trunk(SippProcess sipp, DigestCredentials? cred = null) =>
        new() { Name = "sipp", Host = "127.0.0.1", Port = sipp.Port, FromUser = "gateway", Credentials = cred };

    static async Task<SipCall> CallAsync(SipUserAgent ua, SippProcess sipp, DigestCredentials? cred = null, Action<SipCall>? attach = null) =>
        await ua.InviteAsync(Trunk(sipp, cred), "fax", Offer(), attach, Ct);

    static async Task AssertSippPassed(SippProcess sipp)
    {
        int code = await sipp.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(code == 0, "sipp failed:\n" + sipp.Log);
    }

    static SipUserAgent NewUa(out CountingTransport transport)
    {
        transport = new CountingTransport(new UdpSipTransport(new IPEndPoint(IPAddress.Loopback, 0)));
        return new SipUserAgent(transport);
    }

    [Fact]
    public async Task Answered_call_with_audio_gets_the_answer_sdp_and_ends_with_bye()
    {
        await using var sipp = await SippProcess.StartUasAsync("answer_audio.xml");
        await using var ua = NewUa(out _);
        var call = await CallAsync(ua, sipp);
        var provisional = new List<int>();
        call.Provisional += r => { lock (provisional) provisional.Add(r.StatusCode); };
        var result = await call.Answer.WaitAsync(Step, Ct);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(sipp.MediaPort, result.Answer!.AudioMedia!.Port);
        Assert.Equal("PCMU/8000", result.Answer.AudioMedia.RtpMap("0"));
        Assert.Equal(SipCallState.Confirmed, call.State);
        Assert.Equal(SipCallEndReason.LocalHangUp, await call.HangUpAsync().WaitAsync(Step, Ct));
        await AssertSippPassed(sipp);
    }

    [Fact]
    public async Task Busy_486_is_reported_and_acked()
    {
        await using var sipp = await SippProcess.StartUasAsync("busy.xml");
        await using var ua = NewUa(out var t);
        var call = await CallAsync(ua, sipp);
        Assert.Equal(486, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        Assert.Equal(SipCallEndReason.Rejected, await call.Completion.WaitAsync(Step, Ct));
        await AssertSippPassed(sipp);
        Assert.Contains("ACK", t.Sent);
    }

    [Fact]
    public async Task Ringing_call_is_cancelled_and_ends_with_487()
    {
        await using var sipp = await SippProcess.StartUasAsync("ring_no_answer.xml");
        await using var ua = NewUa(out _);
        var ringing = new TaskCompletionSource();
        var call = await CallAsync(ua, sipp, attach: c => c.Provisional += r => { if (r.StatusCode == 180) ringing.TrySetResult(); });
        await ringing.Task.WaitAsync(Step, Ct);
        Assert.Equal(SipCallEndReason.Cancelled, await call.CancelAsync().WaitAsync(Step, Ct));
        Assert.Equal(487, (await call.Answer).StatusCode);
        await AssertSippPassed(sipp);
    }

    [Fact]
    public async Task Www_authentication_with_md5_digest_is_answered_and_verified_by_sipp()
    {
        await using var sipp = await SippProcess.StartUasAsync("auth_401.xml");
        await using var ua = NewUa(out _);
        var call = await CallAsync(ua, sipp, new DigestCredentials("faxuser", "s3cret"));
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode); // sipp answers 403 if verifyauth fails
        await call.HangUpAsync().WaitAsync(Step, Ct);
        await AssertSippPassed(sipp);
    }

    [Fact]
    public async Task Proxy_authentication_407_is_answered_with_proxy_authorization()
    {
        await using var sipp = await SippProcess.StartUasAsync("auth_407.xml");
        await using var ua = NewUa(out _);
        var call = await CallAsync(ua, sipp, new DigestCredentials("faxuser", "s3cret"));
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode); // sipp answers 403 if verifyauth fails
        await call.HangUpAsync().WaitAsync(Step, Ct);
        await AssertSippPassed(sipp);
    }

    [Fact]
    public async Task Early_media_sdp_from_183_is_raised_before_the_answer()
    {
        await using var sipp = await SippProcess.StartUasAsync("early_media.xml");
        await using var ua = NewUa(out _);
        var early = new TaskCompletionSource<SdpSession>();
        var call = await CallAsync(ua, sipp, attach: c => c.EarlyMedia += s => early.TrySetResult(s));
        var earlySdp = await early.Task.WaitAsync(Step, Ct);
        Assert.Equal(sipp.MediaPort, earlySdp.AudioMedia!.Port);
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        await call.HangUpAsync().WaitAsync(Step, Ct);
        await AssertSippPassed(sipp);
    }

    [Fact]
    public async Task Far_end_reinvite_to_t38_is_offered_to_the_handler_and_answered()
    {
        await using var sipp = await SippProcess.StartUasAsync("far_reinvite_t38.xml");
        await using var ua = NewUa(out _);
        var call = await CallAsync(ua, sipp);
        var changed = new TaskCompletionSource<SdpSession>();
        call.ReInviteHandler = offer =>
        {
            var t38 = offer.T38Media!;
            Assert.Equal(T38RateManagement.TransferredTcf, T38Parameters.FromMedia(t38).RateManagement);
            return SdpOfferAnswer.CreateAnswer(offer, call.LocalSdp.Origin, call.LocalSdp.Connection!,
                m => m.IsT38 ? SdpOfferAnswer.CreateT38Media(40002, T38Parameters.Default.AnswerTo(T38Parameters.FromMedia(m))) : null);
        };
        call.RemoteSdpChanged += s => changed.TrySetResult(s);
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        var remote = await changed.Task.WaitAsync(Step, Ct);
        Assert.Equal(sipp.MediaPort, remote.T38Media!.Port);
        Assert.True(call.LocalSdp.Media[0].IsT38);
        Assert.Equal(2ul, call.LocalSdp.Origin.SessionVersion);
        await Task.Delay(200, Ct);
        await call.HangUpAsync().WaitAsync(Step, Ct);
        await AssertSippPassed(sipp);
    }

    [Fact]
    public async Task Our_t38_reinvite_rejected_with_488_keeps_the_audio_session()
    {
        await using var sipp = await SippProcess.StartUasAsync("reject_t38_488.xml");
        await using var ua = NewUa(out _);
        var call = await CallAsync(ua, sipp);
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        var audio = call.LocalSdp;
        var r = await call.SendReInviteAsync(SdpOfferAnswer.ReplaceAudioWithT38(call.LocalSdp, 40002, T38Parameters.Default), Ct).WaitAsync(Step, Ct);
        Assert.Equal(488, r.StatusCode);
        Assert.Same(audio, call.LocalSdp);
        Assert.Equal(SipCallState.Confirmed, call.State);
        await call.HangUpAsync().WaitAsync(Step, Ct);
        await AssertSippPassed(sipp);
    }

    [Fact]
    public async Task Reinvite_answered_491_is_retried_after_a_random_delay_and_succeeds()
    {
        await using var sipp = await SippProcess.StartUasAsync("glare_491.xml");
        await using var ua = NewUa(out _);
        var call = await CallAsync(ua, sipp);
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = await call.SendReInviteAsync(SdpOfferAnswer.ReplaceAudioWithT38(call.LocalSdp, 40002, T38Parameters.Default), Ct).WaitAsync(Step, Ct);
        Assert.Equal(200, r.StatusCode);
        Assert.InRange(sw.Elapsed.TotalSeconds, 2.1, 6);
        Assert.NotNull(r.Answer!.T38Media);
        await call.HangUpAsync().WaitAsync(Step, Ct);
        await AssertSippPassed(sipp);
    }

    [Fact]
    public async Task Session_interval_too_small_422_is_retried_with_the_min_se()
    {
        await using var sipp = await SippProcess.StartUasAsync("session_interval_422.xml");
        await using var ua = NewUa(out var t);
        var call = await ua.InviteAsync(Trunk(sipp) with { SessionExpires = 90 }, "fax", Offer(), null, Ct);
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        await call.HangUpAsync().WaitAsync(Step, Ct);
        await AssertSippPassed(sipp);
        Assert.Equal(2, t.Sent.Count(s => s == "INVITE"));
    }

    [Fact]
    public async Task Far_end_bye_ends_the_call()
    {
        await using var sipp = await SippProcess.StartUasAsync("far_bye.xml");
        await using var ua = NewUa(out _);
        bool bye = false;
        var call = await CallAsync(ua, sipp, attach: c => c.ByeReceived += () => bye = true);
        Assert.Equal(SipCallEndReason.RemoteHangUp, await call.Completion.WaitAsync(Step, Ct));
        Assert.True(bye);
        await AssertSippPassed(sipp);
    }

    [Fact]
    public async Task Unanswered_invite_is_retransmitted_and_each_retransmitted_200_is_acked()
    {
        await using var sipp = await SippProcess.StartUasAsync("slow_answer.xml");
        await using var ua = NewUa(out var t);
        var call = await CallAsync(ua, sipp);
        Assert.Equal(200, (await call.Answer.WaitAsync(Step, Ct)).StatusCode);
        await call.HangUpAsync().WaitAsync(Step, Ct);
        await AssertSippPassed(sipp);
        Assert.InRange(t.Sent.Count(s => s == "INVITE"), 2, 4); // Timer A: 0, 0.5 s, 1.5 s
    }
}
