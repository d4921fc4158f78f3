using System.Net;
using System.Net.Sockets;

namespace Gateway.Media.Transport;

/// <summary>
/// Hands out UDP sockets bound on a configured port range. RTP takes even ports (RFC 3550 §11 leaves
/// the odd one for RTCP); ports in use by someone else are skipped. Thread-safe.
/// </summary>
public sealed class MediaPortAllocator
{
    private readonly IPAddress _address;
    private readonly int _first;
    private readonly int _last;
    private readonly HashSet<int> _inUse = [];
    private readonly Lock _gate = new();
    private int _next;

    public MediaPortAllocator(IPAddress address, int firstPort, int lastPort)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstPort, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lastPort, 65534);
        ArgumentOutOfRangeException.ThrowIfLessThan(lastPort, firstPort + 1);
        _address = address;
        _first = firstPort + (firstPort & 1); // start on an even port
        _last = lastPort;
        _next = _first;
    }

    public IPAddress Address => _address;

    /// <summary>Binds a socket on the next free even port of the range.</summary>
    /// <exception cref="InvalidOperationException">Every port of the range is taken.</exception>
    public Socket Bind()
    {
        lock (_gate)
        {
            int span = ((_last - _first) / 2) + 1;
            for (int tried = 0; tried < span; tried++)
            {
                int port = _next;
                _next = _next + 2 > _last ? _first : _next + 2;
                if (_inUse.Contains(port))
                {
                    continue;
                }

                var socket = new Socket(_address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    socket.Bind(new IPEndPoint(_address, port));
                    socket.Blocking = false;
                    _inUse.Add(port);
                    return socket;
                }
                catch (SocketException)
                {
                    socket.Dispose(); // taken by another process: try the next one
                }
            }

            throw new InvalidOperationException($"No free UDP port in the media range {_first}-{_last} on {_address}.");
        }
    }

    /// <summary>Closes the socket and returns its port to the range.</summary>
    public void Release(Socket socket)
    {
        int port = socket.LocalEndPoint is IPEndPoint local ? local.Port : 0;
        socket.Dispose();
        lock (_gate)
        {
            _inUse.Remove(port);
        }
    }

    public int PortsInUse
    {
        get
        {
            lock (_gate)
            {
                return _inUse.Count;
            }
        }
    }
}
