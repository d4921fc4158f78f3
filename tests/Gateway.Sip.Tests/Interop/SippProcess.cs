using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Sip.Tests.Interop;

/// <summary>
/// Runs the real sipp (Debian sip-tester, /usr/bin/sipp) as a UAS on 127.0.0.1 with a free port and
/// one of our scenarios. Bounded: sipp's own -timeout, our wait timeout, and a kill on dispose.
/// </summary>
public sealed class SippProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/sipp";
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly string _dir;

    public int Port { get; }
    public int MediaPort { get; }

    SippProcess(string scenario, int port, int mediaPort, string[] extra)
    {
        Port = port; MediaPort = mediaPort;
        _dir = Directory.CreateTempSubdirectory("sipp-").FullName;
        var src = Path.Combine(AppContext.BaseDirectory, "Interop", "Scenarios", scenario);
        File.Copy(src, Path.Combine(_dir, scenario));
        var psi = new ProcessStartInfo(Binary)
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-sf", scenario, "-i", "127.0.0.1", "-p", port.ToString(), "-mp", mediaPort.ToString(), "-m", "1", "-nostdin",
                     "-timeout", "30", "-timeout_error", "-trace_err", "-trace_msg", "-message_file", Path.Combine(_dir, "messages.log") })
            psi.ArgumentList.Add(a);
        foreach (var a in extra) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static async Task<SippProcess> StartUasAsync(string scenario, params string[] extra)
    {
        int port = FreeUdpPort(), media = FreeUdpPort();
        var p = new SippProcess(scenario, port, media, extra);
        // Wait until sipp has bound its SIP port (binding it ourselves then fails).
        for (int i = 0; i < 50; i++)
        {
            if (p._process.HasExited) break;
            bool tcp = extra.Contains("t1");
            try
            {
                using var s = tcp ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                s.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException) { return p; }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("sipp did not start: " + p.Log);
    }

    public static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    /// <summary>sipp's exit code (0 = scenario passed, 1 = a call failed), or throws after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { throw new TimeoutException("sipp did not finish: " + Log); }
        return _process.ExitCode;
    }

    public string Log
    {
        get
        {
            var sb = new StringBuilder();
            lock (_output) sb.Append(_output);
            foreach (var f in Directory.GetFiles(_dir, "*.log")) sb.AppendLine("== " + Path.GetFileName(f)).Append(File.ReadAllText(f));
            return sb.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (Environment.GetEnvironmentVariable("SIPP_KEEP") is null) { try { Directory.Delete(_dir, true); } catch (IOException) { } }
    }
}
