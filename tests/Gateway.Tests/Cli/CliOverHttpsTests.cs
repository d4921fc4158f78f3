using System.Security.Cryptography.X509Certificates;
using Gateway.Cli;
using Gateway.Hosting;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gateway.Tests.Cli;

/// <summary>
/// The CLI against the service over HTTPS with a self-signed certificate on 127.0.0.1: refused with a hint by
/// default, trusted with <c>--ca-cert</c> (PEM or DER), and still refused when the trusted certificate names
/// another host or another certificate is given.
/// </summary>
public sealed class CliOverHttpsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gateway-cli-https").FullName;
    private readonly X509Certificate2 _cert = TestCertificates.SelfSigned();
    private WebApplication _app = null!;
    private string _url = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var pfx = Path.Combine(_dir, "gateway.pfx");
        await File.WriteAllBytesAsync(pfx, _cert.Export(X509ContentType.Pkcs12, "cli-https-pass"), Ct);
        _app = GatewayHost.Build(
        [
            "--urls", "https://127.0.0.1:0",
            $"--Https:CertificatePath={pfx}",
            "--Https:CertificatePassword=cli-https-pass",
            $"--Store:Sqlite:Path={Path.Combine(_dir, "gateway.db")}",
            $"--Api:BootstrapAdminKey={TestGateway.AdminKey}",
            "--Serilog:MinimumLevel:Default=Warning",
            "--Serilog:WriteTo:0:Name=File",
            $"--Serilog:WriteTo:0:Args:path={Path.Combine(_dir, "logs", "console-.log")}",
            $"--Serilog:WriteTo:1:Args:path={Path.Combine(_dir, "logs", "gateway-.log")}",
            "--Calls:Scripted:Rules:0:Match=.*",
        ]);
        await _app.StartAsync(Ct);
        _url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _cert.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        var code = await GatewayCommands.CreateDispatcher().RunAsync([.. args, "--url", _url, "--key", TestGateway.AdminKey], o, e, Ct);
        return (code, o.ToString(), e.ToString());
    }

    private string Write(string name, X509Certificate2 cert, bool pem)
    {
        var path = Path.Combine(_dir, name);
        if (pem)
        {
            File.WriteAllText(path, cert.ExportCertificatePem());
        }
        else
        {
            File.WriteAllBytes(path, cert.Export(X509ContentType.Cert));
        }

        return path;
    }

    [Fact]
    public async Task Untrusted_self_signed_certificate_fails_with_a_hint_to_give_its_certificate()
    {
        var (code, output, err) = await RunAsync("key", "list");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("", output);
        Assert.Contains("not trusted", err, StringComparison.Ordinal);
        Assert.Contains("--ca-cert", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ca_cert_option_trusts_the_services_certificate_in_pem_or_der(bool pem)
    {
        var path = Write(pem ? "gateway.crt" : "gateway.der", _cert, pem);
        var (code, output, err) = await RunAsync("key", "list", "--ca-cert", path);
        Assert.True(code == ExitCodes.Ok, err);
        Assert.Contains("bootstrap", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_certificate_is_no_trust_anchor_for_the_service()
    {
        using var other = TestCertificates.SelfSigned("CN=other");
        var (code, _, err) = await RunAsync("key", "list", "--ca-cert", Write("other.crt", other, pem: true));
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("not issued", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trusted_anchor_does_not_excuse_a_certificate_for_another_host()
    {
        using var elsewhere = TestCertificates.SelfSigned("CN=elsewhere", dnsName: "elsewhere.test");
        var anchors = new X509Certificate2Collection(elsewhere);
        Assert.False(ApiTrust.Validate(elsewhere, null, System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch | System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors, anchors));
        Assert.True(ApiTrust.Validate(elsewhere, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors, anchors));
        Assert.False(ApiTrust.Validate(null, null, System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable, anchors));
    }

    [Fact]
    public async Task A_missing_or_unreadable_ca_file_is_bad_usage()
    {
        var (missing, _, err) = await RunAsync("key", "list", "--ca-cert", Path.Combine(_dir, "none.pem"));
        Assert.Equal(ExitCodes.BadUsage, missing);
        Assert.Contains("no file", err, StringComparison.Ordinal);

        var junk = Path.Combine(_dir, "junk.pem");
        await File.WriteAllTextAsync(junk, "not a certificate", Ct);
        var (bad, _, err2) = await RunAsync("key", "list", "--ca-cert", junk);
        Assert.Equal(ExitCodes.BadUsage, bad);
        Assert.Contains("not a PEM or DER certificate", err2, StringComparison.Ordinal);
    }
}
