using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;

namespace Gateway.Sip.Tests.Support;

/// <summary>
/// A SIP server on 127.0.0.1/UDP that answers every request with 503 (RFC 3261 §21.5.4: overloaded), the
/// answer RFC 3263 §4.3 says moves a client on to the next target. Counts what it was sent, by method.
/// </summary>
public sealed class OverloadedServer : IAsyncDisposable
{
    readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    readonly List<string> _methods = [];

    public OverloadedServer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Methods of the requests received, in order.</summary>
    public IReadOnlyList<string> Methods { get { lock (_methods) return [.. _methods]; } }

    async Task ServeAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult got;
            try { got = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { continue; }
            if (!SipParser.TryParse(buffer.AsSpan(0, got.ReceivedBytes), out var message, out _) || message is not SipRequest request) continue;
            lock (_methods) _methods.Add(request.Method);
            if (request.Method == SipMethod.Ack) continue;
            var response = SipResponse.For(request, 503, "overloaded");
            await _socket.SendToAsync(SipSerializer.ToBytes(response), SocketFlags.None, got.RemoteEndPoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
        _socket.Dispose();
        _stop.Dispose();
    }
}
