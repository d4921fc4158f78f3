using BenchmarkDotNet.Attributes;
using Gateway.Campaigns;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;

namespace Gateway.Benchmarks.Campaigns;

/// <summary>
/// Enqueue 100,000 destinations into one campaign: through <see cref="CampaignService"/> (E.164 normalization,
/// time-zone choice, de-duplication, one transaction) and straight into the store.
/// Run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*EnqueueBenchmarks*'
/// </summary>
[Config(typeof(CampaignBenchConfig))]
public class EnqueueBenchmarks
{
    private const int Count = 100_000;
    private SqlStore _store = null!;
    private CampaignService _service = null!;
    private Campaign _campaign = null!;
    private DestinationInput[] _inputs = null!;
    private List<Job> _jobs = null!;

    [Params("sqlite", "postgres")]
    public string Provider { get; set; } = "sqlite";

    [IterationSetup]
    public void Setup()
    {
        _store = BenchStores.Create(Provider);
        _service = new CampaignService(_store, TimeProvider.System);
        var doc = _service.AddDocumentAsync("%PDF-1.4 bench"u8.ToArray(), "bench.pdf").GetAwaiter().GetResult();
        _campaign = _service.CreateAsync(new CampaignSettings
        {
            Name = "bench",
            DocumentIds = [doc.Id],
            Sender = new SenderIdentity("+7 727 000 0000", "bench", null),
            DefaultTimeZone = "Asia/Almaty",
        }).GetAwaiter().GetResult();
        _inputs = Enumerable.Range(0, Count).Select(i => new DestinationInput(i + 2, $"+77272{i:D6}")).ToArray();
        var now = DateTimeOffset.UtcNow;
        _jobs = _inputs.Select(i => new Job
        {
            Id = Guid.CreateVersion7(now),
            CampaignId = _campaign.Id,
            Destination = new Destination(i.Number, "Asia/Almaty", TimeZoneSource.Number, ["Asia/Almaty"]),
            State = JobState.Pending,
            NextAttemptAt = now,
            SourceLine = i.Line,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
    }

    [IterationCleanup]
    public void Cleanup() => (_store as IDisposable)?.Dispose();

    [Benchmark(OperationsPerInvoke = Count)]
    public async Task<int> Service_enqueue_100k() => (await _service.AddDestinationsAsync(_campaign.Id, _inputs)).Added;

    [Benchmark(OperationsPerInvoke = Count)]
    public Task<int> Store_insert_100k() => _store.InsertJobsAsync(_campaign.Id, _jobs);
}
