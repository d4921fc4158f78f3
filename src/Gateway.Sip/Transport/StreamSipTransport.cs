using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Transport;

/// <summary>
/// SIP over a byte stream (RFC 3261 §18 for TCP, §26.2 for TLS): a listener for connections the far end
/// opens, and one connection per remote endpoint that is reused for every message to it (so a trunk
/// keeps one connection) and reopened on the next send after it closed. Responses to requests go back
/// on the connection the request came in on (§18.2.2). Messages are framed by Content-Length (§18.3).
/// Connections are closed when idle (<see cref="IdleTimeout"/>), and inbound ones that bring no valid SIP
/// message in time (<see cref="FirstMessageTimeout"/>), so silent or hostile peers cannot hold sockets open.
/// </summary>
public abstract class StreamSipTransport : ISipTransport, ISipSendFailureSource
{
    readonly TcpListener _listener;
    readonly ConcurrentDictionary<IPEndPoint, SipStreamConnection> _connections = new();
    readonly CancellationTokenSource _stop = new();
    readonly Task _accept;
    readonly Timer _sweep;
    volatile bool _disposed;

    private protected StreamSipTransport(SipTransportKind kind, IPEndPoint bind, ILogger? logger)
    {
        Kind = kind;
        Log = logger ?? NullLogger.Instance;
        _listener = new TcpListener(bind);
        _listener.Start();
        LocalEndPoint = new SipEndPoint(kind, (IPEndPoint)_listener.LocalEndpoint);
        _accept = Task.Run(AcceptLoop);
        _sweep = new Timer(_ => Sweep(), null, SweepInterval(), Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// A connection with no byte read or written for this long is closed (the next send reconnects). The
    /// default, 20 min, is longer than the 15 min between RFC 4028 refreshes of a call with our default
    /// Session-Expires (1800 s), so a connection carrying a call is never idle that long.
    /// <see cref="Timeout.InfiniteTimeSpan"/> keeps connections open.
    /// </summary>
    public TimeSpan IdleTimeout { get => _idleTimeout; set { _idleTimeout = value; Reschedule(); } }

    /// <summary>
    /// An inbound connection that has not brought one valid SIP message (or a CRLF keepalive) within this
    /// time is closed: 64·T1 (32 s), the time any SIP transaction is given. Requests dropped by a source
    /// filter still count as messages, so the filter's silence is kept (no close right after a dropped request).
    /// </summary>
    public TimeSpan FirstMessageTimeout { get => _firstMessageTimeout; set { _firstMessageTimeout = value; Reschedule(); } }

    TimeSpan _idleTimeout = TimeSpan.FromMinutes(20), _firstMessageTimeout = TimeSpan.FromSeconds(32);

    /// <summary>Connections closed for being idle or silent, for tests and diagnostics.</summary>
    public int IdleClosed => Volatile.Read(ref _idleClosed);

    int _idleClosed;

    TimeSpan SweepInterval()
    {
        static TimeSpan Quarter(TimeSpan t) => t == Timeout.InfiniteTimeSpan ? TimeSpan.FromSeconds(30) : t / 4;
        var quarter = TimeSpan.FromTicks(Math.Min(Quarter(IdleTimeout).Ticks, Quarter(FirstMessageTimeout).Ticks));
        return TimeSpan.FromTicks(Math.Clamp(quarter.Ticks, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(30).Ticks));
    }

    void Sweep()
    {
        if (_disposed) return;
        long now = Environment.TickCount64;
        foreach (var c in _connections.Values)
        {
            string? why = null;
            if (IdleTimeout != Timeout.InfiniteTimeSpan && now - c.LastActivity >= (long)IdleTimeout.TotalMilliseconds) why = "idle";
            else if (c.Inbound && !c.HasDelivered && FirstMessageTimeout != Timeout.InfiniteTimeSpan && now - c.OpenedAt >= (long)FirstMessageTimeout.TotalMilliseconds) why = "no SIP message";
            if (why is null) continue;
            Log.LogDebug("{Kind} connection with {Remote} closed: {Why}", Kind, c.Remote, why);
            Interlocked.Increment(ref _idleClosed);
            c.Close(null);
        }
        Reschedule();
    }

    void Reschedule()
    {
        try { _sweep?.Change(SweepInterval(), Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { } // disposed meanwhile
    }

    public SipTransportKind Kind { get; }

    internal ILogger Log { get; }

    public SipEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Time allowed to open a connection (TCP connect plus any TLS handshake, either side) before sends to it fail.
    /// 10 s covers two lost SYNs (Linux retransmits after 1 s and 3 s) and a TLS handshake on a busy host, and stays
    /// well inside Timer B (64·T1 = 32 s, RFC 3261 §17.1.1.2) so the transaction still ends with its own timeout.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Open connections (inbound and outbound), for tests and diagnostics.</summary>
    public int ConnectionCount => _connections.Count;

    public event Action<SipMessage, SipEndPoint>? MessageReceived;

    public event Action<SipMessage, SipEndPoint, Exception>? SendFailed;

    public void Send(SipMessage message, SipEndPoint destination)
    {
        if (_disposed)
        {
            // A timer or a late handler sends after the transport closed: opening a new connection now
            // would leak it, and throwing would end the process from a timer thread.
            Log.LogDebug("{Kind} send to {Destination} after the transport closed: dropped", Kind, destination);
            return;
        }
        var bytes = SipSerializer.ToBytes(message);
        destination = ResponseTarget(message, destination);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            if (!_connections.TryGetValue(destination.EndPoint, out var conn))
            {
                var fresh = CreateOutbound(destination.EndPoint, destination.ServerName);
                conn = _connections.GetOrAdd(destination.EndPoint, fresh);
                if (conn == fresh) fresh.Start();
                if (_disposed) { conn.Close(null); return; } // disposal ran meanwhile: do not leave it open
            }
            if (conn.Enqueue(bytes, message, destination)) return;
            // It closed between lookup and enqueue: drop it and open a new one (reconnect).
            _connections.TryRemove(new KeyValuePair<IPEndPoint, SipStreamConnection>(destination.EndPoint, conn));
        }
        ReportFailure(message, destination, new IOException($"no connection to {destination}"));
    }

    /// <summary>
    /// RFC 3261 §18.2.2: a response goes back on the connection its request came in on; when that connection
    /// has closed, a new one is opened to the address in the top Via's "received" (else its host, when an IP
    /// address) and the Via's sent-by port (5060, or 5061 for TLS, when absent): the far end's listening port,
    /// not the closed connection's ephemeral one.
    /// </summary>
    SipEndPoint ResponseTarget(SipMessage message, SipEndPoint destination)
    {
        if (message is not SipResponse response || _connections.ContainsKey(destination.EndPoint) || response.TopVia is not { } via) return destination;
        if (!IPAddress.TryParse(via.Received ?? via.Host.Trim('[', ']'), out var address)) return destination;
        int port = via.Port ?? (Kind == SipTransportKind.Tls ? 5061 : 5060);
        var target = new IPEndPoint(address, port);
        if (target.Equals(destination.EndPoint)) return destination;
        Log.LogDebug("{Kind} response: the connection from {Source} has closed; opening one to the Via's {Target}", Kind, destination.EndPoint, target);
        return destination with { EndPoint = target };
    }

    SipStreamConnection CreateOutbound(IPEndPoint remote, string? serverName) =>
        new(this, remote, async ct =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ConnectTimeout);
            var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
                return await WrapClientAsync(new NetworkStream(socket, ownsSocket: true), remote, serverName, timeout.Token).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        });

    async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            // DisposeAsync stopped the listener between the loop's check and the accept ("Not listening"): this task
            // used to end faulted and DisposeAsync threw it (5 of 6 runs of a test that disposes 3,000 transports).
            catch (InvalidOperationException) when (_stop.IsCancellationRequested) { return; }
            socket.NoDelay = true;
            var remote = (IPEndPoint)socket.RemoteEndPoint!;
            var conn = new SipStreamConnection(this, remote, async ct =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(ConnectTimeout);
                return await WrapServerAsync(new NetworkStream(socket, ownsSocket: true), remote, timeout.Token).ConfigureAwait(false);
            }, inbound: true);
            if (_connections.TryGetValue(remote, out var old)) old.Close(null);
            _connections[remote] = conn;
            conn.Start();
        }
    }

    /// <summary>Client side of a new connection: TCP returns the stream; TLS authenticates the server.</summary>
    private protected abstract Task<Stream> WrapClientAsync(NetworkStream stream, IPEndPoint remote, string? serverName, CancellationToken ct);

    /// <summary>Server side of an accepted connection.</summary>
    private protected abstract Task<Stream> WrapServerAsync(NetworkStream stream, IPEndPoint remote, CancellationToken ct);

    /// <summary>Parses one framed message; false closes the connection (the stream is unreliable after a parse error).</summary>
    internal bool Deliver(byte[] frame, IPEndPoint remote)
    {
        var source = new SipEndPoint(Kind, remote);
        if (!SipParser.TryParse(frame.AsMemory(), out var msg, out var err, datagram: false))
        {
            Log.LogInformation("Malformed SIP on {Source}: {Error}; closing the connection", source, err);
            return false;
        }
        if (SipMessageValidator.Validate(msg!) is { } verr)
        {
            // Framing is intact, so only this message is dropped.
            Log.LogInformation("Dropped invalid SIP from {Source}: {Error}", source, verr);
            return true;
        }
        if (msg is SipRequest req) UdpSipTransport.StampVia(req, source);
        try { MessageReceived?.Invoke(msg!, source); }
        catch (Exception e) { Log.LogError(e, "SIP message handler failed"); }
        return true;
    }

    internal void ReportFailure(SipMessage message, SipEndPoint destination, Exception error)
    {
        try { SendFailed?.Invoke(message, destination, error); }
        catch (Exception e) { Log.LogError(e, "SendFailed handler failed"); }
    }

    internal void Remove(SipStreamConnection conn) =>
        _connections.TryRemove(new KeyValuePair<IPEndPoint, SipStreamConnection>(conn.Remote, conn));

    /// <summary>Closes the connection to <paramref name="remote"/>, if any (the next send reconnects).</summary>
    public void Disconnect(IPEndPoint remote)
    {
        if (_connections.TryGetValue(remote, out var c)) c.Close(null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        _listener.Stop();
        await _sweep.DisposeAsync().ConfigureAwait(false);
        try { await _accept.ConfigureAwait(false); } catch (OperationCanceledException) { }
        foreach (var c in _connections.Values) c.Close(null);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
