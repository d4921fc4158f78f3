using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gateway.Calls;
using Gateway.Calls.Capture;
using Gateway.Hosting;
using Gateway.Media.Transport;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace Gateway.Telephony;

/// <summary>
/// What every call of this process shares: the SIP user agent on its port, the media loop that paces all
/// RTP/UDPTL streams, the media port range and one <see cref="TrunkGate"/> per configured trunk.
/// Created once by the service (or by <c>gateway send</c> for its one call) and disposed on shutdown.
/// </summary>
public sealed class CallRuntime : IAsyncDisposable
{
    private readonly Dictionary<string, TrunkRoute> _trunks;
    private readonly MediaLoop _media;
    private readonly SipUserAgent _userAgent;
    private readonly List<SipTrunkKeepalive> _keepalives;

    private CallRuntime(SipUserAgent userAgent, MediaLoop media, FaxCallEnvironment environment, Dictionary<string, TrunkRoute> trunks, List<SipTrunkKeepalive> keepalives)
    {
        _keepalives = keepalives;
        _userAgent = userAgent;
        _media = media;
        Environment = environment;
        _trunks = trunks;
    }

    /// <summary>The environment a <see cref="FaxCall"/> runs in.</summary>
    public FaxCallEnvironment Environment { get; }

    /// <summary>The media loop (its lateness histogram is the RTP send-jitter figure).</summary>
    public MediaLoop Media => _media;

    /// <summary>The configured trunks by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, TrunkRoute> Trunks => _trunks;

    /// <summary>
    /// Opens the SIP port and starts the media threads. Bad configuration (no trunk, a malformed trunk URI,
    /// a bad address or port range) throws <see cref="InvalidOperationException"/> naming the setting.
    /// </summary>
    /// <param name="capture">The per-call debugging capture (<c>Calls:Capture</c>); null or disabled: none.</param>
    public static CallRuntime Start(SipOptions sip, MediaOptions media, TimeProvider time, ILoggerFactory loggers, CallCaptureOptions? capture = null)
    {
        CallCaptureSettings? captureSettings = capture?.ToSettings();
        var routes = new Dictionary<string, TrunkRoute>(StringComparer.OrdinalIgnoreCase);
        foreach (TrunkOptions options in sip.Trunks)
        {
            if (string.IsNullOrWhiteSpace(options.Name))
            {
                throw new InvalidOperationException("Sip:Trunks: every trunk needs a Name");
            }

            SipTrunk trunk;
            try
            {
                trunk = TrunkAddress.FromOptions(options);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"Sip:Trunks: {e.Message}", e);
            }

            if (!routes.TryAdd(options.Name, new TrunkRoute(trunk, options)))
            {
                throw new InvalidOperationException($"Sip:Trunks: trunk '{options.Name}' is configured twice");
            }
        }

        IPAddress sipBind = ParseAddress(sip.ListenAddress, "Sip:ListenAddress");
        IPAddress mediaBind = ParseAddress(media.BindAddress, "Media:BindAddress");
        IPAddress? advertised = string.IsNullOrWhiteSpace(media.AdvertisedAddress) ? null : ParseAddress(media.AdvertisedAddress, "Media:AdvertisedAddress");
        IPAddress? sipAdvertised = string.IsNullOrWhiteSpace(sip.AdvertisedAddress) ? null : ParseAddress(sip.AdvertisedAddress, "Sip:AdvertisedAddress");
        if (media.PortRangeStart < 1024 || media.PortRangeEnd > 65534 || media.PortRangeEnd <= media.PortRangeStart)
        {
            throw new InvalidOperationException($"Media:PortRangeStart/End: {media.PortRangeStart}–{media.PortRangeEnd} is not a range within 1024–65534");
        }

        TimeSpan receiveBudget = media.ReceiveBudget();

        // Unspecified bind addresses cannot go into SDP c= lines: use the address the host would send
        // from towards the first trunk (a connected UDP socket picks it; no packet is sent).
        advertised ??= sipAdvertised ?? (mediaBind.Equals(IPAddress.Any) ? RouteAddressTowards(routes.Values.FirstOrDefault()?.Trunk) : mediaBind);
        ILogger sipLog = loggers.CreateLogger("Gateway.Sip");
        SipCaptureRouter? sipCapture = captureSettings is null ? null : new SipCaptureRouter();
        var userAgent = new SipUserAgent(
            OpenTransports(sip, sipBind, routes.Values, sipCapture, sipLog),
            new SipUserAgentOptions
            {
                AdvertisedAddress = sipAdvertised ?? (sipBind.Equals(IPAddress.Any) ? advertised : null),
                UserAgent = sip.UserAgent,
                LogMessages = sip.LogMessages,
                DnsServer = string.IsNullOrWhiteSpace(sip.DnsServer) ? null
                    : IPEndPoint.TryParse(sip.DnsServer, out IPEndPoint? dns) ? (dns.Port == 0 ? new IPEndPoint(dns.Address, 53) : dns)
                    : throw new InvalidOperationException($"Sip:DnsServer: '{sip.DnsServer}' is not an IP address or address:port"),
            },
            time,
            sipLog);
        userAgent.SourceFilter = BuildSourceFilter(sip, userAgent, routes.Values, sipLog);
        var loop = new MediaLoop(time, media.Threads > 0 ? media.Threads : Math.Max(1, System.Environment.ProcessorCount)) { ReceiveBudget = receiveBudget };
        loop.Start();
        var environment = new FaxCallEnvironment(userAgent, loop, new MediaPortAllocator(mediaBind, media.PortRangeStart, media.PortRangeEnd), advertised, time)
        {
            Capture = captureSettings,
            SipCapture = sipCapture,
        };
        var keepalives = new List<SipTrunkKeepalive>();
        foreach (TrunkRoute route in routes.Values)
        {
            SipTrunk trunk = route.Trunk;
            var gate = new TrunkGate(trunk, route.Options.Breaker, ct => userAgent.PingAsync(trunk, ct), time);
            route.Gate = gate;
            if (route.Options.KeepaliveSeconds > 0)
            {
                var keepalive = new SipTrunkKeepalive(userAgent, trunk);
                keepalive.StateChanged += gate.OnKeepalive;
                keepalive.Start();
                keepalives.Add(keepalive);
            }
        }

