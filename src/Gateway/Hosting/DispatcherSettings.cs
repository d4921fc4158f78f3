using Gateway.Campaigns.Dispatch;

namespace Gateway.Hosting;

/// <summary>
/// Configuration section <c>Dispatcher</c> in the host's units (milliseconds, seconds), mapped onto the
/// Gateway.Campaigns <see cref="DispatcherOptions"/> (docs/configuration.md "Dispatcher").
/// </summary>
public sealed class DispatcherSettings
{
    /// <summary>Section name.</summary>
    public const string Section = "Dispatcher";

    /// <summary>Time between dispatcher ticks, milliseconds.</summary>
    public int PollIntervalMs { get; set; } = 500;

    /// <summary>Calls this node runs at once, over all trunks.</summary>
    public int MaxConcurrentCalls { get; set; } = 4;

    /// <summary>Channels of a trunk not listed in <see cref="Trunks"/> (counted in the store, shared by all nodes); 0 = <see cref="MaxConcurrentCalls"/>.</summary>
    public int TrunkChannels { get; set; }

    /// <summary>
    /// New calls per second for a trunk not listed in <see cref="Trunks"/>, over all nodes (counted in the store; each
    /// node also keeps a token bucket of the same rate so that it asks the store only when it may start a call).
    /// </summary>
    public double CallsPerSecond { get; set; } = 2;

    /// <summary>Limits per trunk name (<c>Dispatcher:Trunks:&lt;name&gt;:Channels</c>, <c>…:CallsPerSecond</c>).</summary>
    public Dictionary<string, TrunkLimits> Trunks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Lease length; renewed every third of it while the call runs. A dead node's calls are recovered after it.</summary>
    public double LeaseSeconds { get; set; } = 60;

    /// <summary>On SIGTERM, how long running calls may finish before they are cut and their leases released.</summary>
    public double DrainSeconds { get; set; } = 30;

    /// <summary>Least time between two calls to the same number (across campaigns), seconds.</summary>
    public double MinIntervalPerNumberSeconds { get; set; } = 60;

    /// <summary>Most calls to one number per local day.</summary>
    public int DailyCapPerNumber { get; set; } = 10;

    /// <summary>Due jobs read per campaign per tick (fair share between campaigns).</summary>
    public int FetchPerCampaign { get; set; } = 32;

    /// <summary>Due jobs read per tick in all.</summary>
    public int FetchTotal { get; set; } = 512;

    /// <summary>The library options for node <paramref name="nodeId"/>; throws naming the setting when a value is out of range.</summary>
    public DispatcherOptions ToOptions(string nodeId)
    {
        Check(PollIntervalMs >= 10, "PollIntervalMs must be >= 10");
        Check(MaxConcurrentCalls >= 1, "MaxConcurrentCalls must be >= 1");
        Check(TrunkChannels >= 0, "TrunkChannels must be >= 0");
        Check(CallsPerSecond > 0, "CallsPerSecond must be > 0");
        Check(LeaseSeconds >= 1, "LeaseSeconds must be >= 1");
        Check(DrainSeconds >= 0, "DrainSeconds must be >= 0");
        Check(MinIntervalPerNumberSeconds >= 0, "MinIntervalPerNumberSeconds must be >= 0");
        Check(DailyCapPerNumber >= 1, "DailyCapPerNumber must be >= 1");
        Check(FetchPerCampaign >= 1 && FetchTotal >= FetchPerCampaign, "FetchPerCampaign must be >= 1 and FetchTotal >= FetchPerCampaign");
        foreach (var (name, limits) in Trunks)
        {
            Check(limits.Channels >= 1 && limits.CallsPerSecond > 0, $"Trunks:{name} needs Channels >= 1 and CallsPerSecond > 0");
        }

        var lease = TimeSpan.FromSeconds(LeaseSeconds);
        return new DispatcherOptions
        {
            NodeId = nodeId,
            LeaseDuration = lease,
            LeaseRenewInterval = lease / 3,
            PollInterval = TimeSpan.FromMilliseconds(PollIntervalMs),
            MaxConcurrentCalls = MaxConcurrentCalls,
            Trunks = new Dictionary<string, TrunkLimits>(Trunks, StringComparer.OrdinalIgnoreCase),
            DefaultTrunk = new TrunkLimits { Channels = TrunkChannels > 0 ? TrunkChannels : MaxConcurrentCalls, CallsPerSecond = CallsPerSecond },
            MinIntervalPerNumber = TimeSpan.FromSeconds(MinIntervalPerNumberSeconds),
            DailyCapPerNumber = DailyCapPerNumber,
            FetchPerCampaign = FetchPerCampaign,
            FetchTotal = FetchTotal,
            DrainTimeout = TimeSpan.FromSeconds(DrainSeconds),
        };
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new InvalidOperationException("Dispatcher:" + message);
        }
    }
}
