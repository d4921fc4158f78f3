using System.Net;
using Gateway.Sip.Auth;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Interop;

/// <summary>REGISTER against the real Kamailio registrar (usrloc, digest) on 127.0.0.1; proven by routing an INVITE to us by lookup.</summary>
public class KamailioRegistrarInteropTests
{
    static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly IPEndPoint Any = new(IPAddress.Loopback, 0);

    static async Task<int> CallThroughRegistrarAsync(KamailioProcess kamailio)
    {
        await using var caller = SipUserAgent.CreateUdp(Any);
        var trunk = new SipTrunk { Name = "caller", Host = "127.0.0.1", Port = kamailio.Port, SessionExpires = null };
        var call = await caller.InviteAsync(trunk, "fax-gw", SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 3), null, Ct);
        return (await call.Answer.WaitAsync(Step, Ct)).StatusCode;
    }

    [Fact]
    public async Task Registers_with_digest_refreshes_at_half_the_granted_expiry_and_unregisters()
    {
        await using var kamailio = await KamailioProcess.StartRegistrarAsync("reg-pass");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ua = SipUserAgent.CreateUdp(Any, time: time);
        ua.IncomingCall += incoming => incoming.Reject(486);
        var trunk = new SipTrunk
        {
            Name = "registrar",
            Host = "127.0.0.1",
            Port = kamailio.Port,
            Register = true,
            RegisterUser = "fax-gw",
            Credentials = new DigestCredentials("fax-gw", "reg-pass"),
            RegisterExpires = 3600,
        };
        var registration = new SipRegistration(ua, trunk);
        Assert.True(await registration.StartAsync().WaitAsync(Step, Ct), kamailio.Log);
        // Kamailio caps the binding at max_expires = 120 s.
        Assert.Equal(120, registration.GrantedExpires);
        // The registrar routes an INVITE for the AOR to our Contact: our UAS rejects it with 486.
        Assert.Equal(486, await CallThroughRegistrarAsync(kamailio));

        // Refresh at half the granted time (60 s), same Call-ID, CSeq counting up.
        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(200, Ct);
        Assert.Equal(1, Count(kamailio.Log, "REGISTER sip:fax-gw@127.0.0.1 expires 3600"));
        time.Advance(TimeSpan.FromSeconds(1));
        for (int i = 0; i < 100 && Count(kamailio.Log, "REGISTER sip:fax-gw@127.0.0.1 expires 3600") < 2; i++) await Task.Delay(50, Ct);
        Assert.Equal(2, Count(kamailio.Log, "REGISTER sip:fax-gw@127.0.0.1 expires 3600"));
        Assert.True(registration.IsRegistered);

        await registration.DisposeAsync();
        Assert.False(registration.IsRegistered);
        Assert.Contains("REGISTER sip:fax-gw@127.0.0.1 expires 0", kamailio.Log, StringComparison.Ordinal);
        // The binding is gone: the registrar answers 404.
        Assert.Equal(404, await CallThroughRegistrarAsync(kamailio));
    }

    [Fact]
    public async Task Wrong_password_leaves_the_trunk_unregistered()
    {
        await using var kamailio = await KamailioProcess.StartRegistrarAsync("reg-pass");
        await using var ua = SipUserAgent.CreateUdp(Any);
        var trunk = new SipTrunk { Name = "registrar", Host = "127.0.0.1", Port = kamailio.Port, Register = true, RegisterUser = "fax-gw", Credentials = new DigestCredentials("fax-gw", "wrong") };
        await using var registration = new SipRegistration(ua, trunk);
        Assert.False(await registration.StartAsync().WaitAsync(Step, Ct));
        Assert.Equal(401, registration.LastStatusCode);
        Assert.False(registration.IsRegistered);
    }

    static int Count(string log, string needle)
    {
        int n = 0, i = 0;
        while ((i = log.IndexOf(needle, i, StringComparison.Ordinal)) >= 0) { n++; i += needle.Length; }
        return n;
    }

    [Fact]
    public async Task Register_moves_past_an_overloaded_srv_target_to_the_registrar()
    {
        // RFC 3263 §4.3: the first SRV target answers 503; the REGISTER goes on to Kamailio, the second.
        await using var kamailio = await KamailioProcess.StartRegistrarAsync("reg-pass");
        await using var overloaded = new Support.OverloadedServer();
        await using var dns = await Resolution.DnsmasqServer.StartAsync(
            $"srv-host=_sip._udp.registrar.test,a.registrar.test,{overloaded.Port},10,0",
            $"srv-host=_sip._udp.registrar.test,b.registrar.test,{kamailio.Port},20,0",
            "host-record=a.registrar.test,127.0.0.1", "host-record=b.registrar.test,127.0.0.1");
        await using var ua = SipUserAgent.CreateUdp(Any, new SipUserAgentOptions { DnsServer = dns.EndPoint });
        ua.IncomingCall += incoming => incoming.Reject(486);
        var trunk = new SipTrunk
        {
            Name = "registrar",
            Host = "registrar.test",
            FromHost = "127.0.0.1",
            Register = true,
            RegisterUser = "fax-gw",
            Credentials = new DigestCredentials("fax-gw", "reg-pass"),
        };
        await using var registration = new SipRegistration(ua, trunk);

        Assert.True(await registration.StartAsync().WaitAsync(Step, Ct), kamailio.Log);
        Assert.Equal([Gateway.Sip.Message.SipMethod.Register], overloaded.Methods);
        Assert.Equal(486, await CallThroughRegistrarAsync(kamailio));
    }

    [Fact]
    public async Task Refresh_and_unregister_go_to_the_registrar_that_holds_the_binding()
    {
        // The first SRV target answered 503 when we registered, so Kamailio (the second) holds the binding: the refresh
        // and the unregister go straight there instead of asking the first target again.
        await using var kamailio = await KamailioProcess.StartRegistrarAsync("reg-pass");
        await using var overloaded = new Support.OverloadedServer();
        await using var dns = await Resolution.DnsmasqServer.StartAsync(
            $"srv-host=_sip._udp.registrar.test,a.registrar.test,{overloaded.Port},10,0",
            $"srv-host=_sip._udp.registrar.test,b.registrar.test,{kamailio.Port},20,0",
            "host-record=a.registrar.test,127.0.0.1", "host-record=b.registrar.test,127.0.0.1");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ua = SipUserAgent.CreateUdp(Any, new SipUserAgentOptions { DnsServer = dns.EndPoint }, time);
        var trunk = new SipTrunk
        {
            Name = "registrar",
            Host = "registrar.test",
            FromHost = "127.0.0.1",
            Register = true,
            RegisterUser = "fax-gw",
            Credentials = new DigestCredentials("fax-gw", "reg-pass"),
            RegisterExpires = 3600,
        };
        var registration = new SipRegistration(ua, trunk);
        Assert.True(await registration.StartAsync().WaitAsync(Step, Ct), kamailio.Log);
        Assert.Single(overloaded.Methods);

        time.Advance(TimeSpan.FromSeconds(60)); // half of Kamailio's 120 s
        for (int i = 0; i < 100 && Count(kamailio.Log, "REGISTER sip:fax-gw@127.0.0.1 expires 3600") < 2; i++) await Task.Delay(50, Ct);
        Assert.Equal(2, Count(kamailio.Log, "REGISTER sip:fax-gw@127.0.0.1 expires 3600"));
        await registration.DisposeAsync();
        Assert.Contains("REGISTER sip:fax-gw@127.0.0.1 expires 0", kamailio.Log, StringComparison.Ordinal);
        Assert.Single(overloaded.Methods);
    }
}
