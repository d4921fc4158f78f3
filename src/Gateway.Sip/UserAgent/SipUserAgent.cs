using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gateway.Sip.Dialogs;
using Gateway.Sip.Headers;
using Gateway.Sip.Message;
using Gateway.Sip.Resolution;
using Gateway.Sip.Transactions;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// A SIP user agent on one transport: places calls through trunks (UAC), answers calls (UAS), and
/// dispatches in-dialog requests to their <see cref="SipCall"/>. Transactions and dialogs are the
/// sans-IO types of this library; time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class SipUserAgent : IAsyncDisposable
{
    readonly ISipTransport _transport;
    readonly ISipSender _sender;
    readonly ConcurrentDictionary<string, SipCall> _calls = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, SipIncomingCall> _incoming = new(StringComparer.Ordinal);

    public SipUserAgent(ISipTransport transport, SipUserAgentOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _transport = transport;
        Options = options ?? new SipUserAgentOptions();
        Time = time ?? TimeProvider.System;
        Log = logger ?? NullLogger.Instance;
        var dnsServer = Options.DnsServer ?? (Options.UseResolvConf && ResolvConf.ReadNameServers() is { Count: > 0 } servers ? servers[0] : null);
        Resolver = new SipResolver(dnsServer is null ? null : new DnsClient(dnsServer));
        _sender = Options.LogMessages ? new LoggingSender(transport, Log) : transport;
        Transactions = new SipTransactionLayer(_sender, Time, Options.Timers, Log) { TransportSelector = SelectTransport };
        transport.MessageReceived += OnMessage;
        if (transport is ISipSendFailureSource failures) failures.SendFailed += OnSendFailed;
    }

    /// <summary>
    /// A user agent on UDP and TCP sharing one port, plus TLS on <paramref name="tlsBind"/> when given
    /// (<paramref name="tlsCertificate"/> serves inbound TLS). Port 0 picks free ports.
    /// </summary>
    public static SipUserAgent CreateMulti(IPEndPoint bind, IPEndPoint? tlsBind = null, X509Certificate2? tlsCertificate = null,
        SipUserAgentOptions? options = null, TimeProvider? time = null, ILogger? logger = null) =>
        new(SipTransportSet.Bind(bind, tcp: true, tlsBind, tlsCertificate, logger), options, time, logger);

    /// <summary>The transport set when the agent was created with several transports; null for a single transport.</summary>
    public SipTransportSet? TransportSet => _transport as SipTransportSet;

    void OnSendFailed(SipMessage message, SipEndPoint destination, Exception error)
    {
        Log.LogInformation("Could not send {Method} to {Destination}: {Error}", (message as SipRequest)?.Method ?? "response", destination, error.Message);
        Transactions.OnSendFailed(message);
    }

    /// <summary>
    /// RFC 3261 §18.1.1: a request larger than <see cref="SipUserAgentOptions.LargeRequestThreshold"/>
    /// bytes bound for UDP goes over TCP to the same address and port, unless that destination is
    /// marked UDP-only (a trunk with <see cref="SipTrunk.TcpForLargeRequests"/> false).
    /// </summary>
    SipEndPoint SelectTransport(SipRequest request, SipEndPoint destination)
    {
        if (destination.Transport != SipTransportKind.Udp || Options.LargeRequestThreshold <= 0) return destination;
        if (_transport is not SipTransportSet set || !set.Supports(SipTransportKind.Tcp) || _udpOnly.ContainsKey(destination.EndPoint)) return destination;
        if (SipSerializer.GetLength(request) <= Options.LargeRequestThreshold) return destination;
        return destination with { Transport = SipTransportKind.Tcp };
    }

    readonly ConcurrentDictionary<IPEndPoint, bool> _udpOnly = new();

    /// <summary>Applies a trunk's transport policy to a destination resolved for it.</summary>
    internal void ApplyTrunkPolicy(SipTrunk trunk, SipEndPoint destination)
    {
        if (!trunk.TcpForLargeRequests) _udpOnly[destination.EndPoint] = true;
        if (destination.Transport == SipTransportKind.Tls && trunk.Tls is { } tls && TransportSet?.Tls is { } t)
            t.SetClientOptions(destination.ServerName ?? destination.EndPoint.Address.ToString(), tls);
    }

    /// <summary>A user agent on a new UDP socket (port 0 picks a free port).</summary>
    public static SipUserAgent CreateUdp(IPEndPoint bind, SipUserAgentOptions? options = null, TimeProvider? time = null, ILogger? logger = null) =>
        new(new UdpSipTransport(bind, logger), options, time, logger);

    public SipUserAgentOptions Options { get; }
    internal TimeProvider Time { get; }
    internal ILogger Log { get; }
    internal SipTransactionLayer Transactions { get; }
    public SipEndPoint LocalEndPoint => _transport.LocalEndPoint;

    /// <summary>A new INVITE arrived outside any dialog. Handlers call Ring/Answer/Reject on it.</summary>
    public event Action<SipIncomingCall>? IncomingCall;

    /// <summary>The address written into Via and Contact.</summary>
    internal IPAddress AdvertisedAddress
    {
        get
        {
            var a = LocalEndPoint.EndPoint.Address;
            if (!a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any)) return a;
            return Options.AdvertisedAddress ?? IPAddress.Loopback;
        }
    }

    // The local end point and the options are fixed once the agent is made: the text is made once (every request's Via).
    internal string HostPort => _hostPort ??= MakeHostPort();

    string? _hostPort;

    string MakeHostPort()
    {
        var a = AdvertisedAddress;
        var h = a.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + a + "]" : a.ToString();
        return h + ":" + LocalEndPoint.EndPoint.Port.ToString(CultureInfo.InvariantCulture);
    }

    internal SipUri ContactUri(string user) => ContactUri(user, LocalEndPoint.Transport);

    /// <summary>Our Contact for a dialog on <paramref name="kind"/>: that transport's listening port and transport parameter (RFC 3261 §19.1.1).</summary>
    internal SipUri ContactUri(string user, SipTransportKind kind)
    {
        var a = AdvertisedAddress;
        var local = TransportSet?.LocalEndPointFor(kind) ?? LocalEndPoint;
        var uri = new SipUri(a.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + a + "]" : a.ToString(), local.EndPoint.Port, user);
        if (local.Transport != SipTransportKind.Udp) uri.Parameters.Set("transport", local.Transport == SipTransportKind.Tcp ? "tcp" : "tls");
        return uri;
    }

    /// <summary>Adds our Via with a fresh branch and rport (RFC 3261 §8.1.1.7, RFC 3581 §3).</summary>
    internal void AddVia(SipRequest req, string? branch = null)
    {
        var via = $"SIP/2.0/{LocalEndPoint.ViaTransport} {HostPort};branch={branch ?? ViaHeader.NewBranch()};rport";
        req.PrependHeader(HeaderNames.Via, via);
    }

    internal static string NewTag() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));

    /// <summary>RFC 3263 server location (SRV, A/AAAA) for trunk and next-hop names.</summary>
    public SipResolver Resolver { get; }

    /// <summary>The first target of <see cref="ResolveTargetsAsync"/>.</summary>
    internal async Task<SipEndPoint> ResolveAsync(SipUri uri, SipTransportKind transport, CancellationToken ct) =>
        (await ResolveTargetsAsync(uri, transport, ct).ConfigureAwait(false))[0];

    /// <summary>
    /// Resolves a SIP URI to the ordered targets to try (RFC 3263 §4: maddr, then the host; SRV when the
    /// URI has no port). Addresses of our own family come first. No target → HostNotFound.
    /// </summary>
    internal async Task<IReadOnlyList<SipEndPoint>> ResolveTargetsAsync(SipUri uri, SipTransportKind transport, CancellationToken ct)
    {
        var host = uri.Parameters.Get("maddr") ?? uri.HostWithoutBrackets;
        var targets = await Resolver.ResolveAsync(host, uri.Port, transport, ct).ConfigureAwait(false);
        return OrderByFamily(targets, host, uri.HostWithoutBrackets);
    }

    /// <summary>Addresses of our own family first; no target → HostNotFound; an IP literal keeps the URI's host as TLS name.</summary>
    IReadOnlyList<SipEndPoint> OrderByFamily(IReadOnlyList<SipEndPoint> targets, string host, string uriHost)
    {
        var family = LocalEndPoint.EndPoint.AddressFamily;
        if (targets.Count == 0) throw new SocketException((int)SocketError.HostNotFound);
        // An IP literal is one target (the URI's host as TLS name): the first of our family, else the first of all.
        if (IPAddress.TryParse(host, out _)) return [FirstOf(targets, family) with { ServerName = uriHost }];
        var ordered = new List<SipEndPoint>(targets.Count);
        foreach (var t in targets) if (t.EndPoint.AddressFamily == family) ordered.Add(t);
        foreach (var t in targets) if (t.EndPoint.AddressFamily != family) ordered.Add(t);
        return ordered;

        static SipEndPoint FirstOf(IReadOnlyList<SipEndPoint> targets, AddressFamily family)
        {
            foreach (var t in targets) if (t.EndPoint.AddressFamily == family) return t;
            return targets[0];
        }
    }

    /// <summary>
    /// The ordered targets of a trunk (RFC 3263 §4): its own transport, or when it leaves the transport to DNS
    /// (<see cref="SipTrunk.TransportFromDns"/>) the NAPTR step (§4.1) choosing among the transports this agent has.
    /// </summary>
    internal async Task<IReadOnlyList<SipEndPoint>> ResolveTrunkTargetsAsync(SipTrunk trunk, CancellationToken ct)
    {
        var uri = new SipUri(trunk.Host, trunk.HasExplicitPort ? trunk.Port : null);
        if (!trunk.TransportFromDns) return await ResolveTargetsAsync(uri, trunk.Transport, ct).ConfigureAwait(false);
        var targets = await Resolver.ResolveAnyTransportAsync(trunk.Host, uri.Port, trunk.Transport == SipTransportKind.Tls, SupportsTransport, ct).ConfigureAwait(false);
        return OrderByFamily(targets, trunk.Host, trunk.Host);
    }

    /// <summary>Whether this agent can send on <paramref name="kind"/> (a transport set may hold UDP, TCP and TLS).</summary>
    internal bool SupportsTransport(SipTransportKind kind) =>
        TransportSet is { } set ? set.Supports(kind) : LocalEndPoint.Transport == kind;

    internal void Send(SipMessage m, SipEndPoint to) => _sender.Send(m, to);

    internal void Register(SipCall call) => _calls[call.Key] = call;

    internal void Unregister(SipCall call) => _calls.TryRemove(call.Key, out _);

    void OnMessage(SipMessage message, SipEndPoint source)
    {
        if (_closing.IsCancellationRequested || IsRejectedSource(message, source)) return;
        LogReceived(message, source);
        if (message is SipResponse r)
        {
            if (Transactions.TryHandleResponse(r)) return;
            // A 2xx retransmitted after the transaction ended still needs its ACK (§13.2.2.4).
            if (r.IsSuccess && r.CSeqMethod == SipMethod.Invite && FindCall(r.CallId, r.TagOf(HeaderNames.From)) is { } c) c.OnStray2xx(r);
            return;
        }
        var req = (SipRequest)message;
        if (Transactions.TryHandleRequest(req) is not null) return;
        var toTag = req.TagOf(HeaderNames.To);
        if (req.Method == SipMethod.Cancel) { OnCancel(req, source); return; }
        if (toTag is not null)
        {
            var call = FindCall(req.CallId, toTag);
            if (call is not null) { call.OnInDialogRequest(req, source); return; }
            if (req.Method == SipMethod.Ack) return; // ACK for an unknown dialog is dropped (§12.2.2)
            Reply(req, source, 481);
            return;
        }
        switch (req.Method)
        {
            case SipMethod.Invite: OnNewInvite(req, source); break;
            case SipMethod.Ack: break;
            case SipMethod.Options:
                {
                    var tx = Transactions.CreateServerNonInvite(req, source);
                    var ok = SipResponse.For(req, 200, NewTag());
                    ok.AddHeader(HeaderNames.Allow, Options.Allow);
                    ok.AddHeader(HeaderNames.Accept, "application/sdp");
                    ok.AddHeader(HeaderNames.Supported, "timer, 100rel");
                    tx.SendResponse(ok);
                    break;
                }
            default: Reply(req, source, 405, r => r.AddHeader(HeaderNames.Allow, Options.Allow)); break;
        }
    }

    internal void Reply(SipRequest req, SipEndPoint source, int status, Action<SipResponse>? decorate = null)
    {
        var tx = Transactions.CreateServerNonInvite(req, source);
        var resp = SipResponse.For(req, status, NewTag());
        decorate?.Invoke(resp);
        tx.SendResponse(resp);
    }

    SipCall? FindCall(string? callId, string? localTag)
    {
        if (callId is null || localTag is null) return null;
        // The key of SipCall.Key ("Call-ID|local tag"), looked up without making the string.
        int n = callId.Length + 1 + localTag.Length;
        if (n > 512) return _calls.TryGetValue(callId + "|" + localTag, out var c) ? c : null;
        Span<char> key = stackalloc char[n];
        callId.CopyTo(key);
        key[callId.Length] = '|';
        localTag.CopyTo(key[(callId.Length + 1)..]);
        return _calls.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var found) ? found : null;
    }

    void OnNewInvite(SipRequest invite, SipEndPoint source)
    {
        var tx = Transactions.CreateServerInvite(invite, source);
        var incoming = new SipIncomingCall(this, invite, source, tx);
        _incoming[invite.TopVia!.Branch!] = incoming;
        tx.Terminated += t => _incoming.TryRemove(invite.TopVia!.Branch!, out _);
        // §17.2.1: a 100 Trying at once stops the far end's INVITE retransmissions.
        tx.SendResponse(SipResponse.For(invite, 100));
        if (IncomingCall is null) { incoming.Reject(480); return; }
        IncomingCall.Invoke(incoming);
    }

    void OnCancel(SipRequest cancel, SipEndPoint source)
    {
        var inviteTx = Transactions.FindInviteForCancel(cancel);
        if (inviteTx is null) { Reply(cancel, source, 481); return; }
        Reply(cancel, source, 200);
        // §9.2: answer the INVITE with 487 if it is still pending.
        if (_incoming.TryGetValue(cancel.TopVia!.Branch!, out var incoming)) incoming.OnCancelled();
    }

    /// <summary>Cancelled when the agent is disposed: pending requests complete as cancelled.</summary>
    internal CancellationToken Closing => _closing.Token;

    readonly CancellationTokenSource _closing = new();

    /// <summary>
    /// Ends every call, stops every transaction timer (no retransmission may reach a closed transport,
    /// and no timer callback may throw into the thread pool), then closes the transports. Requests
    /// still waiting for a response complete as cancelled.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested) return;
        _closing.Cancel();
        _transport.MessageReceived -= OnMessage;
        foreach (var c in _calls.Values) c.Abort();
        Transactions.Dispose();
        await _transport.DisposeAsync().ConfigureAwait(false);
    }
}
