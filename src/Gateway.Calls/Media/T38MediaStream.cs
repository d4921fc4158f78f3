using System.Net;
using System.Net.Sockets;
using Gateway.Fax.T30;
using Gateway.Fax.T38;
using Gateway.Media.Transport;

namespace Gateway.Calls.Media;

/// <summary>
/// A T.38 terminal on a UDPTL socket (T.38 Annex A), served by the <see cref="MediaLoop"/>: received
/// datagrams go through UDPTL error recovery to the terminal; every tick runs the terminal's due
/// transmissions and T.30 timers and sends what they produced. Like RTP, the far end's source address
/// is latched (symmetric), since SDP addresses behind NAT are often wrong.
/// </summary>
public sealed class T38MediaStream : IMediaParticipant
{
    private readonly T38Terminal _terminal;
    private readonly UdptlSender _sender;
    private readonly UdptlReceiver _receiver = new();
    private readonly TimeProvider _time;
    private readonly int _version;
    private readonly Action<int, ReadOnlyMemory<byte>> _deliver;
    // Reused for every packet (the media path allocates nothing per packet): one IFP from the terminal, one datagram.
    private readonly byte[] _ifp;
    private readonly byte[] _datagram;
    private readonly SocketAddress _local;
    private SocketAddress _remote;
    private bool _latched;
    private bool _completedRaised;
    private bool _opened;
    // Monotonic timestamp before which a tick has nothing to do (no datagram since, terminal not due): such a tick
    // returns at once, touching only this object. Thousands of calls mostly wait for their next packet time or a
    // T.30 timer, and perf showed the per-tick checks of a waiting call (terminal, session, schedule, the page
    // reporter) as the largest item of the media thread at 1,000 T.38 calls.
    private long _wakeAt = long.MinValue;
    private volatile bool _closed;

    /// <param name="version">The negotiated T.38 version (T38FaxVersion), for the packets this stream makes itself.</param>
    public T38MediaStream(Socket socket, IPEndPoint remote, T38Terminal terminal, UdptlOptions udptl, TimeProvider time, int version = 0)
    {
        _version = version;
        Socket = socket;
        _remote = remote.Serialize();
        _local = socket.LocalEndPoint?.Serialize() ?? new SocketAddress(remote.AddressFamily);
        _terminal = terminal;
        _sender = new UdptlSender(udptl);
        _time = time;
        _deliver = (sequence, ifp) => _terminal.OnIfp(ifp.Span, sequence);
        _ifp = new byte[terminal.MaxPacketSize];
        _datagram = new byte[_sender.MaxDatagram];
    }

    public Socket Socket { get; }

    public bool IsClosed => _closed;

    public T38Terminal Terminal => _terminal;

    public UdptlReceiver Receiver => _receiver;

    /// <summary>Sees every datagram sent and received (a debugging capture); null when none.</summary>
    public IPacketTap? Tap { get; set; }

    /// <summary>Raised once, on the media thread, when T.30 has hung up and every packet has gone.</summary>
    public event Action<T30Result>? Completed;

    /// <summary>Raised on the media thread after each datagram or tick the terminal processed.</summary>
    public event Action? Stepped;

    public void Close() => _closed = true;

    /// <summary>Runs on the media thread once the loop has dropped the closed stream (<see cref="IMediaParticipant.OnRemoved"/>).</summary>
    public Action? Removed { get; set; }

    void IMediaParticipant.OnRemoved() => Removed?.Invoke();

    public void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress source, long nowTimestamp)
    {
        Tap?.OnPacket(datagram, source, _local);
        if (_receiver.Receive(datagram, _deliver) != UdptlError.None)
        {
            return; // counted by the receiver; a malformed datagram never moves the latch
        }

        if (!_latched)
        {
            if (!source.Equals(_remote))
            {
                var copy = new SocketAddress(source.Family, source.Size);
                source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
                _remote = copy;
            }

            _latched = true;
        }

        Flush();
        Stepped?.Invoke();
        _wakeAt = long.MinValue; // the terminal may have scheduled or finished something: the next tick looks
    }

    public void OnTick(long nowTimestamp)
    {
        if (nowTimestamp < _wakeAt)
        {
            return;
        }

        if (!_opened)
        {
            // A calling terminal has nothing to say until the far end's CED/DIS, so a far end that
            // latches our address from our first packet (symmetric UDPTL, NAT) would never hear us:
            // open the path with a no-signal indicator, which T.38 §5.1 allows at any time.
            _opened = true;
            Send(_ifp.AsSpan(0, IfpCodec.EncodeIndicator(T38Indicator.NoSignal, _version, _ifp)));
        }

        DateTimeOffset utcNow = _time.GetUtcNow();
        if (_terminal.NextDeadline is { } due && utcNow >= due)
        {
            _terminal.Tick();
        }

        Flush();
        Stepped?.Invoke();
        if (_terminal.IsCompleted && !_completedRaised)
        {
            _completedRaised = true;
            Completed?.Invoke(_terminal.Session.Result);
        }

        // Nothing changes before the terminal's next deadline but a datagram (which resets this). The deadline is on
        // the terminal's clock (UTC); the tick's is monotonic: the wait converts, and an early wake only looks again.
        _wakeAt = _terminal.NextDeadline is { } next
            ? nowTimestamp + (long)(Math.Max(0, (next - utcNow).TotalSeconds) * _time.TimestampFrequency)
            : long.MaxValue;
    }

    private void Flush()
    {
        while (_terminal.TryGetPacket(_ifp, out int length))
        {
            Send(_ifp.AsSpan(0, length));
        }
    }

    private void Send(ReadOnlySpan<byte> ifp)
    {
        ReadOnlySpan<byte> datagram = _datagram.AsSpan(0, _sender.Send(ifp, _datagram));
        try
        {
            Socket.SendTo(datagram, SocketFlags.None, _remote);
            Tap?.OnPacket(datagram, _local, _remote);
        }
        catch (SocketException)
        {
            // ICMP unreachable while the far end sets up its port: UDPTL redundancy covers the gap.
        }
    }
}