        return new CallRuntime(userAgent, loop, environment, routes, keepalives);
    }

    /// <summary>The trunk called <paramref name="name"/>, or the only trunk when the name is empty.</summary>
    public TrunkRoute? FindTrunk(string? name)
    {
        if (string.IsNullOrEmpty(name) || name == "default")
        {
            if (_trunks.Count == 1)
            {
                return _trunks.Values.First();
            }
        }

        return name is not null && _trunks.TryGetValue(name, out TrunkRoute? route) ? route : null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (SipTrunkKeepalive keepalive in _keepalives)
        {
            await keepalive.DisposeAsync().ConfigureAwait(false);
        }

        await _userAgent.DisposeAsync().ConfigureAwait(false);
        _media.Dispose();
    }

    /// <summary>
    /// Issue 8: SIP requests are answered only from the trunks' addresses (every RFC 3263 target of each
    /// trunk, resolved now) and from <see cref="SipOptions.AllowedSources"/> (e.g. the simulator).
    /// </summary>
    private static SipSourceFilter? BuildSourceFilter(SipOptions sip, SipUserAgent userAgent, IEnumerable<TrunkRoute> routes, ILogger log)
    {
        if (!sip.FilterSources)
        {
            return null;
        }

        var filter = new SipSourceFilter(sip.AllowedSources.Select(a => ParseAddress(a, "Sip:AllowedSources")));
        foreach (TrunkRoute route in routes)
        {
            try
            {
                filter.AllowTrunkAsync(userAgent.Resolver, route.Trunk).GetAwaiter().GetResult();
            }
            catch (SocketException e)
            {
                log.LogWarning("Sip:Trunks: trunk '{Trunk}' ({Host}) did not resolve ({Error}); requests from it will be dropped", route.Trunk.Name, route.Trunk.Host, e.Message);
            }
        }

        return filter;
    }

    /// <summary>
    /// UDP alone while every trunk is UDP; UDP and TCP on one port (plus TLS on <see cref="SipOptions.TlsListenPort"/>)
    /// once a trunk asks for TCP or TLS (RFC 3261 §18), or leaves the transport to DNS (RFC 3263 §4.1: NAPTR/SRV may
    /// then choose TCP; TLS only where a trunk asks for it, so "SIPS+D2T" is skipped without). With capture on, UDP and TCP are wrapped so each call's
    /// capture sees its SIP messages (TLS stays unwrapped: the set configures its client options on it directly).
    /// </summary>
    private static ISipTransport OpenTransports(SipOptions sip, IPAddress bind, IEnumerable<TrunkRoute> trunks, SipCaptureRouter? capture, ILogger log)
    {
        bool tcp = trunks.Any(t => t.Trunk.Transport is SipTransportKind.Tcp or SipTransportKind.Tls || t.Trunk.TransportFromDns);
        bool tls = trunks.Any(t => t.Trunk.Transport == SipTransportKind.Tls);
        if (!tcp)
        {
            var udp = new UdpSipTransport(new IPEndPoint(bind, sip.ListenPort), log);
            return capture is null ? udp : new CapturingSipTransport(udp, capture);
        }

        X509Certificate2? certificate = tls
            ? CertificateFile.Load(sip.TlsCertificatePath, sip.TlsKeyPath, sip.TlsCertificatePassword, "Sip:TlsCertificatePath", "Sip:TlsKeyPath", "Sip:TlsCertificatePassword")
            : null;
        if (tls && certificate is null)
        {
            log.LogWarning("Sip:TlsCertificatePath is not set: inbound TLS connections are refused, so a TLS trunk must send in-dialog requests (BYE, re-INVITE) on the connection we opened");
        }

        SipTransportSet set = SipTransportSet.Bind(new IPEndPoint(bind, sip.ListenPort), tcp: true, tls ? new IPEndPoint(bind, sip.TlsListenPort) : null, certificate, log);
        if (sip.TcpIdleTimeoutSeconds < 0)
        {
            throw new InvalidOperationException($"Sip:TcpIdleTimeoutSeconds: {sip.TcpIdleTimeoutSeconds} must be 0 (never) or more");
        }

        TimeSpan idle = sip.TcpIdleTimeoutSeconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(sip.TcpIdleTimeoutSeconds);
        foreach (StreamSipTransport? stream in new StreamSipTransport?[] { set.Tcp, set.Tls })
        {
            if (stream is not null)
            {
                stream.IdleTimeout = idle;
            }
        }

        return capture is null ? set : new SipTransportSet(new CapturingSipTransport(set.Udp, capture), new CapturingSipTransport(set.Tcp!, capture), set.Tls);
    }

    private static IPAddress ParseAddress(string text, string setting) =>
        IPAddress.TryParse(text, out IPAddress? address) ? address : throw new InvalidOperationException($"{setting}: '{text}' is not an IP address");

    private static IPAddress RouteAddressTowards(SipTrunk? trunk)
    {
        if (trunk is null || !IPAddress.TryParse(trunk.Host, out IPAddress? target))
        {
            return IPAddress.Loopback;
        }

        using var probe = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(new IPEndPoint(target, trunk.Port));
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }
}
