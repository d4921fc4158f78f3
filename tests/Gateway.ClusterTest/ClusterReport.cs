using System.Globalization;
using System.Text;

namespace Gateway.ClusterTest;

/// <summary>The figures of one run and every violated guarantee (none when the run passed).</summary>
public sealed record ClusterReport
{
    public required ClusterScenario Scenario { get; init; }

    public TimeSpan Duration { get; init; }

    public int Jobs { get; init; }

    public int JobsSucceeded { get; init; }

    public int Attempts { get; init; }

    /// <summary>Attempts that ended with a call outcome (not released, not expired).</summary>
    public int AttemptsCompleted { get; init; }

    public int AttemptsReleased { get; init; }

    public int AttemptsExpired { get; init; }

    /// <summary>Expired attempts ended before their lease ran out: the restarted node proved its predecessor dead.</summary>
    public int RecoveredByOwner { get; init; }

    /// <summary>Expired attempts ended after their lease ran out, by whichever node saw it first.</summary>
    public int RecoveredOnExpiry { get; init; }

    /// <summary>Open attempts of each killed node at the moment of its SIGKILL.</summary>
    public IReadOnlyList<int> OpenAtKill { get; init; } = [];

    public int MaxConcurrentSampled { get; init; }

    public int MaxConcurrentRecorded { get; init; }

    public int MaxConcurrentRecordedWithSlack { get; init; }

    public int Samples { get; init; }

    public int MaxStartsInOneSecond { get; init; }

    public IReadOnlyDictionary<string, int> AttemptsPerNode { get; init; } = new Dictionary<string, int>();

    public int WebhookEvents { get; init; }

    public int WebhookDeliveries { get; init; }

    public int WebhookDuplicates { get; init; }

    public IReadOnlyList<string> Violations { get; init; } = [];

    public double AttemptsPerSecond => Attempts / Math.Max(0.001, Duration.TotalSeconds);

    public override string ToString()
    {
        var s = Scenario;
        var b = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        b.AppendLine(c, $"cluster run: {s.Nodes} nodes, {s.Destinations} destinations, calls {s.CallMs * 0.6:0}/{s.CallMs}/{s.CallMs * 1.4:0} ms, trunk {s.TrunkChannels} channels at {s.CallsPerSecond} calls/s, {s.CallsPerNode} calls per node, lease {s.LeaseSeconds} s");
        b.AppendLine(c, $"kills: {string.Join("; ", s.Kills.Select((k, i) => $"node-{k.Node} SIGKILL at {k.AtShareDone:P0} done with {OpenAtKill.ElementAtOrDefault(i)} open attempt(s), restarted after {k.RestartAfterSeconds} s"))}");
        b.AppendLine(c, $"duration {Duration.TotalSeconds:0.0} s; jobs {Jobs} ({JobsSucceeded} succeeded); attempts {Attempts} = {AttemptsPerSecond:0.0}/s (completed {AttemptsCompleted}, released {AttemptsReleased}, expired {AttemptsExpired})");
        b.AppendLine(c, $"leases expired and reclaimed: {AttemptsExpired} ({RecoveredByOwner} by the restarted owner before expiry, {RecoveredOnExpiry} after expiry)");
        b.AppendLine(c, $"max concurrent calls: sampled {MaxConcurrentSampled} ({Samples} samples), recorded intervals {MaxConcurrentRecorded} ({MaxConcurrentRecordedWithSlack} with {s.ClockSlackMs} ms clock slack); limit {s.TrunkChannels}");
        b.AppendLine(c, $"max call starts in one second: {MaxStartsInOneSecond} (trunk limit {s.CallsPerSecond}/s)");
        b.AppendLine(c, $"attempts per node: {string.Join(", ", AttemptsPerNode.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"))}");
        if (s.Webhooks)
        {
            b.AppendLine(c, $"webhooks: {WebhookEvents} events, {WebhookDeliveries} deliveries, {WebhookDuplicates} duplicate(s)");
        }

        b.AppendLine(Violations.Count == 0 ? "all guarantees held" : $"VIOLATIONS ({Violations.Count}):");
        foreach (var v in Violations.Take(50))
        {
            b.AppendLine("  " + v);
        }

        return b.ToString();
    }
}
