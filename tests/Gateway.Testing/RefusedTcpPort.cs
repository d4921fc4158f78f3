using System.Net;
using System.Net.Sockets;

namespace Gateway.Testing;

/// <summary>
/// A TCP port on 127.0.0.1 that refuses connections for as long as this object lives: a socket bound to it that never
/// listens, so a SYN to it is answered with a reset, and no other socket's bind to port 0 (a listener in the code under
/// test, another test's) is given the port meanwhile. A port found by opening and stopping a listener is free again at
/// once: the listener of the very transport under test was given it back 3 times in 39,039 tries while the Sip tests
/// ran, and then connected to itself instead of being refused.
/// </summary>
public sealed class RefusedTcpPort : IDisposable
{
    private readonly Socket _holder = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusedTcpPort()
    {
        _holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_holder.LocalEndPoint!;
    }

    /// <summary>127.0.0.1 and the held port.</summary>
    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    public void Dispose() => _holder.Dispose();
}
