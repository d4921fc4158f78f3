using System.Globalization;
using Gateway.ClusterTest;

// Evaluation command (docs/operations.md "Scaling out"):
//   dotnet run -c Release --project tests/Gateway.ClusterTest -- [--ci] [--nodes 3] [--destinations 1000] [--call-ms 1500]
//       [--channels 24] [--per-node 12] [--cps 40] [--lease 4]
// Needs GATEWAY_TEST_POSTGRES (scripts/ci/start-postgres.sh); creates and drops its own database. Exit code 1 when a
// guarantee was violated.
var server = Environment.GetEnvironmentVariable("GATEWAY_TEST_POSTGRES");
if (string.IsNullOrWhiteSpace(server))
{
    Console.Error.WriteLine("GATEWAY_TEST_POSTGRES is not set: run 'bash scripts/ci/start-postgres.sh /tmp/gwsvc' and export what it prints");
    return 2;
}

var scenario = args.Contains("--ci") ? ClusterScenario.Ci : new ClusterScenario();
for (var i = 0; i + 1 < args.Length; i++)
{
    var value = args[i + 1];
    scenario = args[i] switch
    {
        "--nodes" => scenario with { Nodes = int.Parse(value, CultureInfo.InvariantCulture) },
        "--destinations" => scenario with { Destinations = int.Parse(value, CultureInfo.InvariantCulture) },
        "--call-ms" => scenario with { CallMs = int.Parse(value, CultureInfo.InvariantCulture) },
        "--channels" => scenario with { TrunkChannels = int.Parse(value, CultureInfo.InvariantCulture) },
        "--per-node" => scenario with { CallsPerNode = int.Parse(value, CultureInfo.InvariantCulture) },
        "--cps" => scenario with { CallsPerSecond = double.Parse(value, CultureInfo.InvariantCulture) },
        "--lease" => scenario with { LeaseSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
        _ => scenario,
    };
}

var run = new ClusterRun(scenario, server, line => Console.WriteLine(line));
var report = await run.RunAsync(CancellationToken.None);
Console.WriteLine(report);
return report.Violations.Count == 0 ? 0 : 1;
