using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sip.Transport;

/// <summary>
/// SIP over UDP (RFC 3261 §18) on one socket for sending and receiving, so responses and NATed
/// peers see one source port (RFC 3581 §4 symmetric response routing). Received requests get
/// <c>received</c>/<c>rport</c> on their top Via (§18.2.1, RFC 3581 §4).
/// </summary>
public sealed class UdpSipTransport : ISipTransport
{
    readonly Socket _socket;
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    readonly ILogger _log;
    int _disposed;

    public UdpSipTransport(IPEndPoint bind, ILogger? logger = null)
    {
        _log = logger ?? NullLogger.Instance;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(bind);
        LocalEndPoint = new SipEndPoint(SipTransportKind.Udp, (IPEndPoint)_socket.LocalEndPoint!);
        _loop = Task.Run(ReceiveLoop);
    }

    public SipEndPoint LocalEndPoint { get; }

    public event Action<SipMessage, SipEndPoint>? MessageReceived;

    public void Send(SipMessage message, SipEndPoint destination)
    {
        var buf = SipSerializer.Rent(message, out int length);
        try
        {
            _socket.SendTo(buf.AsSpan(0, length), SocketFlags.None, destination.EndPoint);
        }
        catch (SocketException e)
        {
            _log.LogWarning(e, "UDP send to {Destination} failed", destination);
        }
        catch (ObjectDisposedException)
        {
            // The transport was closed while a transaction timer still ran (a retransmission after the user
            // agent stopped): nothing can be sent any more, and a throw here would end the process from a
            // timer thread.
            _log.LogDebug("UDP send to {Destination} after the transport closed: dropped", destination);
        }
        finally { ArrayPool<byte>.Shared.Return(buf); }
    }

    async Task ReceiveLoop()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try { r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) { _log.LogDebug(e, "UDP receive error"); continue; } // ICMP port unreachable on some stacks
            var source = new SipEndPoint(SipTransportKind.Udp, (IPEndPoint)r.RemoteEndPoint);
            var data = buffer.AsSpan(0, r.ReceivedBytes);
            if (data.Trim("\r\n"u8).IsEmpty) continue; // keep-alive
            if (!SipParser.TryParse(data, out var msg, out var err) || SipMessageValidator.Validate(msg!) is { } verr && (err = verr) is not null)
            {
                _log.LogInformation("Dropped malformed SIP from {Source}: {Error}", source, err);
                continue;
            }
            if (msg is SipRequest req) StampVia(req, source);
            try { MessageReceived?.Invoke(msg!, source); }
            catch (Exception e) { _log.LogError(e, "SIP message handler failed"); }
        }
    }

    /// <summary>§18.2.1 received and RFC 3581 §4 rport on the top Via of a received request.</summary>
    internal static void StampVia(SipRequest req, SipEndPoint source)
    {
        var top = req.TopVia;
        if (top is null) return;
        top.Parameters.Set("received", source.EndPoint.Address.ToString());
        if (top.Parameters.Contains("rport")) top.Parameters.Set("rport", source.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        req.RemoveFirstValue(HeaderNames.Via);
        req.PrependHeader(HeaderNames.Via, top.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        _socket.Dispose();
        try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
