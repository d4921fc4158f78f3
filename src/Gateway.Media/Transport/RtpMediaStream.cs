using System.Net;
using System.Net.Sockets;
using Gateway.Media.Rtp;

namespace Gateway.Media.Transport;

/// <summary>
/// An <see cref="RtpSession"/> on a socket, served by the <see cref="MediaLoop"/>. Symmetric RTP
/// (RFC 4961): we send to the address the far end's packets come from once they arrive, since NATs and
/// SBCs often announce one address in SDP and send from another.
/// </summary>
public sealed class RtpMediaStream : IMediaParticipant
{
    private readonly RtpSession _session;
    private readonly IRtpAudioHandler _handler;
    private readonly TimeProvider _time;
    private readonly byte[] _receiveFrame = new byte[JitterBuffer.FrameSamples];
    private readonly byte[] _sendFrame = new byte[JitterBuffer.FrameSamples];
    private readonly byte[] _packet = new byte[RtpPacket.FixedHeaderLength + 1024];
    private readonly SocketAddress _local;
    private SocketAddress _remote;
    private bool _latched;
    private volatile bool _closed;

    public RtpMediaStream(Socket socket, RtpSession session, IPEndPoint remote, IRtpAudioHandler handler, TimeProvider time, bool symmetric = true)
    {
        Socket = socket;
        _session = session;
        _handler = handler;
        _time = time;
        _remote = remote.Serialize();
        _local = socket.LocalEndPoint?.Serialize() ?? new SocketAddress(remote.AddressFamily);
        Symmetric = symmetric;
    }

    /// <summary>Sees every packet sent and received (a debugging capture); null when none.</summary>
    public IPacketTap? Tap { get; set; }

    public Socket Socket { get; }

    public RtpSession Session => _session;

    public bool Symmetric { get; }

    public bool IsClosed => _closed;

    /// <summary>Where packets go now (the SDP address until symmetric latching moves it).</summary>
    public SocketAddress Remote => _remote;

    /// <summary>Points the stream at a new far-end address (a re-INVITE changed c=/m=).</summary>
    public void Retarget(IPEndPoint remote)
    {
        _remote = remote.Serialize();
        _latched = false;
    }

    public void Close() => _closed = true;

    /// <summary>Runs on the media thread once the loop has dropped the closed stream (<see cref="IMediaParticipant.OnRemoved"/>).</summary>
    public Action? Removed { get; set; }

    void IMediaParticipant.OnRemoved() => Removed?.Invoke();

    public void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress source, long nowTimestamp)
    {
        Tap?.OnPacket(datagram, source, _local);
        long arrivalSamples = (long)(nowTimestamp * 8000.0 / _time.TimestampFrequency);
        if (_session.Receive(datagram, arrivalSamples) && Symmetric && !_latched)
        {
            // Latch once to the first valid RTP source; a copy, because the loop reuses its SocketAddress.
            if (!source.Equals(_remote))
            {
                var copy = new SocketAddress(source.Family, source.Size);
                source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
                _remote = copy;
            }

            _latched = true;
        }
    }

    public void OnTick(long nowTimestamp)
    {
        RtpFrameKind kind = _session.ReadFrame(_receiveFrame);
        _handler.OnFrame(_receiveFrame, kind, _sendFrame);
        int length = _session.WriteFrame(_sendFrame, _packet);
        try
        {
            Socket.SendTo(_packet.AsSpan(0, length), SocketFlags.None, _remote);
            Tap?.OnPacket(_packet.AsSpan(0, length), _local, _remote);
        }
        catch (SocketException)
        {
            // ICMP unreachable from a far end that is not listening yet: RTP is best effort (RFC 3550 §2).
        }
    }
}
