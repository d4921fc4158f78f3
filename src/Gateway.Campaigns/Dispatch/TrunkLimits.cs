namespace Gateway.Campaigns.Dispatch;

/// <summary>Limits of one SIP trunk: concurrent channels (counted in the store, shared by all nodes) and call starts per second (also counted in the store over all nodes; each node's own token bucket spares it the round trips).</summary>
public sealed class TrunkLimits
{
    public int Channels { get; set; } = 4;

    public double CallsPerSecond { get; set; } = 1;
}
