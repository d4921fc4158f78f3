using System.Diagnostics;
using System.Globalization;
using System.Net;
using Gateway.Calls;
using Gateway.Fax.Pages;
using Gateway.Fax.T30;
using Gateway.LoadTest;
using Gateway.Media.Prompts;
using Gateway.Media.Transport;
using Gateway.Sip.UserAgent;

// Load test (issue 7): N simultaneous fax calls from our FaxCall to the built-in far end over 127.0.0.1.
// Loopback only, bounded: each level has a deadline. Both ends run on this machine; by default the far end
// runs in a child process (its GCs and JIT then do not pause our media threads, as with a far end elsewhere,
// but it still takes CPU from the same cores); --far-end in-process puts it in this process (the session-3
// figures), a stricter lower bound.
//   dotnet run -c Release --project tests/Gateway.LoadTest -- [--transport t38|g711] [--levels 25,50,100,200] [--pages 1] [--cps 50]
//     [--deadline 240] [--far-end process|in-process] [--warmup N] [--keep-going] [--alloc-types] [--media-priority realtime|elevated|normal] [--media-threads N]
//     [--gc-latency sustained|interactive|batch] [--receive-budget MS|none]
// t38: the built-in simulator (its fax machine's gateway re-INVITEs to T.38). g711: libspandsp audio fax
// receivers behind a SIP user agent that never offers T.38, so every page crosses our software modems.
// --warmup N first runs N calls that are not measured (a service that has placed calls before: JIT done).
// --receive-budget: MediaLoop.ReceiveBudget of both ends' media loops (default the service's, 5 ms; none = drain all).
TimeSpan? receiveBudget = ArgValue(args, "--receive-budget", "") switch
{
    "" => null,
    "none" => TimeSpan.MaxValue,
    string ms => TimeSpan.FromMilliseconds(double.Parse(ms, CultureInfo.InvariantCulture)),
};
if (args.Contains("--serve-far-end"))
{
    await FarEnd.ServeAsync(RepositoryRoot.Find(), receiveBudget);
    return;
}

