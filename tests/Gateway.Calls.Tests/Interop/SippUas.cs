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

    private Socket? _twin;

    private SippUas(string scenario, int port, int rtpPort, int udptlPort, TimeSpan pause, IPEndPoint? caller, int twinPort)
    {
        Port = port;
        TwinPort = twinPort;
        _dir = Directory.CreateTempSubdirectory("calls-sipp-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Interop", "Scenarios", scenario), Path.Combine(_dir, scenario));
        var psi = new ProcessStartInfo(Binary)
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A scenario that waits for the test's signal (<recvCmd>) runs as sipp's 3PCC controller B: it listens
        // for the twin command on a TCP port, and its calls are sent towards the remote host given here.
        string[] twin = twinPort == 0 ? [] : [$"{caller!.Address}:{caller.Port}", "-3pcc", $"127.0.0.1:{twinPort}"];
        string[] args =
        [
            .. twin, "-sf", scenario, "-i", "127.0.0.1", "-p", Str(port), "-m", "1", "-nostdin",
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

    /// <summary>The TCP port sipp takes the test's signal on (0: the scenario waits for none).</summary>
    public int TwinPort { get; }

    /// <param name="caller">Our user agent's SIP address: a scenario with a &lt;recvCmd&gt; (see <see cref="Signal"/>) needs it.</param>
    public static async Task<SippUas> StartAsync(string scenario, int rtpPort, int udptlPort, TimeSpan pause = default, IPEndPoint? caller = null)
    {
        int port = FreeUdpPort();
        bool signalled = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Interop", "Scenarios", scenario)).Contains("<recvCmd", StringComparison.Ordinal);
        if (signalled && caller is null)
        {
            throw new ArgumentException($"{scenario} waits for a signal: sipp needs the caller's address.", nameof(caller));
        }

        var sipp = new SippUas(scenario, port, rtpPort, udptlPort, pause == default ? TimeSpan.FromSeconds(1) : pause, caller, signalled ? FreeTcpPort() : 0);
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
                // sipp holds its port: it is listening.
                if (sipp.TwinPort != 0)
                {
                    await sipp.ConnectTwinAsync().ConfigureAwait(false);
                }

                return sipp;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new InvalidOperationException("sipp did not start: " + sipp.Log);
    }

    /// <summary>
    /// Tells the scenario to go on past its &lt;recvCmd&gt; (a BYE, a re-INVITE): a 3PCC twin command naming the
    /// call by its Call-ID, ended by ESC as sipp frames commands on its twin socket.
    /// </summary>
    public void Signal(string callId)
    {
        Socket twin = _twin ?? throw new InvalidOperationException("This scenario waits for no signal.");
        twin.Send(Encoding.ASCII.GetBytes($"Call-ID: {callId}\r\nX-Gateway-Test: go\r\n\u001b"));
        Signalled = true;
    }

    /// <summary>Whether <see cref="Signal"/> was sent.</summary>
    public bool Signalled { get; private set; }

    public static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private static int FreeTcpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private async Task ConnectTwinAsync()
    {
        for (int i = 0; i < 50; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, TwinPort)).ConfigureAwait(false);
                _twin = socket;
                return;
            }
            catch (SocketException)
            {
                socket.Dispose(); // not listening yet
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new InvalidOperationException("sipp's 3PCC twin socket did not open: " + Log);
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

        _twin?.Dispose(); // only now: closing it while sipp runs makes controller B quit

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
