using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gateway.Sip.Headers;
using Gateway.Sip.Message;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Transport;

/// <summary>
/// UDP, TCP and TLS behind one <see cref="ISipTransport"/>: each message goes out on the transport its
/// destination names. RFC 3261 §18.1.1: the transport layer fills in the top Via of requests it sends,
/// so a request routed to TCP or TLS carries that transport and the matching listening port.
/// </summary>
public sealed class SipTransportSet : ISipTransport, ISipSendFailureSource
{
    readonly ISipTransport?[] _byKind = new ISipTransport?[3];

    public SipTransportSet(ISipTransport udp, ISipTransport? tcp = null, ISipTransport? tls = null)
    {
        _byKind[(int)SipTransportKind.Udp] = udp;
        _byKind[(int)SipTransportKind.Tcp] = tcp;
        _byKind[(int)SipTransportKind.Tls] = tls;
        foreach (var t in _byKind)
        {
            if (t is null) continue;
            t.MessageReceived += Forward;
            if (t is ISipSendFailureSource f) f.SendFailed += ForwardFailure;
        }
    }

    /// <summary>
    /// Binds UDP and TCP on the same address and port (so Via sent-by and Contact name one port for both,
    /// RFC 3261 §18.2.1), and TLS on <paramref name="tlsBind"/> when given. Port 0 picks a free port.
    /// </summary>
    public static SipTransportSet Bind(IPEndPoint bind, bool tcp = true, IPEndPoint? tlsBind = null, X509Certificate2? tlsCertificate = null, ILogger? logger = null)
    {
        for (int attempt = 0; ; attempt++)
        {
            var udp = new UdpSipTransport(bind, logger);
            TcpSipTransport? t = null;
            try
            {
                if (tcp) t = new TcpSipTransport(udp.LocalEndPoint.EndPoint, logger);
            }
            catch (SocketException) when (bind.Port == 0 && attempt < 20)
            {
                // The free UDP port is taken for TCP: try another pair.
                udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                continue;
            }
            var tls = tlsBind is null ? null : new TlsSipTransport(tlsBind, tlsCertificate, logger);
            return new SipTransportSet(udp, t, tls);
        }
    }

    public ISipTransport Udp => _byKind[0]!;
    public TcpSipTransport? Tcp => _byKind[1] as TcpSipTransport;
    public TlsSipTransport? Tls => _byKind[2] as TlsSipTransport;

    public SipEndPoint LocalEndPoint => Udp.LocalEndPoint;

    public bool Supports(SipTransportKind kind) => _byKind[(int)kind] is not null;

    /// <summary>The listening endpoint of <paramref name="kind"/>, or null when that transport is absent.</summary>
    public SipEndPoint? LocalEndPointFor(SipTransportKind kind) => _byKind[(int)kind]?.LocalEndPoint;

    public event Action<SipMessage, SipEndPoint>? MessageReceived;

    public event Action<SipMessage, SipEndPoint, Exception>? SendFailed;

    public void Send(SipMessage message, SipEndPoint destination)
    {
        var t = _byKind[(int)destination.Transport];
        if (t is null)
        {
            ForwardFailure(message, destination, new NotSupportedException($"no {destination.ViaTransport} transport"));
            return;
        }
        if (message is SipRequest req) FixVia(req, destination.Transport, t.LocalEndPoint.EndPoint.Port);
        t.Send(message, destination);
    }

    /// <summary>§18.1.1: the top Via names the transport actually used and our port on it.</summary>
    internal static void FixVia(SipRequest req, SipTransportKind kind, int port)
    {
        var via = req.TopVia;
        if (via is null) return;
        var transport = kind switch { SipTransportKind.Tcp => "TCP", SipTransportKind.Tls => "TLS", _ => "UDP" };
        if (via.Transport == transport && via.Port == port) return;
        via.Transport = transport;
        via.Port = port;
        req.RemoveFirstValue(HeaderNames.Via);
        req.PrependHeader(HeaderNames.Via, via.ToString());
    }

    void Forward(SipMessage m, SipEndPoint source) => MessageReceived?.Invoke(m, source);

    void ForwardFailure(SipMessage m, SipEndPoint d, Exception e) => SendFailed?.Invoke(m, d, e);

    public async ValueTask DisposeAsync()
    {
        foreach (var t in _byKind)
            if (t is not null) await t.DisposeAsync().ConfigureAwait(false);
    }

    public override string ToString() =>
        string.Join(", ", _byKind.Where(t => t is not null).Select(t => t!.LocalEndPoint.ToString()));
}
