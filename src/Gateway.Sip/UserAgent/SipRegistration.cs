using System.Globalization;
using Gateway.Sip.Auth;
using Gateway.Sip.Headers;
using Gateway.Sip.Message;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// Registration of our Contact with a trunk's registrar (RFC 3261 §10.2): one Call-ID for all
/// refreshes with CSeq counting up (§10.2.4), 401/407 digest answered, 423 retried with Min-Expires
/// (§10.2.8), refresh at half the granted expiry (the Contact's expires parameter, else Expires,
/// §10.2.4), retry after <see cref="SipTrunk.RegisterRetryInterval"/> on failure, and an unregister
/// (Expires: 0) on <see cref="DisposeAsync"/>. Refreshes and the unregister go to the registrar that took the
/// binding first, the trunk's other targets after it.
/// </summary>
public sealed class SipRegistration : IAsyncDisposable
{
    readonly SipUserAgent _ua;
    readonly object _gate = new();
    readonly CancellationTokenSource _stop = new();
    readonly string _callId;
    readonly NameAddress _aor;
    readonly DigestAuthenticator? _auth;
    uint _cseq;
    int _requestedExpires;
    ITimer? _timer;
    Task _running = Task.CompletedTask;

    public SipRegistration(SipUserAgent ua, SipTrunk trunk)
    {
        _ua = ua;
        Trunk = trunk;
        _callId = SipUserAgent.NewTag() + SipUserAgent.NewTag() + "@" + ua.AdvertisedAddress;
        _aor = new NameAddress(new SipUri(trunk.FromHost ?? trunk.Host, null, trunk.RegisterUser ?? trunk.FromUser));
        _requestedExpires = trunk.RegisterExpires;
        if (trunk.Credentials is not null) _auth = new DigestAuthenticator(trunk.Credentials);
    }

    public SipTrunk Trunk { get; }

    public bool IsRegistered { get; private set; }

    /// <summary>Seconds the registrar granted in the last 2xx (0 before).</summary>
    public int GrantedExpires { get; private set; }

    /// <summary>Status of the last final response (null: no response).</summary>
    public int? LastStatusCode { get; private set; }

    /// <summary>Raised when <see cref="IsRegistered"/> changes.</summary>
    public event Action<bool>? RegistrationChanged;

    /// <summary>Registers now; completes with whether it worked. Refreshes continue until disposed.</summary>
    public Task<bool> StartAsync()
    {
        var t = RegisterAsync(_requestedExpires);
        lock (_gate) _running = t;
        return t;
    }

    async Task<bool> RegisterAsync(int expires)
    {
        var registrar = new SipUri(Trunk.Host, Trunk.HasExplicitPort ? Trunk.Port : null);
        SipResponse? r = null;
        try
        {
            // RFC 3263 §4.3: a registrar that does not answer (Timer F, transport error) or answers 503 is left for the next target.
            foreach (var dest in BoundFirst(await _ua.ResolveTrunkTargetsAsync(Trunk, _stop.Token).ConfigureAwait(false)))
            {
                (r, expires) = await RegisterAtAsync(registrar, dest, expires).ConfigureAwait(false);
                if (r is not null && r.StatusCode != 503)
                {
                    if (r.IsSuccess) _boundAt = dest;
                    break;
                }
            }
        }
        catch (OperationCanceledException) { return false; }
        catch (System.Net.Sockets.SocketException e) { _ua.Log.LogWarning("REGISTER to {Trunk}: {Error}", Trunk.Name, e.Message); r = null; }

        bool ok = r is { IsSuccess: true };
        int granted = ok ? GrantedFrom(r!, expires) : 0;
        bool changed;
        lock (_gate)
        {
            LastStatusCode = r?.StatusCode;
            GrantedExpires = granted;
            changed = IsRegistered != (ok && expires > 0);
            IsRegistered = ok && expires > 0;
            if (expires > 0 && !_stop.IsCancellationRequested)
            {
                // §10.2.4: refresh before the binding expires; half the granted time leaves room for retries.
                var due = ok ? TimeSpan.FromSeconds(Math.Max(1, granted / 2.0)) : Trunk.RegisterRetryInterval;
                _timer?.Dispose();
                _timer = _ua.Time.CreateTimer(_ => { lock (_gate) if (!_stop.IsCancellationRequested) _running = RegisterAsync(_requestedExpires); }, null, due, Timeout.InfiniteTimeSpan);
            }
        }
        if (!ok) _ua.Log.LogWarning("REGISTER to {Trunk} failed: {Status}", Trunk.Name, r?.StatusCode.ToString(CultureInfo.InvariantCulture) ?? "no response");
        if (changed) RegistrationChanged?.Invoke(IsRegistered);
        return ok;
    }

    string? _authRealm, _authHeader;

