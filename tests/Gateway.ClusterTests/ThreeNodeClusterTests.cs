using Gateway.ClusterTest;

namespace Gateway.ClusterTests;

/// <summary>
/// The operations issue's several-nodes test, CI size (<see cref="ClusterScenario.Ci"/>): three real
/// <c>gateway serve</c> processes on one PostgreSQL database, 150 destinations with the scripted far end, one node
/// killed with SIGKILL mid-run and restarted. The full run (1,000 destinations) is the evaluation command
/// <c>dotnet run -c Release --project tests/Gateway.ClusterTest</c>.
/// </summary>
public sealed class ThreeNodeClusterTests
{
    [Fact]
    public async Task Three_nodes_with_kills_dispatch_every_attempt_once_within_the_channel_limit_and_lose_nothing()
    {
        var server = Environment.GetEnvironmentVariable("GATEWAY_TEST_POSTGRES");
        Assert.False(string.IsNullOrWhiteSpace(server), "GATEWAY_TEST_POSTGRES is not set: run 'bash scripts/ci/start-postgres.sh /tmp/gwsvc' and export what it prints");
        var scenario = ClusterScenario.Ci;
        var run = new ClusterRun(scenario, server, line => TestContext.Current.SendDiagnosticMessage(line));
        var report = await run.RunAsync(TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(report.ToString());

        Assert.True(report.Violations.Count == 0, report.ToString());
        Assert.Equal((scenario.Destinations, scenario.Destinations), (report.Jobs, report.JobsSucceeded));
        Assert.True(report.OpenAtKill.Sum() > 0, "the kills hit no running call:\n" + report);
        Assert.True(report.AttemptsExpired >= report.OpenAtKill.Sum(), report.ToString()); // every call of a killed node was recovered
        Assert.InRange(report.MaxConcurrentSampled, 1, scenario.TrunkChannels);

        // Webhook claims: only a node killed mid-pass can make an event be posted again (at least once), at most the
        // events it had claimed (Webhooks:Concurrency × 2 = 8 per pass); without claims every node posts every event.
        Assert.InRange(report.WebhookDuplicates, 0, scenario.Kills.Count * 8);
        Assert.Equal(3, report.AttemptsPerNode.Count);
    }
}
