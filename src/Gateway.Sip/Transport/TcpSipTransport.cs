using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Transport;

/// <summary>SIP over TCP (RFC 3261 §18): Content-Length framing, one reused connection per remote endpoint.</summary>
public sealed class TcpSipTransport(IPEndPoint bind, ILogger? logger = null) : StreamSipTransport(SipTransportKind.Tcp, bind, logger)
{
    private protected override Task<Stream> WrapClientAsync(NetworkStream stream, IPEndPoint remote, string? serverName, CancellationToken ct) =>
        Task.FromResult<Stream>(stream);

    private protected override Task<Stream> WrapServerAsync(NetworkStream stream, IPEndPoint remote, CancellationToken ct) =>
        Task.FromResult<Stream>(stream);
}
