using System.Net;
using System.Net.Sockets;

namespace Gateway.Media.Transport;

/// <summary>
/// Something the <see cref="MediaLoop"/> serves: one socket whose datagrams it delivers and one 20 ms
/// tick in which the participant plays and sends its next frame (an RTP stream, a UDPTL stream).
/// Implementations must not block and must not allocate per call.
/// </summary>
public interface IMediaParticipant
{
    Socket Socket { get; }

    /// <summary>True once the participant wants to leave the loop; its socket is then released.</summary>
    bool IsClosed { get; }

    void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress source, long nowTimestamp);

    /// <summary>Called every 20 ms with the monotonic time (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    void OnTick(long nowTimestamp);

    /// <summary>
    /// Called once on the media thread after the loop dropped the closed participant: no datagram or tick follows,
    /// so what only the loop's thread used (buffers, detectors) may now be given to another call.
    /// </summary>
    void OnRemoved()
    {
    }
}
