using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Numbers;
using Gateway.Campaigns.Store;
using Gateway.Campaigns.Tests.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Campaigns.Tests.Dispatch;

/// <summary>A real SQLite store, the campaign service, a dispatcher and the scripted call double on fake time.</summary>
public sealed class DispatchHarness : IAsyncDisposable
{
    private readonly List<Dispatcher> _dispatchers = [];

    private DispatchHarness(SqlStore store, FakeTimeProvider time)
    {
        Store = store;
        Time = time;
        Placer = new ScriptedPlacer(time);
        Service = new CampaignService(store, time);
    }

    public SqlStore Store { get; }

    public FakeTimeProvider Time { get; }

    public ScriptedPlacer Placer { get; }

    public CampaignService Service { get; }

    public static async Task<DispatchHarness> CreateAsync(DateTimeOffset start) =>
        new(await TestDatabases.NewSqliteAsync(), new FakeTimeProvider(start));

    /// <summary>The same on a fresh PostgreSQL database: several dispatchers here are several nodes on one queue.</summary>
    public static async Task<DispatchHarness> CreateOnPostgresAsync(DateTimeOffset start) =>
        new(await TestDatabases.NewPostgresAsync(), new FakeTimeProvider(start));

    public Dispatcher NewDispatcher(Action<DispatcherOptions>? configure = null, IFaxCallPlacer? placer = null, string node = "node-a")
    {
        var options = new DispatcherOptions
        {
            NodeId = node,
            MinIntervalPerNumber = TimeSpan.Zero,
            DefaultTrunk = new TrunkLimits { Channels = 10, CallsPerSecond = 100 },
            MaxConcurrentCalls = 10,
        };
        configure?.Invoke(options);
        var d = new Dispatcher(Store, Store, placer ?? Placer, Time, options);
        _dispatchers.Add(d);
        return d;
    }

    public async Task<Campaign> CampaignAsync(CampaignSettings? settings = null, params DestinationInput[] destinations)
    {
        var doc = await Service.AddDocumentAsync("%PDF-1.4 test document"u8.ToArray(), "doc.pdf");
        var campaign = await Service.CreateAsync((settings ?? Settings()) with { DocumentIds = [doc.Id] });
        await Service.AddDestinationsAsync(campaign.Id, destinations);
        return await Service.StartAsync(campaign.Id);
    }

    public static CampaignSettings Settings(string name = "week", int priority = 128) => new()
    {
        Name = name,
        DocumentIds = [Guid.Empty],
        Sender = new SenderIdentity("+7 727 000 0000", "Gateway test", null),
        Priority = priority,
        Windows = CallWindows.Always,
    };

    /// <summary>One tick, then wait for the calls it started to be recorded.</summary>
    public async Task<TickResult> TickAsync(Dispatcher dispatcher)
    {
        var r = await dispatcher.TickAsync();
        await dispatcher.WhenIdleAsync();
        return r;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _dispatchers)
        {
            d.Dispose();
        }

        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
