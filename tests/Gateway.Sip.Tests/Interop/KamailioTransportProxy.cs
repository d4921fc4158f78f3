using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Gateway.Sip.Tests.Interop;

/// <summary>
/// The real Kamailio as a Record-Routing proxy on UDP, TCP and TLS (127.0.0.1), with a self-signed
/// certificate made here (CN and SAN sip.gateway.test, SAN IP 127.0.0.1). Killed on dispose.
/// </summary>
public sealed class KamailioTransportProxy : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly string _dir;

    public int UdpPort { get; }
    public int TcpPort { get; }
    public int TlsPort { get; }
    public X509Certificate2 Certificate { get; }

    KamailioTransportProxy(int uasPort)
    {
        UdpPort = FreePort(SocketType.Dgram);
        TcpPort = FreePort(SocketType.Stream);
        TlsPort = FreePort(SocketType.Stream);
        _dir = Directory.CreateTempSubdirectory("kamailio-tls-").FullName;
        Certificate = MakeCertificate(_dir);
        var tlsCfg = Path.Combine(_dir, "tls.cfg");
        File.WriteAllText(tlsCfg,
            "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n" +
            $"private_key = {_dir}/key.pem\ncertificate = {_dir}/cert.pem\n\n" +
            "[client:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n");
        var cfg = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Interop", "kamailio-tcp-tls-proxy.cfg"))
            .Replace("UDP_PORT", UdpPort.ToString(), StringComparison.Ordinal)
            .Replace("TCP_PORT", TcpPort.ToString(), StringComparison.Ordinal)
            .Replace("TLS_PORT", TlsPort.ToString(), StringComparison.Ordinal)
            .Replace("UAS_PORT", uasPort.ToString(), StringComparison.Ordinal)
            .Replace("TLS_CFG", tlsCfg, StringComparison.Ordinal);
        var path = Path.Combine(_dir, "kamailio.cfg");
        File.WriteAllText(path, cfg);
        var psi = new ProcessStartInfo(KamailioProcess.Binary) { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-f", path, "-DD", "-E", "-m", "32", "-M", "4", "-Y", _dir, "-P", Path.Combine(_dir, "kamailio.pid") }) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static async Task<KamailioTransportProxy> StartAsync(int uasPort)
    {
        var k = new KamailioTransportProxy(uasPort);
        for (int i = 0; i < 100; i++)
        {
            if (k._process.HasExited) break;
            try
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, k.TlsPort));
                await Task.Delay(300);
                return k;
            }
            catch (SocketException) { await Task.Delay(100); }
        }
        throw new InvalidOperationException("kamailio did not start: " + k.Log);
    }

    static int FreePort(SocketType type)
    {
        using var s = new Socket(AddressFamily.InterNetwork, type, type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    static X509Certificate2 MakeCertificate(string dir)
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=sip.gateway.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("sip.gateway.test");
        san.AddIpAddress(IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(Path.Combine(dir, "cert.pem"), cert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return X509CertificateLoader.LoadCertificate(cert.RawData);
    }

    public string Log { get { lock (_output) return _output.ToString(); } }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Certificate.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
