using System.Net;
using System.Text.Json;
using Gateway.Calls.Simulator;
using Gateway.Cli;
using Gateway.Fax.Pages;
using Gateway.Media.Transport;

namespace Gateway.Tests.Telephony;

/// <summary><c>gateway send</c> as a user runs it: arguments in, exit code, live lines and the result file out, against the built-in far end.</summary>
public sealed class SendVerbTests : IAsyncLifetime
{
    private static readonly string Root = FindRoot();
    private readonly string _dir = Directory.CreateTempSubdirectory("gateway-send").FullName;
    private MediaLoop _media = null!;
    private FarEndSimulator _simulator = null!;

    public ValueTask InitializeAsync()
    {
        _media = new MediaLoop(TimeProvider.System, threads: 1);
        _media.Start();
        _simulator = new FarEndSimulator(
            new FarEndSimulatorOptions
            {
                VoicesFolder = Path.Combine(Root, "assets", "simulator"),
                OutputFolder = Path.Combine(_dir, "received"),
                Offices = new Dictionary<string, SimulatedOffice> { ["+77272000003"] = SimulatedOffice.Busy, ["+77272000005"] = SimulatedOffice.AnsweringMachine },
            },
            _media,
            new MediaPortAllocator(IPAddress.Loopback, 48000, 48499),
            TimeProvider.System);
        File.WriteAllText(Path.Combine(_dir, "letter.ps"), "%!PS\n/Helvetica findfont 30 scalefont setfont 72 700 moveto (Hello from gateway send) show showpage\n");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _media.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(int Code, string Out, string Err)> Send(params string[] extra)
    {
        string[] args =
        [
            "send", "--trunk", $"sip:127.0.0.1:{_simulator.SipEndPoint.Port}", "--listen", "127.0.0.1", "--media-ports", "48500-48999",
            "--window", "mon-sun 00:00-24:00", .. extra,
        ];
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await GatewayCommands.CreateDispatcher().RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_fax_machine_gets_the_document_with_its_header_and_the_result_file_says_so()
    {
        string result = Path.Combine(_dir, "result.json");
        var (code, output, error) = await Send("--to", "+77272000001", "--file", Path.Combine(_dir, "letter.ps"), "--from", "+77270009999", "--header", "ACME", "--result", result);

        Assert.True(code == 0, output + error);
        Assert.Contains("page 1/1 confirmed", output);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(result));
        JsonElement r = json.RootElement;
        Assert.Equal("Succeeded", r.GetProperty("outcome").GetString());
        Assert.Equal("+77272000001", r.GetProperty("to").GetString());
        Assert.Equal("fax", r.GetProperty("answeredBy").GetString());
        Assert.Equal("t38", r.GetProperty("transport").GetString());
        Assert.Equal((1, 1), (r.GetProperty("pagesConfirmed").GetInt32(), r.GetProperty("pagesTotal").GetInt32()));
        foreach (string field in new[] { "sipStatus", "bitRate", "ecm", "remoteIdent", "t30Result", "startedAt", "answeredAt", "endedAt", "durationSeconds" })
        {
            Assert.True(r.TryGetProperty(field, out _), field);
        }

        FaxPage page = Assert.Single(Assert.Single(_simulator.Received).Pages);
        Assert.Contains(Enumerable.Range(0, 30), y => Enumerable.Range(0, 400).Any(x => page.IsBlack(x, y))); // the header line
    }

    [Fact]
    public async Task Live_lines_show_each_state_the_negotiated_rate_and_every_page_n_of_m_in_order()
    {
        // Two pages, so "page n/m" is seen counting; the far end is the simulator's fax machine (T.38).
        File.WriteAllText(Path.Combine(_dir, "two.ps"), "%!PS\n/Helvetica findfont 30 scalefont setfont 72 700 moveto (one) show showpage 72 700 moveto (two) show showpage\n");
        string result = Path.Combine(_dir, "progress.json");
        var (code, output, error) = await Send("--to", "+77272000004", "--file", Path.Combine(_dir, "two.ps"), "--result", result);

        Assert.True(code == 0, output + error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(lines[..^1], l => Assert.Matches(@"^\d\d:\d\d:\d\d ", l)); // every live line is time-stamped
        int bitRate = JsonDocument.Parse(File.ReadAllText(result)).RootElement.GetProperty("bitRate").GetInt32();
        Assert.Contains(bitRate, new[] { 2400, 4800, 7200, 9600, 12000, 14400 });

        // The lines a user watches, in the order they happen (each exactly once).
        string[] expected =
        [
            "dialing",
            "answered; listening who it is",
            "faxing",
            $"{bitRate} bit/s over T.38",
            "page 1/2 confirmed",
            "page 2/2 confirmed",
            "hanging up",
            "ended",
            "answered by fax, remote ident 'SIMULATED OFFICE'",
        ];
        int[] at = expected.Select(e => Array.FindIndex(lines, l => l.EndsWith(" " + e, StringComparison.Ordinal))).ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(at[i] >= 0, $"no line '{expected[i]}' in:\n{output}");
            Assert.Single(lines, l => l.EndsWith(" " + expected[i], StringComparison.Ordinal));
        }

        Assert.True(at.SequenceEqual(at.Order()), $"lines out of order ({string.Join(",", at)}):\n{output}");
        Assert.Matches($@"^Succeeded: .+ \(2/2 pages, t38, {bitRate} bit/s\)$", lines[^1]);
    }

    [Fact]
    public async Task A_busy_line_exits_1_with_the_failure_class()
    {
        string result = Path.Combine(_dir, "busy.json");
        var (code, output, _) = await Send("--to", "+77272000003", "--file", Path.Combine(_dir, "letter.ps"), "--result", result);

        Assert.Equal(1, code);
        Assert.Contains("Busy", output);
        Assert.Equal(486, JsonDocument.Parse(File.ReadAllText(result)).RootElement.GetProperty("sipStatus").GetInt32());
    }

    [Fact]
    public async Task Outside_the_destinations_calling_window_nothing_is_dialed()
    {
        // A window on one day only: the day after today in Almaty, so it is closed now.
        DayOfWeek tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty")).AddDays(1).DayOfWeek;
        string day = tomorrow.ToString()[..3].ToLowerInvariant();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await GatewayCommands.CreateDispatcher().RunAsync(
            ["send", "--to", "+77272000001", "--file", Path.Combine(_dir, "letter.ps"), "--trunk", $"sip:127.0.0.1:{_simulator.SipEndPoint.Port}", "--window", $"{day} 09:00-18:00"],
            output, error, TestContext.Current.CancellationToken);

        Assert.Equal(1, code);
        Assert.Contains("outside the calling window", error.ToString());
        Assert.Empty(_simulator.Received);
    }

    [Fact]
    public async Task The_service_configuration_given_with_config_decides_what_the_call_does_with_a_machine()
    {
        // The service's default hangs up on an answering machine; this configuration plays the prompt to it anyway
        // (Calls:Fax:OnMachine = Prompt), once, and waits 2 s for a reply that a machine never gives.
        string config = Path.Combine(_dir, "appsettings.json");
        File.WriteAllText(config, """{ "Calls": { "Fax": { "OnMachine": "Prompt", "PromptPlays": 1, "ReplySeconds": 2 } } }""");
        string plain = Path.Combine(_dir, "plain.json"), configured = Path.Combine(_dir, "configured.json");

        var (plainCode, plainOut, _) = await Send("--to", "+77272000005", "--file", Path.Combine(_dir, "letter.ps"), "--result", plain);
        var (code, output, error) = await Send("--to", "+77272000005", "--file", Path.Combine(_dir, "letter.ps"), "--result", configured, "--config", config);

        Assert.Equal((1, 1), (plainCode, code));
        JsonElement before = JsonDocument.Parse(File.ReadAllText(plain)).RootElement, after = JsonDocument.Parse(File.ReadAllText(configured)).RootElement;
        Assert.Equal(("machine", "machine"), (before.GetProperty("answeredBy").GetString(), after.GetProperty("answeredBy").GetString()));
        Assert.DoesNotContain("prompt", plainOut, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("prompt", output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("NoReply", after.GetProperty("outcome").GetString());
        Assert.NotEqual("NoReply", before.GetProperty("outcome").GetString());
        Assert.Empty(error);
    }

    [Fact]
    public async Task A_configuration_file_that_does_not_parse_or_bind_exits_2_naming_it()
    {
        string broken = Path.Combine(_dir, "broken.json"), wrong = Path.Combine(_dir, "wrong.json");
        File.WriteAllText(broken, "{ \"Calls\": ");
        File.WriteAllText(wrong, """{ "Media": { "Reply": { "MinContrastDb": "loud" } } }""");

        var (brokenCode, _, brokenError) = await Send("--to", "+77272000001", "--file", Path.Combine(_dir, "letter.ps"), "--config", broken);
        var (wrongCode, _, wrongError) = await Send("--to", "+77272000001", "--file", Path.Combine(_dir, "letter.ps"), "--config", wrong);

        Assert.Equal((2, 2), (brokenCode, wrongCode));
        Assert.Contains("--config", brokenError);
        Assert.Contains("--config", wrongError);
        Assert.Contains("MinContrastDb", wrongError);
        Assert.Empty(_simulator.Received);
    }

    [Theory]
    [InlineData("missing required option --file")]
    [InlineData("no such file")]
    [InlineData("not a PDF, PostScript, TIFF, PNG or JPEG")]
    [InlineData("not a valid number")]
    public async Task Bad_input_exits_2_with_a_message_naming_it(string message)
    {
        string garbage = Path.Combine(_dir, "garbage.pdf");
        File.WriteAllText(garbage, "this is not a document");
        string[] args = message switch
        {
            "missing required option --file" => ["--to", "+77272000001"],
            "no such file" => ["--to", "+77272000001", "--file", Path.Combine(_dir, "nope.pdf")],
            "not a valid number" => ["--to", "+7727", "--file", Path.Combine(_dir, "letter.ps")],
            _ => ["--to", "+77272000001", "--file", garbage],
        };

        var (code, _, error) = await Send(args);

        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Empty(_simulator.Received);
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
