using System.Diagnostics;
using System.Text;

namespace Gateway.Sip.Tests.Interop;

/// <summary>Runs the real Kamailio (/usr/sbin/kamailio, Debian 5.6) on 127.0.0.1 with a generated config; killed on dispose.</summary>
public sealed class KamailioProcess : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/kamailio";
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly string _dir;

    public int Port { get; }

    KamailioProcess(int port, int uasPort, string algorithm, string password, string config = "kamailio-auth-proxy.cfg")
    {
        Port = port;
        _dir = Directory.CreateTempSubdirectory("kamailio-").FullName;
        var cfg = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Interop", config))
            .Replace("PROXY_PORT", port.ToString(), StringComparison.Ordinal)
            .Replace("UAS_PORT", uasPort.ToString(), StringComparison.Ordinal)
            .Replace("AUTH_ALGORITHM", algorithm, StringComparison.Ordinal)
            .Replace("AUTH_PASSWORD", password, StringComparison.Ordinal);
        var path = Path.Combine(_dir, "kamailio.cfg");
        File.WriteAllText(path, cfg);
        var psi = new ProcessStartInfo(Binary) { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-f", path, "-D", "-E", "-m", "32", "-M", "4", "-Y", _dir, "-P", Path.Combine(_dir, "kamailio.pid") }) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static Task<KamailioProcess> StartAsync(int uasPort, string algorithm, string password) =>
        StartAsync(new KamailioProcess(SippProcess.FreeUdpPort(), uasPort, algorithm, password));

    /// <summary>The registrar configuration (kamailio-registrar.cfg): digest-authenticated REGISTER, INVITE routed by lookup.</summary>
    public static Task<KamailioProcess> StartRegistrarAsync(string password) =>
        StartAsync(new KamailioProcess(SippProcess.FreeUdpPort(), 0, "MD5", password, "kamailio-registrar.cfg"));

    static async Task<KamailioProcess> StartAsync(KamailioProcess k)
    {
        for (int i = 0; i < 50; i++)
        {
            if (k._process.HasExited) break;
            try
            {
                using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
                s.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, k.Port));
            }
            catch (System.Net.Sockets.SocketException) { await Task.Delay(200); return k; }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("kamailio did not start: " + k.Log);
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
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
