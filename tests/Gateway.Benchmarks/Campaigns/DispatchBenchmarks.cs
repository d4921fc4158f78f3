using BenchmarkDotNet.Attributes;
using Gateway.Campaigns;
using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;

namespace Gateway.Benchmarks.Campaigns;

/// <summary>
/// Dispatch decisions per second: a full tick cycle per job — due-job query, window check and fair-share plan,
/// lease claim (number, daily cap, trunk channel), the call through an instant IFaxCallPlacer, retry decision and
/// completion with its webhook rows — 2,000 calls from 4 campaigns with 20,000 destinations queued.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*DispatchBenchmarks*'
/// </summary>
[Config(typeof(CampaignBenchConfig))]
public class DispatchBenchmarks : IDisposable
{
    private const int Due = 2_000;
    private const int Queued = 20_000;
    private SqlStore _store = null!;
    private Dispatcher _dispatcher = null!;

    [Params("sqlite", "postgres")]
    public string Provider { get; set; } = "sqlite";

    [IterationSetup]
    public void Setup()
    {
        _store = BenchStores.Create(Provider);
        var service = new CampaignService(_store, TimeProvider.System);
        var doc = service.AddDocumentAsync("%PDF-1.4 bench"u8.ToArray(), "bench.pdf").GetAwaiter().GetResult();
        for (var c = 0; c < 4; c++)
        {
            var campaign = service.CreateAsync(new CampaignSettings
            {
                Name = $"bench {c}",
                DocumentIds = [doc.Id],
                Sender = new SenderIdentity("+7 727 000 0000", "bench", null),
                Windows = CallWindows.Always,
                Webhook = new WebhookTarget(new Uri("http://127.0.0.1:9/hook"), "0123456789abcdef"),
            }).GetAwaiter().GetResult();
            var inputs = Enumerable.Range(0, Queued / 4).Select(i => new DestinationInput(i + 2, $"+77272{c}{i:D5}")).ToArray();
            service.AddDestinationsAsync(campaign.Id, inputs).GetAwaiter().GetResult();
            service.StartAsync(campaign.Id).GetAwaiter().GetResult();
        }

        _dispatcher = new Dispatcher(_store, _store, new InstantPlacer(), TimeProvider.System, new DispatcherOptions
        {
            NodeId = "bench",
            MaxConcurrentCalls = 64,
            FetchPerCampaign = 64,
            DefaultTrunk = new TrunkLimits { Channels = 1000, CallsPerSecond = 1_000_000 },
            MinIntervalPerNumber = TimeSpan.Zero,
        });
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _dispatcher.Dispose();
        _dispatcher = null!;
        (_store as IDisposable)?.Dispose();
    }

    public void Dispose()
    {
        _dispatcher?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(OperationsPerInvoke = Due)]
    public async Task<int> Dispatch_2000_calls()
    {
        var started = 0;
        while (started < Due)
        {
            started += (await _dispatcher.TickAsync()).CallsStarted;
            await _dispatcher.WhenIdleAsync();
        }

        return started;
    }

    private sealed class InstantPlacer : IFaxCallPlacer
    {
        public Task<CallOutcome> PlaceCallAsync(FaxCallRequest request, IFaxCallProgress progress, CancellationToken cancellationToken) =>
            Task.FromResult(new CallOutcome { Failure = FailureClass.Succeeded, Reason = "instant", Answered = true, PagesConfirmed = 1, PagesTotal = 1 });
    }
}
