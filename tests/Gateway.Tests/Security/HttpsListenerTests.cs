using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Hosting;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gateway.Tests.Security;

/// <summary>
/// The REST API over HTTPS on 127.0.0.1 with a self-signed certificate made here: PEM (encrypted key) and PKCS#12
/// files, HTTPS only or beside HTTP, TLS 1.2 or 1.3; settings that cannot work stop the start with a clear message
/// that never shows the password.
/// </summary>
public sealed class HttpsListenerTests : IDisposable
{
    private const string Password = "tls-pass-Oscar-6161";
    private readonly string _dir = Directory.CreateTempSubdirectory("gateway-https").FullName;
    private readonly X509Certificate2 _cert = TestCertificates.SelfSigned();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serves_https_only_with_a_pem_certificate_and_encrypted_key()
    {
        var (certPath, keyPath) = WritePem();
        await using var app = await StartAsync("--urls", "https://127.0.0.1:0",
            $"--Https:CertificatePath={certPath}", $"--Https:KeyPath={keyPath}", $"--Https:CertificatePassword={Password}");

        var addresses = Addresses(app);
        var https = Assert.Single(addresses);
        Assert.StartsWith("https://127.0.0.1:", https, StringComparison.Ordinal);

        using var client = PinnedClient(https);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health/ready", Ct)).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestGateway.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/campaigns", Ct)).StatusCode);

        // The handshake itself: our certificate, TLS 1.2 or 1.3.
        var (protocol, served) = await HandshakeAsync(new Uri(https).Port);
        Assert.True(protocol is SslProtocols.Tls12 or SslProtocols.Tls13, protocol.ToString());
        Assert.Equal(_cert.Thumbprint, served);
        await app.StopAsync(Ct);
    }

    [Fact]
    public async Task Serves_https_beside_http_with_a_pkcs12_certificate()
    {
        var pfx = Path.Combine(_dir, "gateway.pfx");
        await File.WriteAllBytesAsync(pfx, _cert.Export(X509ContentType.Pkcs12, Password), Ct);
        await using var app = await StartAsync("--urls", "https://127.0.0.1:0;http://127.0.0.1:0",
            $"--Https:CertificatePath={pfx}", $"--Https:CertificatePassword={Password}");

        var addresses = Addresses(app);
        Assert.Equal(2, addresses.Count);
        using var secure = PinnedClient(addresses.Single(a => a.StartsWith("https", StringComparison.Ordinal)));
        using var plain = new HttpClient { BaseAddress = new Uri(addresses.Single(a => a.StartsWith("http:", StringComparison.Ordinal))) };
        Assert.Equal(HttpStatusCode.OK, (await secure.GetAsync("health/live", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("health/live", Ct)).StatusCode);
        await app.StopAsync(Ct);
    }

    [Fact]
    public async Task Settings_that_cannot_work_stop_the_start_naming_the_setting_not_the_password()
    {
        var pfx = Path.Combine(_dir, "gateway.pfx");
        await File.WriteAllBytesAsync(pfx, _cert.Export(X509ContentType.Pkcs12, Password), Ct);
        var (certPath, _) = WritePem();

        var noCert = Assert.Throws<InvalidOperationException>(() => Build("--urls", "https://127.0.0.1:0"));
        Assert.Contains("Https:CertificatePath", noCert.Message, StringComparison.Ordinal);

        var noHttpsUrl = Assert.Throws<InvalidOperationException>(() => Build("--urls", "http://127.0.0.1:0", $"--Https:CertificatePath={pfx}", $"--Https:CertificatePassword={Password}"));
        Assert.Contains("no https:// address", noHttpsUrl.Message, StringComparison.Ordinal);

        var wrongPassword = Assert.Throws<InvalidOperationException>(() => Build("--urls", "https://127.0.0.1:0", $"--Https:CertificatePath={pfx}", "--Https:CertificatePassword=wrong-pass-Tango-1234"));
        Assert.Contains("Https:CertificatePassword", wrongPassword.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pass-Tango-1234", wrongPassword.ToString(), StringComparison.Ordinal);

        // A PEM certificate whose key is in another file that was not named.
        var noKey = Assert.Throws<InvalidOperationException>(() => Build("--urls", "https://127.0.0.1:0", $"--Https:CertificatePath={certPath}"));
        Assert.Contains("Https:CertificatePath", noKey.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<InvalidOperationException>(() => Build("--urls", "https://127.0.0.1:0", $"--Https:CertificatePath={Path.Combine(_dir, "none.pem")}"));
        Assert.Contains("no file", missing.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _cert.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private (string Cert, string Key) WritePem()
    {
        var cert = Path.Combine(_dir, "gateway.crt");
        var key = Path.Combine(_dir, "gateway.key");
        File.WriteAllText(cert, _cert.ExportCertificatePem());
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000);
        File.WriteAllText(key, _cert.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem(Password, pbe));
        return (cert, key);
    }

    // Trusts exactly the certificate made for this test (no CA, so the platform check would reject it).
    private HttpClient PinnedClient(string address)
    {
        var thumbprint = _cert.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == thumbprint,
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    private async Task<(SslProtocols Protocol, string Thumbprint)> HandshakeAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, Ct);
        var thumbprint = _cert.Thumbprint;
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, c, _, _) => c?.GetCertHashString() == thumbprint);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" }, Ct);
        return (ssl.SslProtocol, ssl.RemoteCertificate!.GetCertHashString());
    }

    private static List<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();

    private WebApplication Build(params string[] args) => GatewayHost.Build(
    [
        .. args,
        $"--Store:Sqlite:Path={Path.Combine(_dir, "gateway.db")}",
        $"--Api:BootstrapAdminKey={TestGateway.AdminKey}",
        "--Serilog:MinimumLevel:Default=Warning",
        "--Serilog:WriteTo:0:Name=File",
        $"--Serilog:WriteTo:0:Args:path={Path.Combine(_dir, "logs", "console-.log")}",
        $"--Serilog:WriteTo:1:Args:path={Path.Combine(_dir, "logs", "gateway-.log")}",
        "--Calls:Scripted:Rules:0:Match=.*",
    ]);

    private async Task<WebApplication> StartAsync(params string[] args)
    {
        var app = Build(args);
        await app.StartAsync(Ct);
        return app;
    }
}
