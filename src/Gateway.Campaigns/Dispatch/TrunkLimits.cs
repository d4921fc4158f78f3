namespace Gateway.Campaigns.Dispatch;

/// <summary>Limits of one SIP trunk: concurrent channels (counted in the store, shared by all nodes) and call starts per second (two layers: each node's Polly rate limiter, <see cref="TrunkStartGate"/>, then the store's count over all nodes).</summary>
public sealed class TrunkLimits
{
    public int Channels { get; set; } = 4;

    public double CallsPerSecond { get; set; } = 1;
}
