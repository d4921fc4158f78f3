using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Gateway.Benchmarks.Campaigns;

/// <summary>
/// Database-bound work: few, long iterations (Monitoring strategy), in process so the store and PostgreSQL
/// connection settings are the ones the service uses.
/// </summary>
internal sealed class CampaignBenchConfig : ManualConfig
{
    public CampaignBenchConfig() =>
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3));
}
