using System.Collections.Concurrent;
using Gateway.Sip.Headers;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Transactions;

/// <summary>
/// Matches messages to transactions: responses by top-Via branch and CSeq method (RFC 3261 §17.1.3),
/// requests by branch, sent-by and method, with ACK matching its INVITE (§17.2.3). Terminated
/// transactions are removed. <see cref="Dispose"/> stops every timer of every transaction, so nothing
/// is retransmitted once the user agent is closing its transports.
/// </summary>
public sealed class SipTransactionLayer(ISipSender sender, TimeProvider time, SipTimers timers, ILogger? logger = null) : IDisposable
{
    readonly ConcurrentDictionary<string, SipTransaction> _client = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, SipTransaction> _server = new(StringComparer.Ordinal);
    readonly ILogger _log = logger ?? NullLogger.Instance;
    volatile bool _disposed;

    /// <summary>Live (not terminated) transactions, client and server.</summary>
    public int Count => _client.Count + _server.Count;

    public SipTimers Timers => timers;

    /// <summary>
    /// Picks the transport for a new client transaction's request (RFC 3261 §18.1.1: a request larger
    /// than about 1300 bytes goes over TCP). Returns the destination to use; null keeps it.
    /// </summary>
    public Func<SipRequest, SipEndPoint, SipEndPoint>? TransportSelector { get; set; }

    SipEndPoint Select(SipRequest r, SipEndPoint to) => TransportSelector is { } s ? s(r, to) : to;

    public ClientInviteTransaction CreateClientInvite(SipRequest invite, SipEndPoint to)
    {
        var tx = new ClientInviteTransaction(invite, Select(invite, to), sender, time, timers);
        Track(_client, ClientKey(tx.Branch, SipMethod.Invite), tx);
        return tx;
    }

    public ClientNonInviteTransaction CreateClientNonInvite(SipRequest request, SipEndPoint to)
    {
        var tx = new ClientNonInviteTransaction(request, Select(request, to), sender, time, timers);
        Track(_client, ClientKey(tx.Branch, request.Method), tx);
        return tx;
    }

    public ServerInviteTransaction CreateServerInvite(SipRequest invite, SipEndPoint from)
    {
        var tx = new ServerInviteTransaction(invite, from, sender, time, timers);
        Track(_server, ServerKey(invite, SipMethod.Invite)!, tx);
        return tx;
    }

    public ServerNonInviteTransaction CreateServerNonInvite(SipRequest request, SipEndPoint from)
    {
        var tx = new ServerNonInviteTransaction(request, from, sender, time, timers);
        Track(_server, ServerKey(request, request.Method)!, tx);
        return tx;
    }

    void Track(ConcurrentDictionary<string, SipTransaction> map, string key, SipTransaction tx)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        map[key] = tx;
        tx.Terminated += t => map.TryRemove(new KeyValuePair<string, SipTransaction>(key, t));
        tx.TimerFaulted += (t, e) => _log.LogWarning(e, "SIP transaction timer failed ({Method}, branch {Branch})", t.Request.Method, t.Branch);
        // Disposal may have run between the check and the insertion: do not leave a live timer behind.
        if (_disposed)
        {
            map.TryRemove(new KeyValuePair<string, SipTransaction>(key, tx));
            tx.Dispose();
            throw new ObjectDisposedException(nameof(SipTransactionLayer));
        }
    }

    /// <summary>
    /// Stops every transaction's timers (RFC 3261 §17 timers must not outlive the transport) and refuses
    /// new transactions with <see cref="ObjectDisposedException"/>. No transaction event is raised.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var map in new[] { _client, _server })
            foreach (var key in map.Keys)
                if (map.TryRemove(key, out var tx)) tx.Dispose();
    }

    /// <summary>Delivers a response to its client transaction; false when none matches (stray 2xx after Timer M).</summary>
    public bool TryHandleResponse(SipResponse r)
    {
        if (_disposed) return true;
        var method = r.CSeqMethod;
        if (method is null || !TryGetClient(r, method, out var tx)) return false;
        switch (tx)
        {
            case ClientInviteTransaction ci: ci.OnResponse(r); break;
            case ClientNonInviteTransaction cn: cn.OnResponse(r); break;
        }
        return true;
    }

    /// <summary>
    /// A message could not be delivered (§17.1.4, §18.4): its client transaction, if any, fails as if
    /// it had received a 503. Responses of server transactions are not retried.
    /// </summary>
    public void OnSendFailed(SipMessage message)
    {
        if (message is not SipRequest req || req.Method == SipMethod.Ack) return;
        var branch = req.TopVia?.Branch;
        if (branch is null || !_client.TryGetValue(ClientKey(branch, req.Method), out var tx)) return;
        switch (tx)
        {
            case ClientInviteTransaction ci: ci.OnTransportError(); break;
            case ClientNonInviteTransaction cn: cn.OnTransportError(); break;
        }
    }

    /// <summary>
    /// Absorbs retransmitted requests and ACKs for non-2xx (§17.2.3). Returns the existing server
    /// transaction or null for a new request.
    /// </summary>
    public SipTransaction? TryHandleRequest(SipRequest req)
    {
        string method = req.Method == SipMethod.Ack ? SipMethod.Invite : req.Method;
        var key = ServerKey(req, method);
        if (key is null || !_server.TryGetValue(key, out var tx)) return null;
        if (req.Method == SipMethod.Ack) { if (tx is ServerInviteTransaction si) si.OnAck(req); }
        else if (tx is ServerInviteTransaction si) si.OnRetransmittedRequest();
        else if (tx is ServerNonInviteTransaction sn) sn.OnRetransmittedRequest();
        return tx;
    }

    /// <summary>The pending INVITE server transaction a CANCEL refers to (§9.2: same branch and sent-by).</summary>
    public ServerInviteTransaction? FindInviteForCancel(SipRequest cancel) =>
        ServerKey(cancel, SipMethod.Invite) is { } k && _server.TryGetValue(k, out var tx) ? tx as ServerInviteTransaction : null;

    static string ClientKey(string branch, string method) => branch + "|" + method;

    // The client transaction of a response: its top Via's branch and the CSeq method (§17.1.3), as
    // ClientKey(TopVia.Branch, method), looked up without parsing the Via into objects or making the key.
    bool TryGetClient(SipResponse r, string method, out SipTransaction tx)
    {
        tx = null!;
        Span<char> scratch = stackalloc char[256];
        using var via = r.FirstValueChars(HeaderNames.Via, scratch);
        if (!via.Found) return false;
        var top = via.Value;
        int comma = HeaderText.IndexOfUnquoted(top, ',');
        if (comma >= 0) top = top[..comma];
        if (!ViaHeader.TryGetBranch(top, out var branch)) return false;
        int n = branch.Length + 1 + method.Length;
        if (n > 256) return _client.TryGetValue(ClientKey(branch.ToString(), method), out tx!);
        Span<char> key = stackalloc char[n];
        branch.CopyTo(key);
        key[branch.Length] = '|';
        method.CopyTo(key[(branch.Length + 1)..]);
        return _client.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out tx!);
    }

    static string? ServerKey(SipRequest r, string method)
    {
        var via = r.TopVia;
        if (via?.Branch is null) return null;
        return $"{via.Branch}|{via.Host}:{via.Port ?? 5060}|{method}";
    }
}
