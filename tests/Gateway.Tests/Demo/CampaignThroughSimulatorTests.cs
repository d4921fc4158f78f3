using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Calls.Simulator;
using Gateway.Media.Transport;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Demo;

/// <summary>
/// Issue 7's campaign proof: 20 destinations through a real <c>gateway serve</c> process (SQLite, real SIP/RTP/T.38
/// calls) to the built-in far end on 127.0.0.1. Windows are real local time: the campaign's window is open now
/// in Almaty and closed in New York, so the New York offices must wait for their own opening, and a retry
/// whose delay runs past the window's end must wait for the next opening, not be dialled outside it.
/// </summary>
public sealed class CampaignThroughSimulatorTests : IAsyncLifetime
{
    private const string AdminKey = "campaign-e2e-admin-key-0123456789";
    private const int OpenHours = 4;
    private static readonly TimeSpan NoAnswerRetryDelay = TimeSpan.FromHours(4);
    private static readonly TimeZoneInfo Almaty = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private readonly string _dir = Directory.CreateTempSubdirectory("gateway-campaign-e2e").FullName;
    private readonly Dictionary<string, SimulatedOffice> _offices = [];
    private readonly List<string> _newYork = ["+12127360101", "+12127360102"];
    private MediaLoop _media = null!;
    private FarEndSimulator _far = null!;
    private GatewayProcess _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        void Add(int first, int count, SimulatedOffice office)
        {
            for (int i = 0; i < count; i++)
            {
                _offices[$"+7727200{first + i:D4}"] = office;
            }
        }

        Add(100, 6, SimulatedOffice.Person);
        Add(200, 5, SimulatedOffice.FaxMachine);
        Add(300, 2, SimulatedOffice.BusyOnce);
        Add(400, 2, SimulatedOffice.SilentPerson);
        Add(500, 2, SimulatedOffice.NoAnswer);
        Add(600, 1, SimulatedOffice.AnsweringMachine);

        _media = new MediaLoop(TimeProvider.System, threads: 1);
        _media.Start();
        _far = new FarEndSimulator(
            new FarEndSimulatorOptions
            {
                VoicesFolder = Path.Combine(AppContext.BaseDirectory, "assets", "simulator"),
                OutputFolder = Path.Combine(_dir, "received"),
                Offices = _offices,
            },
            _media,
            new MediaPortAllocator(IPAddress.Loopback, 51000, 51499),
            TimeProvider.System);

