using System.Collections.Concurrent;
using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transactions;

/// <summary>
/// Matches messages to transactions: responses by top-Via branch and CSeq method (RFC 3261 §17.1.3),
/// requests by branch, sent-by and method, with ACK matching its INVITE (§17.2.3). Terminated
/// transactions are removed.
/// </summary>
public sealed class SipTransactionLayer(ISipSender sender, TimeProvider time, SipTimers timers)
{
    readonly ConcurrentDictionary<string, SipTransaction> _client = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, SipTransaction> _server = new(StringComparer.Ordinal);

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

    static void Track(ConcurrentDictionary<string, SipTransaction> map, string key, SipTransaction tx)
    {
        map[key] = tx;
        tx.Terminated += t => map.TryRemove(new KeyValuePair<string, SipTransaction>(key, t));
    }

    /// <summary>Delivers a response to its client transaction; false when none matches (stray 2xx after Timer M).</summary>
    public bool TryHandleResponse(SipResponse r)
    {
        var branch = r.TopVia?.Branch;
        var method = r.CSeq?.Method;
        if (branch is null || method is null || !_client.TryGetValue(ClientKey(branch, method), out var tx)) return false;
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

    static string? ServerKey(SipRequest r, string method)
    {
        var via = r.TopVia;
        if (via?.Branch is null) return null;
        return $"{via.Branch}|{via.Host}:{via.Port ?? 5060}|{method}";
    }
}
