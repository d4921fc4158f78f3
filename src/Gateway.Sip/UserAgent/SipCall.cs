using Gateway.Sip.Auth;
using Gateway.Sip.Dialogs;
using Gateway.Sip.Headers;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transactions;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// One call: the INVITE we sent (or answered), its dialog, the current local and remote SDP, and the
/// in-dialog exchanges (re-INVITE both ways, session timers, BYE). Events are raised outside locks on
/// the transport or timer thread.
/// </summary>
public sealed partial class SipCall
{
    readonly SipUserAgent _ua;
    readonly object _gate = new();
    readonly TaskCompletionSource<SipInviteResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource<SipCallEndReason> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly string _localTag;
    SipDialog? _dialog;
    DigestAuthenticator? _auth;
    string? _authRealm, _authHeaderName;

    public string CallId { get; }
    public bool IsOutbound { get; }
    public SipCallState State { get; private set; }
    public SdpSession LocalSdp { get; private set; }
    public SdpSession? RemoteSdp { get; private set; }
    public SipDialog? Dialog => _dialog;
    public SipTrunk? Trunk { get; }

    /// <summary>Completes with the INVITE's final outcome (408 on Timer B).</summary>
    public Task<SipInviteResult> Answer => _answer.Task;

    /// <summary>Completes when the call is over.</summary>
    public Task<SipCallEndReason> Completion => _ended.Task;

    public event Action<SipResponse>? Provisional;
    /// <summary>The first SDP answer arrived in a 1xx (183 Session Progress, RFC 3960).</summary>
    public event Action<SdpSession>? EarlyMedia;
    public event Action<SdpSession>? Answered;
    /// <summary>The remote description changed (their re-INVITE, or the answer in an ACK to our offer).</summary>
    public event Action<SdpSession>? RemoteSdpChanged;
    public event Action? ByeReceived;
    public event Action<SipCallEndReason>? Ended;

    /// <summary>
    /// Decides on a re-INVITE's offer: return the answer (same m-line order, RFC 3264 §6) or null to
    /// reject with 488. Without a handler, session refreshes (unchanged o= version) are accepted and
    /// media changes rejected.
    /// </summary>
    public Func<SdpSession, SdpSession?>? ReInviteHandler { get; set; }

    internal string Key => CallId + "|" + _localTag;

    /// <summary>UAC: an outgoing call.</summary>
    internal SipCall(SipUserAgent ua, SipTrunk trunk, IReadOnlyList<SipEndPoint> targets, string callId, NameAddress from, NameAddress to, SipUri requestUri, SdpSession offer)
    {
        _ua = ua; Trunk = trunk; _targets = targets; _destination = targets[0]; CallId = callId; _from = from; _to = to; _requestUri = requestUri;
        LocalSdp = offer; IsOutbound = true; State = SipCallState.Calling; _localTag = from.Tag!;
        _sessionExpires = trunk.SessionExpires;
        if (trunk.Credentials is not null) _auth = new DigestAuthenticator(trunk.Credentials);
    }

    /// <summary>UAS: a call we answered; the 200 is on its way in <paramref name="tx"/>.</summary>
    internal SipCall(SipUserAgent ua, SipDialog dialog, SipEndPoint source, SdpSession answer, SdpSession? offer, ServerInviteTransaction tx)
    {
        _ua = ua; _dialog = dialog; CallId = dialog.CallId; _localTag = dialog.LocalTag; _destination = source;
        LocalSdp = answer; RemoteSdp = offer; IsOutbound = false; State = SipCallState.Confirmed;
        _from = dialog.LocalUri; _to = dialog.RemoteUri; _requestUri = dialog.RemoteTarget;
        WatchServerInvite(tx, offerless: offer is null);
        _answer.TrySetResult(new SipInviteResult(200, "OK", offer));
    }

    void Finish(SipCallEndReason reason)
    {
        lock (_gate)
        {
            if (State == SipCallState.Terminated && _ended.Task.IsCompleted) return;
            State = SipCallState.Terminated;
            _refreshTimer?.Dispose();
            _refreshTimer = null;
        }
        _ua.Unregister(this);
        _answer.TrySetResult(new SipInviteResult(reason switch { SipCallEndReason.TimedOut => 408, SipCallEndReason.TransportError => 503, _ => 487 }, reason.ToString(), null));
        if (_ended.TrySetResult(reason)) Ended?.Invoke(reason);
    }

    internal void Abort() => Finish(SipCallEndReason.TransportError);

    /// <summary>The endpoint of the next hop for in-dialog requests (first route or remote target).</summary>
    SipEndPoint NextHopEndPoint()
    {
        var uri = _dialog!.NextHop;
        // RFC 3263 §4.1: the transport parameter wins; sips means TLS; otherwise stay on the call's transport.
        var kind = uri.Transport?.ToLowerInvariant() switch
        {
            "tcp" => SipTransportKind.Tcp,
            "tls" => SipTransportKind.Tls,
            "udp" => SipTransportKind.Udp,
            _ => uri.IsSecure ? SipTransportKind.Tls : _destination.Transport,
        };
        try { return _ua.ResolveAsync(uri, kind, CancellationToken.None).GetAwaiter().GetResult(); }
        catch (System.Net.Sockets.SocketException e)
        {
            _ua.Log.LogWarning(e, "Cannot resolve {Uri}; using the original destination", uri);
            return _destination;
        }
    }

    /// <summary>Adds credentials we hold for the realm (§22.3: reuse them for later requests in the dialog).</summary>
    void AddAuthorization(SipRequest req)
    {
        if (_auth is null || _authRealm is null || _authHeaderName is null) return;
        var v = _auth.CreateAuthorization(_authRealm, req.Method, req.RequestUri.ToString());
        if (v is not null) req.SetHeader(_authHeaderName, v);
    }

    /// <summary>Takes a 401/407 challenge; false when we have no credentials or the challenge repeats without stale=true.</summary>
    bool AcceptChallenge(SipResponse r, ref int attempts)
    {
        if (_auth is null) return false;
        var values = r.GetHeaderValues(r.StatusCode == 401 ? HeaderNames.WwwAuthenticate : HeaderNames.ProxyAuthenticate);
        var ch = DigestChallenge.SelectSupported(values);
        if (ch is null) return false;
        // RFC 3261 §22.2: a second challenge for the same credentials means they were wrong, unless stale=true.
        if (attempts >= 1 && !ch.Stale) return false;
        attempts++;
        _auth.Accept(ch);
        _authRealm = ch.Realm;
        _authHeaderName = r.StatusCode == 401 ? HeaderNames.Authorization : HeaderNames.ProxyAuthorization;
        return true;
    }

    static SdpSession? ParseSdp(SipMessage m)
    {
        if (m.Body.Length == 0) return null;
        var ct = m.ContentType;
        if (ct is not null && !ct.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase)) return null;
        return SdpParser.TryParse(m.Body.Span, out var s, out _) ? s : null;
    }
}