        _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Store__Sqlite__Path"] = Path.Combine(_dir, "gateway.db"),
            ["Api__BootstrapAdminKey"] = AdminKey,
            ["Calls__Mode"] = "sip",
            ["Calls__Fax__SwitchDelaySeconds"] = "1",
            ["Calls__Fax__RingSeconds"] = "3",
            ["Sip__ListenAddress"] = "127.0.0.1",
            ["Sip__ListenPort"] = "0",
            ["Sip__Trunks__0__Name"] = "simulator",
            ["Sip__Trunks__0__Uri"] = $"sip:127.0.0.1:{_far.SipEndPoint.Port}",
            ["Sip__Trunks__0__CallerId"] = "+77272009999",
            ["Sip__Trunks__0__Channels"] = "6",
            ["Sip__Trunks__0__CallsPerSecond"] = "5",
            ["Media__BindAddress"] = "127.0.0.1",
            ["Media__PortRangeStart"] = "50000",
            ["Media__PortRangeEnd"] = "50999",
            ["Documents__CacheFolder"] = Path.Combine(_dir, "pages"),
            ["Dispatcher__PollIntervalMs"] = "200",
            ["Dispatcher__MinIntervalPerNumberSeconds"] = "0",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__MinimumLevel__Override__Gateway.Telephony.HeaderFontWarmUp"] = "Information",
            ["Serilog__WriteTo__1__Args__path"] = Path.Combine(_dir, "logs", "gateway-.log"),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _far.DisposeAsync();
        _media.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Twenty_destinations_end_as_their_offices_behave_and_retries_and_other_zones_wait_for_their_windows()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = new Uri(_gateway.BaseAddress, "api/v1/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);

        // The window is open from an hour ago until two to three hours from now in Almaty's local time and,
        // ten hours behind, closed in New York. A span across midnight is two windows (a window is within a day).
        DateTimeOffset started = DateTimeOffset.UtcNow;
        int openHour = (TimeZoneInfo.ConvertTime(started, Almaty).Hour + 23) % 24;
        string[] everyDay = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        object[] windows = openHour + OpenHours <= 24
            ? [new { days = everyDay, from = Clock(openHour), to = Clock(openHour + OpenHours) }]
            : [new { days = everyDay, from = Clock(openHour), to = "24:00" }, new { days = everyDay, from = "00:00", to = Clock(openHour + OpenHours - 24) }];

        const string PostScript = "%!PS\n/Helvetica findfont 28 scalefont setfont 72 700 moveto (Campaign end-to-end test) show showpage\n";
        using HttpResponseMessage uploaded = await http.PostAsync("documents", new ByteArrayContent(Encoding.ASCII.GetBytes(PostScript)), ct);
        string documentId = (await Read(uploaded)).GetProperty("id").GetString()!;

        var body = new
        {
            name = "twenty offices",
            documentIds = new[] { documentId },
            sender = new { tsi = "+7 727 200 9999", headerText = "Gateway e2e", callerNumber = "+77272009999" },
            callWindows = windows,
            retryPolicy = new
            {
                maxAttempts = 3,
                classes = new
                {
                    busy = new { delaySeconds = 2, maxRetries = 2 },
                    noAnswer = new { delaySeconds = (int)NoAnswerRetryDelay.TotalSeconds, maxRetries = 1 },
                    noReply = new { delaySeconds = 600, maxRetries = 0 },
                },
            },
            destinations = _offices.Keys.Concat(_newYork).Select(n => new { number = n }).ToArray(),
        };
        using HttpResponseMessage created = await Json.PostAsync(http, "campaigns", Json.Body(body));
        string campaignId = (await Read(created)).GetProperty("id").GetString()!;
        using HttpResponseMessage start = await Json.PostAsync(http, $"campaigns/{campaignId}/start", Json.Raw("{}"));
        await Read(start);

        // Settled: every Almaty office has its final state, except the unanswered ones waiting for their retry.
        Dictionary<string, JsonElement> jobs = [];
        var deadline = DateTime.UtcNow.AddMinutes(8);
        while (true)
        {
            using HttpResponseMessage list = await http.GetAsync($"campaigns/{campaignId}/jobs?pageSize=50", ct);
            jobs = (await Read(list)).GetProperty("items").EnumerateArray().ToDictionary(j => j.GetProperty("to").GetString()!);
            bool settled = _offices.All(o => o.Value is SimulatedOffice.NoAnswer or SimulatedOffice.AnsweringMachine
                ? jobs[o.Key].GetProperty("attemptCount").GetInt32() == 1 && jobs[o.Key].GetProperty("status").GetString() is "pending" or "failed"
                : jobs[o.Key].GetProperty("status").GetString() is "succeeded" or "failed");
            if (settled)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "campaign not settled in 8 minutes: " + string.Join("; ", jobs.Values.Select(j => $"{j.GetProperty("to")} {j.GetProperty("status")} x{j.GetProperty("attemptCount")}")) + "\n" + _gateway.Output);
            await Task.Delay(1000, ct);
        }

        async Task<string[]> Outcomes(string number)
        {
            using HttpResponseMessage r = await http.GetAsync($"faxes/{jobs[number].GetProperty("id").GetString()}/attempts", ct);
            return (await Read(r)).EnumerateArray().Select(a => a.GetProperty("outcome").GetString()!).ToArray();
        }

        foreach (var (number, office) in _offices)
        {
            JsonElement job = jobs[number];
            string[] outcomes = await Outcomes(number);
            string what = $"{number} ({office}): {job}";
            switch (office)
            {
                case SimulatedOffice.Person or SimulatedOffice.FaxMachine:
                    Assert.True(job.GetProperty("status").GetString() == "succeeded", what);
                    Assert.Equal(["succeeded"], outcomes);
                    break;
                case SimulatedOffice.BusyOnce:
                    Assert.True(job.GetProperty("status").GetString() == "succeeded", what);
                    Assert.Equal(["busy", "succeeded"], outcomes);
                    break;
                case SimulatedOffice.SilentPerson:
                    Assert.True(job.GetProperty("status").GetString() == "failed", what);
                    Assert.Equal(["noReply"], outcomes);
                    break;
                case SimulatedOffice.AnsweringMachine:
                    // A machine is hung up on, never faxed; by default it is retried in a later window.
                    Assert.NotEqual("succeeded", Assert.Single(outcomes));
                    break;
                case SimulatedOffice.NoAnswer:
                    Assert.Equal(["noAnswer"], outcomes);
                    DateTimeOffset due = job.GetProperty("nextAttemptAt").GetDateTimeOffset();
                    DateTimeOffset expected = FirstOpening(started + NoAnswerRetryDelay, Almaty, openHour);
                    Assert.True(Math.Abs((due - expected).TotalMinutes) < 2, $"{what}: retry due {due:O}, expected the window opening at or after {expected:O}");
                    break;
            }
        }

