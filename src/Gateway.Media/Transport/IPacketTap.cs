using System.Net;

namespace Gateway.Media.Transport;

/// <summary>
/// Sees every datagram a media stream sends or receives, with both addresses (a debugging capture).
/// Called on the media thread: implementations must be quick and must not throw.
/// </summary>
public interface IPacketTap
{
    /// <param name="datagram">The UDP payload (RTP or UDPTL).</param>
    /// <param name="source">Where it came from (our socket's address for packets we send).</param>
    /// <param name="destination">Where it went (our socket's address for packets we receive).</param>
    void OnPacket(ReadOnlySpan<byte> datagram, SocketAddress source, SocketAddress destination);
}
