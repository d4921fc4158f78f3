namespace Gateway.Campaigns.Dispatch;

/// <summary>Limits of one SIP trunk: concurrent channels (counted in the store, shared by all nodes) and call starts per second (per node).</summary>
public sealed class TrunkLimits
{
    public int Channels { get; set; } = 4;

    public double CallsPerSecond { get; set; } = 1;
}