var levels = ArgValue(args, "--levels", "25,50,100,200,400").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
int pages = int.Parse(ArgValue(args, "--pages", "1"), CultureInfo.InvariantCulture);
// Calls start at this rate (a trunk's CPS limit); all of a level's calls are up together once ramped.
double cps = double.Parse(ArgValue(args, "--cps", "50"), CultureInfo.InvariantCulture);
bool g711 = ArgValue(args, "--transport", "t38") == "g711";
bool farInProcess = ArgValue(args, "--far-end", "process") == "in-process";
int warmup = int.Parse(ArgValue(args, "--warmup", "0"), CultureInfo.InvariantCulture);
var deadline = TimeSpan.FromSeconds(double.Parse(ArgValue(args, "--deadline", "240"), CultureInfo.InvariantCulture));
string root = RepositoryRoot.Find();
// --gc-latency sustained: GCSettings.LatencyMode = SustainedLowLatency for the whole run (no blocking gen2 GCs while
// memory allows), to compare with the default (Interactive: concurrent GC).
if (ArgValue(args, "--gc-latency", "") is { Length: > 0 } latency)
{
    System.Runtime.GCSettings.LatencyMode = Enum.Parse<System.Runtime.GCLatencyMode>(latency == "sustained" ? "SustainedLowLatency" : latency, ignoreCase: true);
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores; transport {(g711 ? "G.711 (our modems, libspandsp receivers)" : "T.38 (simulator re-INVITEs at answer)")}; {pages} page(s) per call; {cps} calls/s ramp; far end {(farInProcess ? "in this process" : "in a child process")}; warm-up {warmup} calls");
Console.WriteLine($"gc: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {System.Runtime.GCSettings.LatencyMode}, {string.Join(", ", GC.GetConfigurationVariables().Where(v => v.Key is "ConcurrentGC" or "GCGen0MaxBudget" or "GCConserveMem" or "GCHeapCount").Select(v => $"{v.Key}={v.Value}"))}; load average at start: {LoadAverage()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
using var pageWaits = new PageWaitListener();
using AllocationSampler? sampler = args.Contains("--alloc-types") ? new AllocationSampler() : null;
FarEnd? inProcess = farInProcess ? new FarEnd(root, receiveBudget) : null;
FarEndProcess? child = farInProcess ? null : await FarEndProcess.StartAsync(receiveBudget);
await using var farEndScope = (IAsyncDisposable?)inProcess ?? child!;
int farPort = g711 ? inProcess?.G711Port ?? child!.G711Port : inProcess?.T38Port ?? child!.T38Port;
var priority = Enum.Parse<MediaThreadPriority>(ArgValue(args, "--media-priority", "Realtime"), ignoreCase: true);
// Default: cores − 1, leaving a core to the far end on this same machine. Session 5 tried one per core (the
// service's default): on 2 cores G.711 300 fell from 232/300 to 133/300 faxes (spandsp's receivers got bad TCF) and
// T.38 1,000 stayed at p99 50 ms (docs/telephony.md, Load); --media-threads 2 measures it.
int mediaThreads = int.Parse(ArgValue(args, "--media-threads", Math.Max(1, Environment.ProcessorCount - 1).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
using var media = new MediaLoop(TimeProvider.System, threads: mediaThreads, priority: priority);
if (receiveBudget is { } budget)
{
    media.ReceiveBudget = budget;
}

media.Start();
await using var ua = SipUserAgent.CreateUdp(new IPEndPoint(IPAddress.Loopback, 0));
var env = new FaxCallEnvironment(ua, media, new MediaPortAllocator(IPAddress.Loopback, 30000, 39999), IPAddress.Loopback, TimeProvider.System);
var trunk = new SipTrunk { Name = "far-end", Host = "127.0.0.1", Port = farPort };
Prompt prompt = PromptLoader.Load(Path.Combine(root, "assets", "prompts", "prinyat-fax.wav"));
var document = new FaxDocument(Enumerable.Range(0, pages).Select(p => FaxTestChart.Create(FaxResolution.Fine, 400, p)).ToArray());
await Task.Delay(200); // the media threads start and set their scheduling
sampler?.FindMediaThreads();
var hostTime = new HostTime();
hostTime.FindMediaThreads();
Console.WriteLine($"our media threads: {mediaThreads}, {media.Scheduling}, receive budget per tick {(media.ReceiveBudget == TimeSpan.MaxValue ? "none" : $"{media.ReceiveBudget.TotalMilliseconds} ms")}");
if (warmup > 0)
{
    LevelResult w = await RunLevelAsync(warmup);
    Console.WriteLine($"warm-up: {w.Succeeded}/{warmup} ok in {w.Wall.TotalSeconds:F1} s (not measured)");
}

Console.WriteLine("calls  succeeded  failed  wall_s  send_jitter_p50_ms  p99_ms  p999_ms  ticks  cpu_s  gen0/1/2");
foreach (int n in levels)
{
    LevelResult r = await RunLevelAsync(n);
    Console.WriteLine($"{n,5}  {r.Succeeded,9}  {r.Failed,6}  {r.Wall.TotalSeconds,6:F1}  {r.P50.TotalMilliseconds,18:F1}  {r.P99.TotalMilliseconds,6:F1}  {r.P999.TotalMilliseconds,7:F1}  {r.Ticks,5}  {r.Cpu.TotalSeconds,5:F1}  {r.Gcs}");
    Console.WriteLine($"       {r.Diagnostics}");
    if (sampler is not null)
    {
        Console.WriteLine($"       media thread allocations (sampled): {string.Join(", ", sampler.TopOnMedia(12).Select(t => $"{t.Type} {t.Bytes / 1024} KB"))}");
        Console.WriteLine($"       other threads' allocations (sampled): {string.Join(", ", sampler.TopOffMedia(25).Select(t => $"{t.Type} {t.Bytes / 1024} KB"))}");
        Console.WriteLine($"       GCs (gen/reason:pause, promoted, gen2 and LOH after): {string.Join("; ", sampler.Gcs)}");
        sampler.Reset();
    }

    foreach ((string reason, int count) in r.Failures)
    {
        Console.WriteLine($"       {count} × {reason}");
    }

    if ((r.Failed > 0 || r.P99 >= TimeSpan.FromMilliseconds(5)) && !args.Contains("--keep-going"))
    {
        Console.WriteLine($"stopping: level {n} missed the goal (every fax succeeds, send jitter p99 < 5 ms)");
        break;
    }
}

async Task<LevelResult> RunLevelAsync(int n)
{
    using var cts = new CancellationTokenSource(deadline);
    if (child is not null)
    {
        await child.TakeStatisticsAsync();
    }

    media.Lateness.Reset();
    media.Statistics.Reset();
    hostTime.Mark();
    pageWaits.Reset();
    inProcess?.Statistics.Reset();
    inProcess?.Lateness.Reset();
    TimeSpan pauseBefore = GC.GetTotalPauseDuration();
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
    TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    var clock = Stopwatch.StartNew();
    var calls = Enumerable.Range(0, n).Select(async i =>
    {
        await Task.Delay(TimeSpan.FromSeconds(i / cps), cts.Token);
        return await new FaxCall(env, new FaxCallRequest
        {
            Target = $"+7727{i:D7}",
            Trunk = trunk,
            Document = new FaxDocumentPageSource(document),
            T30 = new T30Settings { LocalIdent = "LOAD TEST", Ecm = false },
            Prompt = prompt,
            Settings = new FaxCallSettings { PagesTotal = pages, T38 = g711 ? T38Policy.Off : T38Policy.Accept },
        }).RunAsync(cts.Token);
    }).ToArray();
    FaxCallOutcome[] outcomes;
    try
    {
        outcomes = await Task.WhenAll(calls);
    }
    catch (OperationCanceledException)
    {
        outcomes = calls.Select(c => c.IsCompletedSuccessfully ? c.Result : new FaxCallOutcome { Failure = FailureClass.NetworkError, Reason = "level deadline passed" }).ToArray();
    }

    clock.Stop();
    TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    string gcs = $"{GC.CollectionCount(0) - gcBefore[0]}/{GC.CollectionCount(1) - gcBefore[1]}/{GC.CollectionCount(2) - gcBefore[2]}";
    TimeSpan pause = GC.GetTotalPauseDuration() - pauseBefore;
    long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
    (long farAllocated, string farTicks) = child is not null
        ? await child.TakeStatisticsAsync()
        : (inProcess!.Statistics.AllocatedBytes, FarEnd.Describe(inProcess.Statistics, inProcess.Lateness));
    MediaLoopStatistics ours = media.Statistics;
    GCMemoryInfo heap = GC.GetGCMemoryInfo(GCKind.Any);
    string diagnostics = string.Create(CultureInfo.InvariantCulture,
        $"our media thread CPU {ours.WorkCpu.TotalSeconds:F2} s in {ours.Ticks} ticks: {ours.CpuMicrosecondsPerParticipantTick:F1} µs per participant per tick ({ours.ParticipantTicks / (double)Math.Max(1, ours.Ticks):F0} participants per tick on average), {ours.WorkCpu.TotalMilliseconds / n:F1} ms per call; "
        + $"late ticks (>= 5 ms) {ours.LateTicks}: {ours.LateWithGcPause} with a GC pause, {ours.LateAfterOverrun} after a long tick, {ours.LateOther} other (CPU contention); "
        + $"runs of late ticks by their first tick's cause (runs/ticks): GC {ours.LateRuns.Gc}/{ours.LateTicksByRunCause.Gc}, long tick {ours.LateRuns.LongTick}/{ours.LateTicksByRunCause.LongTick}, other {ours.LateRuns.Other}/{ours.LateTicksByRunCause.Other}; slots skipped after falling behind {ours.SkippedSlots}; "
        + $"runs started by a GC pause (first tick's lateness ms / GC pause ms / ticks / slots skipped): {string.Join(", ", ours.RecentLateRuns().Where(r => r.Cause == LateCause.GcPause).Select(r => $"{r.FirstLateness.TotalMilliseconds:F0}/{r.GcPause.TotalMilliseconds:F0}/{r.Ticks}/{r.SkippedSlots}"))}; "
        + $"receiving: {ours.ReceiveWall.TotalMilliseconds:F0} ms in all, {ours.LongTickReceiveWall.TotalMilliseconds:F0} ms in long ticks, {ours.OverrunTickReceiveWall.TotalMilliseconds:F0} ms in 20-ms ticks, budget ran out in {ours.DeferredTicks} ticks, most datagrams in one tick {ours.MaxTickDatagrams}; "
        + $"tick work p50/p99/max {ours.Work.Percentile(0.5).TotalMilliseconds:F1}/{ours.Work.Percentile(0.99).TotalMilliseconds:F1}/{ours.Work.Percentile(1).TotalMilliseconds:F1} ms; "
        + $"long ticks (work >= 5 ms) {ours.LongTicks}: wall {ours.LongTickWall.TotalMilliseconds:F0} ms, media thread CPU {ours.LongTickCpu.TotalMilliseconds:F0} ms, {ours.LongTicksWithGcPause} with a GC pause, {ours.LongTickParticipants / (double)Math.Max(1, ours.LongTicks):F0} participants and {ours.LongTickDatagrams / (double)Math.Max(1, ours.LongTicks):F0} datagrams per long tick (all ticks: {ours.Datagrams / (double)Math.Max(1, ours.Ticks):F0} datagrams); ticks of 20 ms work or more {ours.OverrunTicks}: {ours.OverrunTickParticipants / (double)Math.Max(1, ours.OverrunTicks):F0} participants and {ours.OverrunTickDatagrams / (double)Math.Max(1, ours.OverrunTicks):F0} datagrams each; "
        + $"slow steps (>= 2 ms, last 256) {FarEnd.SlowSteps(ours)}; "
        + $"phase C waited for its page {pageWaits}; {hostTime.Describe()}; far end's media thread: {farTicks}{Environment.NewLine}"
        + $"       allocated {allocated / 1048576.0:F0} MB in {(child is null ? "the process (both ends)" : "our process")}: {allocated / 1024.0 / n:F0} KB/call, of which {ours.AllocatedBytes / 1024.0 / n:F0} KB/call on our media thread and {(allocated - ours.AllocatedBytes) / 1024.0 / n:F0} KB/call on other threads; {farAllocated / 1024.0 / n:F0} KB/call on the far end's media thread; "
        + $"GCs gen0/1/2 {gcs}, pause total {pause.TotalMilliseconds:F0} ms; heap after the level: gen2 {heap.GenerationInfo[2].SizeAfterBytes / 1048576.0:F1} MB, LOH {heap.GenerationInfo[3].SizeAfterBytes / 1048576.0:F1} MB, committed {heap.TotalCommittedBytes / 1048576.0:F0} MB");
    return new LevelResult(
        outcomes.Count(o => o.Failure == FailureClass.Succeeded),
        outcomes.Count(o => o.Failure != FailureClass.Succeeded),
        clock.Elapsed,
        media.Lateness.Percentile(0.50),
        media.Lateness.Percentile(0.99),
        media.Lateness.Percentile(0.999),
        media.Lateness.Count,
        cpu,
        gcs,
        diagnostics,
        outcomes.Where(o => o.Failure != FailureClass.Succeeded).GroupBy(o => $"{o.Failure}: {o.Reason}").Select(g => (g.Key, g.Count())).ToList());
}

static string ArgValue(string[] args, string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

internal sealed record LevelResult(int Succeeded, int Failed, TimeSpan Wall, TimeSpan P50, TimeSpan P99, TimeSpan P999, long Ticks, TimeSpan Cpu, string Gcs, string Diagnostics, List<(string Reason, int Count)> Failures);
