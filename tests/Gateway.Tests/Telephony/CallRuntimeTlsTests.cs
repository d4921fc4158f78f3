using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Sip.Transport;
using Gateway.Telephony;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Telephony;

/// <summary>Our TLS listener (RFC 3261 §26.2) presents the configured certificate, so a TLS trunk can reach our Contact.</summary>
public sealed class CallRuntimeTlsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SipOptions TlsSip(string certificate, string key) => new()
    {
        ListenAddress = "127.0.0.1",
        ListenPort = 0,
        TlsListenPort = 0,
        TlsCertificatePath = certificate,
        TlsKeyPath = key,
        Trunks = [new TrunkOptions { Name = "tls", Uri = "sips:127.0.0.1:1;transport=tls", TlsValidateCertificate = false }],
    };

    private static MediaOptions Media => new() { BindAddress = "127.0.0.1", PortRangeStart = 46600, PortRangeEnd = 46699, Threads = 1 };

    [Fact]
    public async Task The_tls_listener_presents_the_configured_certificate()
    {
        string dir = Directory.CreateTempSubdirectory("gateway-sip-tls").FullName;
        using X509Certificate2 cert = TestCertificates.SelfSigned();
        string certPath = Path.Combine(dir, "sip.crt"), keyPath = Path.Combine(dir, "sip.key");
        await File.WriteAllTextAsync(certPath, cert.ExportCertificatePem(), Ct);
        using (ECDsa key = cert.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), Ct);
        }

        await using CallRuntime runtime = CallRuntime.Start(TlsSip(certPath, keyPath), Media, TimeProvider.System, NullLoggerFactory.Instance);
        var listener = runtime.Environment.UserAgent.TransportSet!.LocalEndPointFor(SipTransportKind.Tls)!.Value.EndPoint;

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(listener, Ct);
        string? presented = null;
        // Self-signed: trusted by pinning, the way a trunk would pin ours; the handshake fails on any other certificate.
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, c, _, _) =>
        {
            presented = c?.GetCertHashString();
            return presented == cert.Thumbprint;
        });
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" }, Ct);

        Assert.True(ssl.IsAuthenticated);
        Assert.Equal(cert.Thumbprint, presented);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void A_missing_certificate_file_stops_the_start_naming_the_setting()
    {
        var e = Assert.Throws<InvalidOperationException>(() => CallRuntime.Start(TlsSip("/nonexistent/sip.crt", ""), Media, TimeProvider.System, NullLoggerFactory.Instance));
        Assert.Contains("Sip:TlsCertificatePath", e.Message, StringComparison.Ordinal);
    }
}
