using System.Diagnostics.Metrics;
using System.Net;
using Gateway.Calls.Simulator;
using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;
using Gateway.Fax.Pages;
using Gateway.Media.Transport;
using Gateway.Telephony;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Telephony;

/// <summary>
/// The dispatcher's SIP call placer against the built-in far end over 127.0.0.1, in real time: trunk
/// selection, progress written as pages are confirmed, the outcome in the campaign engine's words.
/// </summary>
public sealed class FaxCallPlacerTests : IAsyncLifetime
{
    private static readonly string Root = FindRoot();
    private readonly string _output = Directory.CreateTempSubdirectory("gateway-placer").FullName;
    private MediaLoop _simMedia = null!;
    private FarEndSimulator _simulator = null!;
    private CallRuntime _runtime = null!;

    public ValueTask InitializeAsync()
    {
        _simMedia = new MediaLoop(TimeProvider.System, threads: 1);
        _simMedia.Start();
        _simulator = new FarEndSimulator(
            new FarEndSimulatorOptions
            {
                VoicesFolder = Path.Combine(Root, "assets", "simulator"),
                OutputFolder = _output,
                Offices = new Dictionary<string, SimulatedOffice>
                {
                    ["+77270000001"] = SimulatedOffice.FaxMachine,
                    ["+77270000003"] = SimulatedOffice.Busy,
                },
            },
            _simMedia,
            new MediaPortAllocator(IPAddress.Loopback, 47000, 47499),
            TimeProvider.System);
        _runtime = CallRuntime.Start(
            new SipOptions
            {
                ListenAddress = "127.0.0.1",
                ListenPort = 0,
                Trunks = [new TrunkOptions { Name = "sim", Uri = $"sip:127.0.0.1:{_simulator.SipEndPoint.Port}", CallerId = "+77270009999", Ecm = false }],
            },
            new MediaOptions { BindAddress = "127.0.0.1", PortRangeStart = 47500, PortRangeEnd = 47999, Threads = 1 },
            TimeProvider.System,
            NullLoggerFactory.Instance);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _simulator.DisposeAsync();
        _simMedia.Dispose();
        Directory.Delete(_output, recursive: true);
    }

    [Fact]
    public async Task A_fax_machine_gets_the_pages_and_the_confirmed_pages_are_reported_before_the_outcome()
    {
        var progress = new RecordingProgress();
        CallOutcome outcome = await NewPlacer(pages: 2).PlaceCallAsync(Request("+77270000001", "sim"), progress, TestContext.Current.CancellationToken);

        Assert.Equal(FailureClass.Succeeded, outcome.Failure);
        Assert.Equal(FaxTransport.T38, outcome.Transport);
        Assert.Equal((2, 2), (outcome.PagesConfirmed, outcome.PagesTotal));
        Assert.Equal("SIMULATED OFFICE", outcome.RemoteIdent);
        Assert.NotNull(progress.AnsweredAt);
        Assert.Equal([1, 2], progress.Pages);
        Assert.Equal(2, Assert.Single(_simulator.Received).PageFiles.Count);
    }

    [Fact]
    public async Task Calls_are_counted_by_trunk_and_outcome_without_numbers_in_the_tags()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new CallMetrics(services.GetRequiredService<IMeterFactory>(), _runtime.Media, _runtime.Trunks);
        var placed = new List<(long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CallMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "gateway.calls.placed")
            {
                placed.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        listener.Start();

        await NewPlacer(pages: 1, metrics).PlaceCallAsync(Request("+77270000003", "sim"), new RecordingProgress(), TestContext.Current.CancellationToken);

        var (value, tags) = Assert.Single(placed);
        Assert.Equal(1, value);
        Assert.Equal("sim", tags["trunk"]);
        Assert.Equal("Busy", tags["outcome"]);
        Assert.DoesNotContain(tags.Values, v => v is string s && s.Contains("+7727", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_busy_line_is_busy_and_nothing_is_reported_as_answered()
    {
        var progress = new RecordingProgress();
        CallOutcome outcome = await NewPlacer(pages: 1).PlaceCallAsync(Request("+77270000003", "sim"), progress, TestContext.Current.CancellationToken);

        Assert.Equal(FailureClass.Busy, outcome.Failure);
        Assert.Equal(486, outcome.SipStatus);
        Assert.Null(progress.AnsweredAt);
        Assert.Empty(progress.Pages);
    }

    [Fact]
    public async Task An_unknown_trunk_is_a_network_error_that_names_the_setting()
    {
        CallOutcome outcome = await NewPlacer(pages: 1).PlaceCallAsync(Request("+77270000001", "nowhere"), new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Equal(FailureClass.NetworkError, outcome.Failure);
        Assert.Contains("Sip:Trunks", outcome.Reason);
        Assert.Empty(_simulator.Received);
    }

    [Fact]
    public async Task The_trunk_answers_the_options_probe()
    {
        TrunkRoute route = _runtime.FindTrunk("sim")!;
        int? status = await _runtime.Environment.UserAgent.PingAsync(route.Trunk, TestContext.Current.CancellationToken);

        Assert.Equal(200, status);
    }

    private FaxCallPlacer NewPlacer(int pages, CallMetrics? metrics = null) => new(
        _runtime,
        new OpaquePages(pages),
        new PromptCatalog(new FaxCallOptions(), Root),
        new FaxCallOptions(),
        NullLogger<FaxCallPlacer>.Instance,
        metrics);

    private static Campaigns.Dispatch.FaxCallRequest Request(string number, string trunk) => new(
        Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), number, new SenderIdentity("+7 727 GATEWAY", "ACME", "+77270009999"),
        [], null, StartPage: 0, AttemptNumber: 1, CallProfile: trunk);

    private sealed class OpaquePages(int count) : IFaxPageSourceFactory
    {
        public Task<PreparedFax> PrepareAsync(IReadOnlyList<DocumentRef> documents, SenderIdentity sender, int startPage, DateTimeOffset sendingAt, CancellationToken ct) =>
            Task.FromResult(new PreparedFax(new FaxDocumentPageSource(new FaxDocument(Enumerable.Range(0, count).Select(i => FaxTestChart.Create(FaxResolution.Fine, 120, i)).ToArray())), count));
    }

    private sealed class RecordingProgress : IFaxCallProgress
    {
        public DateTimeOffset? AnsweredAt { get; private set; }

        public List<int> Pages { get; } = [];

        public ValueTask AnsweredAsync(DateTimeOffset at, CancellationToken cancellationToken)
        {
            AnsweredAt = at;
            return ValueTask.CompletedTask;
        }

        public ValueTask PagesConfirmedAsync(int pagesConfirmed, int pagesTotal, CancellationToken cancellationToken)
        {
            Pages.Add(pagesConfirmed);
            return ValueTask.CompletedTask;
        }
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