        foreach (string number in _newYork)
        {
            JsonElement job = jobs[number];
            Assert.Equal("America/New_York", job.GetProperty("timeZone").GetString());
            Assert.Equal(0, job.GetProperty("attemptCount").GetInt32());
            DateTimeOffset due = job.GetProperty("nextAttemptAt").GetDateTimeOffset();
            DateTimeOffset expected = FirstOpening(started, NewYork, openHour);
            Assert.True(Math.Abs((due - expected).TotalMinutes) < 2, $"{number}: due {due:O}, expected its own window opening {expected:O}");
        }

        // The detection and RTP instruments moved, as the service's Prometheus endpoint shows them: every answered
        // office was classified, every person who heard the prompt got a reply decision, every answered call's RTP
        // gave a jitter figure and a late-packet count (0 on loopback, but the series is there).
        using var scrape = new HttpClient { BaseAddress = _gateway.BaseAddress };
        string metrics = await scrape.GetStringAsync(new Uri("metrics", UriKind.Relative), ct);
        double Sample(string name, params string[] labels) => PrometheusText.Value(metrics, name, ["trunk=\"simulator\"", .. labels]) ?? 0;
        int Count(params SimulatedOffice[] kinds) => _offices.Values.Count(kinds.Contains);
        Assert.True(Sample("gateway_detection_answer_total", "class=\"fax\"") >= Count(SimulatedOffice.FaxMachine), metrics);
        Assert.True(Sample("gateway_detection_answer_total", "class=\"person\"") >= Count(SimulatedOffice.Person, SimulatedOffice.SilentPerson), metrics);
        Assert.True(Sample("gateway_detection_answer_total", "class=\"machine\"") >= Count(SimulatedOffice.AnsweringMachine), metrics);
        Assert.True(Sample("gateway_detection_reply_total", "reply=\"no_reply\"") >= Count(SimulatedOffice.SilentPerson), metrics);
        Assert.True(Sample("gateway_detection_reply_total", "reply=\"yes\"") + Sample("gateway_detection_reply_total", "reply=\"key_pressed\"") >= Count(SimulatedOffice.Person), metrics);
        int answered = Count(SimulatedOffice.Person, SimulatedOffice.FaxMachine, SimulatedOffice.BusyOnce, SimulatedOffice.SilentPerson, SimulatedOffice.AnsweringMachine);
        Assert.True(Sample("gateway_rtp_jitter_milliseconds_count") >= answered, metrics);
        Assert.True(Sample("gateway_rtp_packets_received_total") >= answered * 50, metrics); // at least a second of audio each
        Assert.NotNull(PrometheusText.Value(metrics, "gateway_rtp_late_packets_total", "trunk=\"simulator\""));

        // The header font was rendered while the service started, not by the first call.
        Assert.Contains("Header font rendered for Fine, Standard", _gateway.Output);

        // The far end has exactly the faxes the gateway says it confirmed: one page each, never twice.
        string[] faxed = _offices.Where(o => o.Value is SimulatedOffice.Person or SimulatedOffice.FaxMachine or SimulatedOffice.BusyOnce).Select(o => o.Key).Order().ToArray();
        ReceivedFax[] received = [.. _far.Received];
        Assert.Equal(faxed, received.Select(r => r.Number).Order().ToArray());
        Assert.All(received, r => Assert.True(r.Result.Succeeded && r.Pages.Count == 1, $"{r.Number}: {r.Result}"));
    }

    /// <summary>The first moment at or after <paramref name="earliest"/> inside the daily span of <see cref="OpenHours"/> from <paramref name="openHour"/> local time.</summary>
    private static DateTimeOffset FirstOpening(DateTimeOffset earliest, TimeZoneInfo zone, int openHour)
    {
        DateTime local = TimeZoneInfo.ConvertTime(earliest, zone).DateTime;
        double sinceOpen = ((local.TimeOfDay.TotalHours - openHour) % 24 + 24) % 24;
        DateTime first = sinceOpen < OpenHours ? local : local.AddHours(24 - sinceOpen);
        return new DateTimeOffset(first, zone.GetUtcOffset(first));
    }

    private static async Task<JsonElement> Read(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Clock(int hour) => hour.ToString("D2", CultureInfo.InvariantCulture) + ":00";
}
