namespace Gateway.Dispatching;

/// <summary>Configuration section <c>Dispatcher</c>.</summary>
public sealed class DispatcherOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Dispatcher";

    /// <summary>How often due jobs are looked for when idle, milliseconds.</summary>
    public int PollIntervalMs { get; set; } = 500;

    /// <summary>Trunk channels: calls at the same time on this node.</summary>
    public int MaxConcurrentCalls { get; set; } = 4;

    /// <summary>New calls per second (token bucket, burst = one second's worth).</summary>
    public double CallsPerSecond { get; set; } = 2;

    /// <summary>Lease length; renewed every third of it while the call runs.</summary>
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>On SIGTERM, how long running calls may finish before they are cut and their leases released.</summary>
    public double DrainSeconds { get; set; } = 30;

    /// <summary>Least time between two calls to the same number (across campaigns), seconds.</summary>
    public int MinIntervalPerNumberSeconds { get; set; } = 60;

    /// <summary>Most calls to one number in 24 hours; 0 = no cap.</summary>
    public int DailyCapPerNumber { get; set; } = 10;

    /// <summary>How often expired leases of other nodes are recovered, seconds.</summary>
    public int RecoveryIntervalSeconds { get; set; } = 15;
}