    /// <summary>The target whose registrar took our last REGISTER, where the binding lives.</summary>
    Transport.SipEndPoint? _boundAt;

    /// <summary>
    /// Refreshes and the unregister go first to the registrar that holds the binding (§10.2.4 refreshes a binding;
    /// with SRV weights or a failover the list's first target may be another registrar, which would leave a second
    /// binding behind); the other targets stay behind it for failover (RFC 3263 §4.3).
    /// </summary>
    IEnumerable<Transport.SipEndPoint> BoundFirst(IReadOnlyList<Transport.SipEndPoint> targets)
    {
        if (_boundAt is not { } bound) return targets;
        int i = targets.ToList().FindIndex(t => t.Transport == bound.Transport && t.EndPoint.Equals(bound.EndPoint));
        return i <= 0 ? targets : [targets[i], .. targets.Take(i), .. targets.Skip(i + 1)];
    }

    /// <summary>One registrar: REGISTER, answering one digest challenge (again when stale) and one 423 (§10.2.8).</summary>
    async Task<(SipResponse? Response, int Expires)> RegisterAtAsync(SipUri registrar, Transport.SipEndPoint dest, int expires)
    {
        _ua.ApplyTrunkPolicy(Trunk, dest);
        SipResponse? r = null;
        int authAttempts = 0;
        bool retried423 = false;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            var req = Build(registrar, expires, dest.Transport);
            r = await _ua.SendNonInviteAsync(req, dest, _stop.Token).ConfigureAwait(false);
            if (r is { StatusCode: 401 or 407 } && _auth is not null
                && DigestChallenge.SelectSupported(r.GetHeaderValues(r.StatusCode == 401 ? HeaderNames.WwwAuthenticate : HeaderNames.ProxyAuthenticate)) is { } ch
                && (authAttempts++ == 0 || ch.Stale))
            {
                _auth.Accept(ch);
                _authRealm = ch.Realm;
                _authHeader = r.StatusCode == 401 ? HeaderNames.Authorization : HeaderNames.ProxyAuthorization;
                continue;
            }
            if (r is { StatusCode: 423 } && !retried423
                && int.TryParse(r.GetHeader(HeaderNames.MinExpires), NumberStyles.None, CultureInfo.InvariantCulture, out int min))
            {
                retried423 = true;
                expires = _requestedExpires = Math.Max(min, expires);
                continue;
            }
            break;
        }
        return (r, expires);
    }

    SipRequest Build(SipUri registrar, int expires, Transport.SipTransportKind kind)
    {
        var from = new NameAddress(_aor.Uri.Clone()) { Tag = SipUserAgent.NewTag() };
        var contact = _ua.ContactUri(Trunk.RegisterUser ?? Trunk.FromUser, kind);
        var req = _ua.NewRequest(SipMethod.Register, registrar, from, new NameAddress(_aor.Uri.Clone()), _callId, ++_cseq, contact);
        req.AddHeader(HeaderNames.Expires, expires.ToString(CultureInfo.InvariantCulture));
        if (_auth is not null && _authRealm is not null && _authHeader is not null
            && _auth.CreateAuthorization(_authRealm, SipMethod.Register, registrar.ToString()) is { } authz)
            req.SetHeader(_authHeader, authz);
        return req;
    }

    /// <summary>§10.2.4: the expires parameter of our Contact in the 2xx, else the Expires header, else what we asked for.</summary>
    int GrantedFrom(SipResponse r, int requested)
    {
        var ours = _ua.ContactUri(Trunk.RegisterUser ?? Trunk.FromUser);
        foreach (var v in r.GetHeaderValues(HeaderNames.Contact))
        {
            if (!NameAddress.TryParse(v, out var na) || na is null) continue;
            if (!string.Equals(na.Uri.HostWithoutBrackets, ours.HostWithoutBrackets, StringComparison.OrdinalIgnoreCase) || na.Uri.User != ours.User) continue;
            if (int.TryParse(na.Parameters.Get("expires"), NumberStyles.None, CultureInfo.InvariantCulture, out int e)) return e;
        }
        return int.TryParse(r.GetHeader(HeaderNames.Expires), NumberStyles.None, CultureInfo.InvariantCulture, out int h) ? h : requested;
    }

    /// <summary>Stops refreshing and removes the binding (Expires: 0, §10.2.2) when registered.</summary>
    public async ValueTask DisposeAsync()
    {
        Task running;
        bool wasRegistered;
        lock (_gate)
        {
            _timer?.Dispose();
            running = _running;
            wasRegistered = IsRegistered;
        }
        try { await running.ConfigureAwait(false); } catch (OperationCanceledException) { }
        if (wasRegistered || IsRegistered) await RegisterAsync(0).ConfigureAwait(false);
        _stop.Cancel();
        _stop.Dispose();
    }
}
