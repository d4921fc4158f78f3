using System.Globalization;
using System.Net;
using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Sip.Tests.Support;

/// <summary>
/// A user agent on a <see cref="MemoryTransport"/> and a <see cref="FakeTimeProvider"/>, with helpers that
/// play the far end by hand: responses to what we sent and requests inside the dialog.
/// </summary>
public sealed class InProcessCall : IAsyncDisposable
{
    public const string FarSdp = "v=0\r\no=far 9 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 50000 RTP/AVP 0\r\n";
    int _farCSeq = 100, _branch;

    public InProcessCall(SipUserAgentOptions? options = null, Microsoft.Extensions.Logging.ILogger? logger = null) => Ua = new SipUserAgent(Net, options, Time, logger);

    public FakeTimeProvider Time { get; } = new();
    public MemoryTransport Net { get; } = new();
    public SipUserAgent Ua { get; }

    public static SipTrunk Trunk(int? sessionExpires = null) => new() { Name = "t", Host = "127.0.0.1", Port = 5099, SessionExpires = sessionExpires };

    public static SdpSession Offer => SdpOfferAnswer.CreateAudioOffer(IPAddress.Loopback, 40000, 1);

    public Task<SipCall> InviteAsync(SipTrunk? trunk = null, Action<SipCall>? attach = null) =>
        Ua.InviteAsync(trunk ?? Trunk(), "fax", Offer, attach, TestContext.Current.CancellationToken);

    public SipRequest LastInvite => Net.Requests(SipMethod.Invite)[^1];

    /// <summary>The far end answers <paramref name="request"/> (Contact for dialog-forming responses, optional SDP and headers).</summary>
    public SipResponse Respond(SipRequest request, int status, string toTag = "far1", string? sdp = null, params (string Name, string Value)[] headers)
    {
        var r = SipResponse.For(request, status, status == 100 ? null : toTag);
        if (status > 100 && status < 300) r.AddHeader(HeaderNames.Contact, "<sip:far@127.0.0.1:5099>");
        foreach (var (n, v) in headers) r.AddHeader(n, v);
        if (sdp is not null) { r.AddHeader(HeaderNames.ContentType, "application/sdp"); r.Body = Encoding.ASCII.GetBytes(sdp); }
        Net.Receive(r);
        return r;
    }

    /// <summary>A request from the far end inside <paramref name="call"/>'s dialog (new branch, next CSeq unless given).</summary>
    public void FarRequest(SipCall call, string method, string? sdp = null, uint? cseq = null, params (string Name, string Value)[] headers)
    {
        var d = call.Dialog!;
        uint n = cseq ?? (uint)Interlocked.Increment(ref _farCSeq);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{method} sip:gateway@127.0.0.1:5060 SIP/2.0\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKfar{Interlocked.Increment(ref _branch)}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"From: <sip:fax@127.0.0.1>;tag={d.RemoteTag}\r\nTo: <sip:gateway@127.0.0.1>;tag={d.LocalTag}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Call-ID: {d.CallId}\r\nCSeq: {n} {(method == SipMethod.Ack ? "ACK" : method)}\r\nMax-Forwards: 70\r\nContact: <sip:far@127.0.0.1:5099>\r\n");
        foreach (var (h, v) in headers) sb.Append(CultureInfo.InvariantCulture, $"{h}: {v}\r\n");
        if (sdp is not null) sb.Append("Content-Type: application/sdp\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.ASCII.GetByteCount(sdp ?? "")}\r\n\r\n{sdp}");
        Net.Receive(sb.ToString());
    }

    public uint LastFarCSeq => (uint)Volatile.Read(ref _farCSeq);

    /// <summary>Advances fake time in 100 ms steps (timers re-armed inside callbacks fire in order).</summary>
    public void Advance(TimeSpan by)
    {
        for (var left = by; left > TimeSpan.Zero; left -= TimeSpan.FromMilliseconds(100))
            Time.Advance(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Waits (real time) for work continued on the thread pool, e.g. after an awaited transaction.</summary>
    public static async Task UntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++) await Task.Delay(10, TestContext.Current.CancellationToken);
        Assert.True(condition());
    }

    public ValueTask DisposeAsync() => Ua.DisposeAsync();
}
