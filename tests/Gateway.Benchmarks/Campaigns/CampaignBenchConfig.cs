using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Gateway.Benchmarks.Campaigns;

/// <summary>
/// Database-bound work: few, long iterations (Monitoring strategy), in process so the store and PostgreSQL
/// connection settings are the ones the service uses; a 30-minute case timeout because 100,000-row runs on a
/// loaded 2-core machine exceed the in-process default.
/// </summary>
internal sealed class CampaignBenchConfig : ManualConfig
{
    public CampaignBenchConfig() =>
        AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)).WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(2));
}
