namespace Gateway.Campaigns.Dispatch;

/// <summary>Configuration section "Dispatcher" (docs/campaigns.md "Limits").</summary>
public sealed class DispatcherOptions
{
    /// <summary>This node's id in leases; must differ between nodes sharing a PostgreSQL store.</summary>
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>How long a claim stays valid without renewal; a lost node's calls are recovered after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How often running calls' leases are renewed (well inside <see cref="LeaseDuration"/>).</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time between dispatcher ticks.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Calls this node runs at once, over all trunks.</summary>
    public int MaxConcurrentCalls { get; set; } = 8;

    /// <summary>Limits per trunk name; a trunk not listed gets <see cref="DefaultTrunk"/>.</summary>
    public Dictionary<string, TrunkLimits> Trunks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TrunkLimits DefaultTrunk { get; set; } = new();

    /// <summary>
    /// The configured trunk that campaigns naming no trunk (<c>"default"</c>) dial through, when there is exactly one.
    /// Channels are counted per trunk name in the store, so both spellings must count as this one trunk.
    /// </summary>
    public string? DefaultTrunkName { get; set; }

    /// <summary>
    /// Least time between two calls to one number across campaigns (Faxaway asked for ~5 min; research/campaign-ops.md §4).
    /// </summary>
    public TimeSpan MinIntervalPerNumber { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most calls to one number per local day across campaigns.</summary>
    public int DailyCapPerNumber { get; set; } = 10;

    /// <summary>Due jobs read per campaign per tick (the fair-share window).</summary>
    public int FetchPerCampaign { get; set; } = 32;

    /// <summary>Due jobs read per tick in all.</summary>
    public int FetchTotal { get; set; } = 512;

    /// <summary>
    /// At start, how long to wait for this node's identity lock (a killed predecessor's database connection may take a
    /// moment to close) before concluding that another live process uses the same <see cref="NodeId"/>.
    /// </summary>
    public TimeSpan NodeLockWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a stopping node waits for running calls before cancelling them.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a trunk takes calls now (the host's per-trunk circuit breaker); null means always. Jobs of an
    /// unavailable trunk stay queued and are not claimed, so a trunk outage costs no attempts.
    /// </summary>
    public Func<string, bool>? TrunkAvailable { get; set; }

    /// <summary>The trunk a campaign's setting means: <see cref="DefaultTrunkName"/> for <c>"default"</c>, else the name itself.</summary>
    public string TrunkFor(string campaignTrunk) =>
        DefaultTrunkName is { } name && string.Equals(campaignTrunk, "default", StringComparison.OrdinalIgnoreCase) ? name : campaignTrunk;

    public TrunkLimits LimitsFor(string trunk) => Trunks.TryGetValue(trunk, out var limits) ? limits : DefaultTrunk;
}
