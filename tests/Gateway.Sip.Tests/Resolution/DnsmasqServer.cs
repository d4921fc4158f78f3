using System.Diagnostics;
using System.Globalization;
using System.Net;
using Gateway.Sip.Resolution;

namespace Gateway.Sip.Tests.Resolution;

/// <summary>
/// The real dnsmasq on 127.0.0.1, started through scripts/ci/start-dns.sh with the records a test needs
/// (authoritative for .test, never forwarding). Killed on dispose.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    readonly int _pid;
    readonly string _dir;

    DnsmasqServer(IPEndPoint endPoint, int pid, string dir) { EndPoint = endPoint; _pid = pid; _dir = dir; }

    public IPEndPoint EndPoint { get; }

    public DnsClient Client => new(EndPoint) { Timeout = TimeSpan.FromSeconds(1) };

    public static async Task<DnsmasqServer> StartAsync(params string[] records)
    {
        var dir = Directory.CreateTempSubdirectory("dnsmasq-").FullName;
        var recordsFile = Path.Combine(dir, "records.conf");
        await File.WriteAllLinesAsync(recordsFile, records);
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(FindScript());
        psi.ArgumentList.Add(dir);
        psi.ArgumentList.Add(recordsFile);
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, "start-dns.sh failed: " + stderr);
        var exports = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Replace("export ", "", StringComparison.Ordinal).Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);
        var server = new DnsmasqServer(IPEndPoint.Parse(exports["GATEWAY_TEST_DNS"]), int.Parse(exports["GATEWAY_TEST_DNS_PID"], CultureInfo.InvariantCulture), dir);
        Assert.Equal(IPAddress.Loopback, server.EndPoint.Address);
        return server;
    }

    static string FindScript()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var path = Path.Combine(d.FullName, "scripts", "ci", "start-dns.sh");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("scripts/ci/start-dns.sh not found above " + AppContext.BaseDirectory);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            using var p = Process.GetProcessById(_pid);
            p.Kill();
            p.WaitForExit(2000);
        }
        catch (ArgumentException) { } // already gone
        catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
