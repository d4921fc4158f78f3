using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Calls.Tests.Interop;

/// <summary>
/// The real sipp (/usr/bin/sipp) as the SIP far end on 127.0.0.1, running one of our scenarios for one
/// call. The media ports its SDP announces are the test's own sockets (<c>-key rtp_port</c>,
/// <c>-key udptl_port</c>), where libspandsp stands behind them. Bounded by sipp's -timeout, our wait
/// and a kill on dispose.
/// </summary>
internal sealed class SippUas : IAsyncDisposable
{
    private const string Binary = "/usr/bin/sipp";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dir;

    private SippUas(string scenario, int port, int rtpPort, int udptlPort, TimeSpan pause)
    {
        Port = port;
        _dir = Directory.CreateTempSubdirectory("calls-sipp-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Interop", "Scenarios", scenario), Path.Combine(_dir, scenario));
        var psi = new ProcessStartInfo(Binary)
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "-sf", scenario, "-i", "127.0.0.1", "-p", Str(port), "-m", "1", "-nostdin",
            "-key", "rtp_port", Str(rtpPort), "-key", "udptl_port", Str(udptlPort), "-d", Str((int)pause.TotalMilliseconds),
            "-timeout", "150", "-timeout_error", "-trace_err", "-trace_msg", "-message_file", Path.Combine(_dir, "messages.log"),
            "-error_file", Path.Combine(_dir, "errors.log"),
        ];
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public static async Task<SippUas> StartAsync(string scenario, int rtpPort, int udptlPort, TimeSpan pause = default)
    {
        int port = FreeUdpPort();
        var sipp = new SippUas(scenario, port, rtpPort, udptlPort, pause == default ? TimeSpan.FromSeconds(1) : pause);
        for (int i = 0; i < 50; i++)
        {
            if (sipp._process.HasExited)
            {
                break;
            }

            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                return sipp; // sipp holds its port: it is listening
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new InvalidOperationException("sipp did not start: " + sipp.Log);
    }

    public static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    /// <summary>sipp's exit code: 0 when the scenario ran through (every check_it held), else 1.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("sipp did not finish: " + Log);
        }

        return _process.ExitCode;
    }

    /// <summary>Every SIP message sipp sent and received, as it logged them.</summary>
    public string Messages => File.Exists(Path.Combine(_dir, "messages.log")) ? File.ReadAllText(Path.Combine(_dir, "messages.log")) : "";

    public string Log
    {
        get
        {
            var sb = new StringBuilder();
            lock (_output)
            {
                sb.Append(_output);
            }

            foreach (string f in Directory.GetFiles(_dir, "*.log"))
            {
                sb.AppendLine("== " + Path.GetFileName(f)).Append(File.ReadAllText(f));
            }

            return sb.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        if (Environment.GetEnvironmentVariable("SIPP_KEEP") is null)
        {
            try
            {
                Directory.Delete(_dir, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
