namespace Gateway.ClusterTest;

/// <summary>
/// What one cluster run does: <see cref="Nodes"/> <c>gateway serve</c> processes on one PostgreSQL database, the
/// scripted far end (<c>Calls:Mode=scripted</c>), one campaign of <see cref="Destinations"/> numbers, and SIGKILLs
/// with restarts while it runs. Numbers ending 0–3 get a short successful call (0.6 × <see cref="CallMs"/>), 4–6 a
/// normal one, 7–9 are busy on the first attempt and succeed on the next (1.4 × <see cref="CallMs"/>).
/// </summary>
public sealed record ClusterScenario
{
    public int Nodes { get; init; } = 3;

    public int Destinations { get; init; } = 1000;

    public int CallMs { get; init; } = 1500;

    /// <summary>The trunk's channels, counted in the database over all nodes (the global limit checked).</summary>
    public int TrunkChannels { get; init; } = 24;

    /// <summary>Calls one node runs at once (the sum over nodes exceeds <see cref="TrunkChannels"/> on purpose).</summary>
    public int CallsPerNode { get; init; } = 12;

    /// <summary>New calls per second on the trunk over all nodes (set below what the channels allow, so it binds).</summary>
    public double CallsPerSecond { get; init; } = 12;

    public double LeaseSeconds { get; init; } = 20;

    public int PollIntervalMs { get; init; } = 50;

    /// <summary>
    /// SIGKILLs: at the given share of final jobs, node <c>Node</c> (1-based) is killed and restarted after
    /// <c>RestartAfterSeconds</c>. Restarting inside the lease shows the node taking over its own dead leases; after
    /// it, the other nodes recover them on expiry.
    /// </summary>
    public IReadOnlyList<ClusterKill> Kills { get; init; } = [new(0.3, 2, 0.2), new(0.6, 3, 22)];

    /// <summary>A webhook receiver on 127.0.0.1 gets every event; duplicates are counted.</summary>
    public bool Webhooks { get; init; } = true;

    public int SampleIntervalMs { get; init; } = 100;

    /// <summary>
    /// Slack when intervals recorded by different nodes are compared: an attempt's start is read from the clock just
    /// before its claim transaction, which may then wait on the row lock of the completion that frees its channel.
    /// </summary>
    public int ClockSlackMs { get; init; } = 250;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The small run CI executes as a test (well under 90 s).</summary>
    public static ClusterScenario Ci => new()
    {
        Destinations = 150,
        CallMs = 500,
        TrunkChannels = 12,
        CallsPerNode = 6,
        CallsPerSecond = 8,
        LeaseSeconds = 6,
        Kills = [new(0.4, 2, 0.2)],
        Timeout = TimeSpan.FromSeconds(80),
    };
}
