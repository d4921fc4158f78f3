using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Calls;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.Media.Prompts;
using Gateway.Sip.Transport;
using Gateway.Telephony;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Telephony;

/// <summary>A trunk whose URI asks for TCP is dialed over TCP (RFC 3261 §18): sipp listens on TCP only (-t t1).</summary>
public sealed class CallRuntimeTcpTests
{
    private const string BusyScenario = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="busy_tcp">
          <recv request="INVITE"/>
          <send>
            <![CDATA[
              SIP/2.0 486 Busy Here
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Contact: <sip:[local_ip]:[local_port];transport=[transport]>
              Content-Length: [len]

            ]]>
          </send>
          <recv request="ACK"/>
        </scenario>
        """;

    [Fact]
    public async Task A_tcp_trunk_gets_a_transport_set_and_its_call_goes_over_tcp_to_sipp()
    {
        string dir = Directory.CreateTempSubdirectory("gateway-tcp-trunk").FullName;
        File.WriteAllText(Path.Combine(dir, "busy_tcp.xml"), BusyScenario);
        int port = FreeTcpPort();
        var psi = new ProcessStartInfo("sipp") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-sf", "busy_tcp.xml", "-t", "t1", "-i", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "1", "-nostdin", "-timeout", "30", "-timeout_error", "-trace_msg", "-message_file", Path.Combine(dir, "messages.log") })
        {
            psi.ArgumentList.Add(a);
        }

        using Process sipp = Process.Start(psi)!;
        Task<string> output = sipp.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> errors = sipp.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await WaitForListenerAsync(port);

        await using CallRuntime runtime = CallRuntime.Start(
            new SipOptions
            {
                ListenAddress = "127.0.0.1",
                ListenPort = 0,
                Trunks = [new TrunkOptions { Name = "tcp", Uri = $"sip:127.0.0.1:{port};transport=tcp", CallerId = "+77270009999" }],
            },
            new MediaOptions { BindAddress = "127.0.0.1", PortRangeStart = 46500, PortRangeEnd = 46599, Threads = 1 },
            TimeProvider.System,
            NullLoggerFactory.Instance);
        Assert.True(runtime.Environment.UserAgent.TransportSet?.Supports(SipTransportKind.Tcp), "a TCP trunk needs the multi-transport user agent");
        TrunkRoute route = runtime.FindTrunk("tcp")!;
        Assert.Equal(SipTransportKind.Tcp, route.Trunk.Transport);

        var call = new FaxCall(runtime.Environment, new Calls.FaxCallRequest
        {
            Target = "+77270000003",
            Trunk = route.Trunk,
            Document = new FaxDocumentPageSource(new FaxDocument([FaxTestChart.Create(FaxResolution.Fine, 60)])),
            T30 = new T30Settings { LocalIdent = "+7 727 GATEWAY" },
            Prompt = PromptLoader.Load(Path.Combine(FindRoot(), "assets", "prompts", "prinyat-fax.wav")),
            Settings = new FaxCallSettings { PagesTotal = 1 },
        });
        FaxCallOutcome outcome = await route.Gate.RunAsync(call.RunAsync, TestContext.Current.CancellationToken);

        Assert.Equal(Calls.FailureClass.Busy, outcome.Failure);
        Assert.Equal(486, outcome.SipStatus);
        await sipp.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        string messages = File.ReadAllText(Path.Combine(dir, "messages.log"));
        Assert.True(sipp.ExitCode == 0, $"sipp exit {sipp.ExitCode}: {await output} {await errors} {messages}");
        Assert.Contains("TCP message received", messages, StringComparison.Ordinal); // our INVITE and ACK came over TCP
        Assert.Contains("Via: SIP/2.0/TCP", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("UDP message", messages, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task WaitForListenerAsync(int port)
    {
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        Assert.Fail($"sipp did not listen on TCP {port}");
    }

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Gateway.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Gateway.sln not found above the test binaries.");
    }
}
