using System.Net;
using Gateway.Calls.Simulator;
using Gateway.Media.Transport;

namespace Gateway.LoadTest;

/// <summary>
/// The far ends the load test calls: the built-in simulator (T.38) and the libspandsp G.711 office, on one
/// media thread of their own. Lives for the whole run, in this process or in a child process (see
/// <see cref="FarEndProcess"/>).
/// </summary>
internal sealed class FarEnd : IAsyncDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("gateway-load").FullName;
    private readonly MediaLoop _media = new(TimeProvider.System, threads: 1, name: "farmedia");
    private readonly FarEndSimulator _simulator;
    private readonly SpanDspG711Office _office;

    public FarEnd(string root, TimeSpan? receiveBudget = null)
    {
        if (receiveBudget is { } budget)
        {
            _media.ReceiveBudget = budget;
        }

        _media.Start();
        _simulator = new FarEndSimulator(
            new FarEndSimulatorOptions
            {
                VoicesFolder = Path.Combine(root, "assets", "simulator"),
                OutputFolder = _output,
                DefaultOffice = SimulatedOffice.FaxMachine,
            },
            _media,
            new MediaPortAllocator(IPAddress.Loopback, 20000, 29999),
            TimeProvider.System);
        _office = new SpanDspG711Office(_media, new MediaPortAllocator(IPAddress.Loopback, 40000, 49999), _output);
    }

    public int T38Port => _simulator.SipEndPoint.Port;

    public int G711Port => _office.SipEndPoint.Port;

    public MediaLoopStatistics Statistics => _media.Statistics;

    public TickLatenessHistogram Lateness => _media.Lateness;

    public async ValueTask DisposeAsync()
    {
        await _office.DisposeAsync();
        await _simulator.DisposeAsync();
        _media.Dispose();
        Directory.Delete(_output, recursive: true);
    }

    /// <summary>Participant steps of 2 ms or more by type (receive pass or tick), with the longest.</summary>
    public static string SlowSteps(MediaLoopStatistics stats) =>
        string.Join(", ", stats.SlowSteps().GroupBy(s => s.Participant.Name + (s.Receiving ? " receive" : " tick")).Select(g => FormattableString.Invariant($"{g.Key} {g.Count()} max {g.Max(s => s.Wall.TotalMilliseconds):F1} ms")));

    /// <summary>One line on a far end's media thread: tick work, CPU, send jitter, late ticks and slow steps.</summary>
    public static string Describe(MediaLoopStatistics stats, TickLatenessHistogram lateness) => FormattableString.Invariant(
        $"tick work p50/p99/max {stats.Work.Percentile(0.5).TotalMilliseconds:F1}/{stats.Work.Percentile(0.99).TotalMilliseconds:F1}/{stats.Work.Percentile(1).TotalMilliseconds:F1} ms, CPU {stats.WorkCpu.TotalSeconds:F2} s, {stats.CpuMicrosecondsPerParticipantTick:F1} µs per participant per tick, send jitter p99 {lateness.Percentile(0.99).TotalMilliseconds:F1} ms, late ticks {stats.LateTicks} ({stats.LateWithGcPause} GC / {stats.LateAfterOverrun} long tick / {stats.LateOther} other), ticks of 20 ms work or more {stats.OverrunTicks}, slowest steps: {SlowSteps(stats)}");

    /// <summary>The child process's side: serves until its standard input closes.</summary>
    public static async Task ServeAsync(string root, TimeSpan? receiveBudget)
    {
        await using var farEnd = new FarEnd(root, receiveBudget);
        Console.WriteLine(FormattableString.Invariant($"far-end t38={farEnd.T38Port} g711={farEnd.G711Port}"));
        TimeSpan cpuMark = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line == "stats")
            {
                MediaLoopStatistics stats = farEnd.Statistics;
                TimeSpan cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                Console.WriteLine(FormattableString.Invariant($"far-end allocated {stats.AllocatedBytes} process CPU {(cpu - cpuMark).TotalSeconds:F1} s, GCs {GC.CollectionCount(0)}, media thread {Describe(stats, farEnd.Lateness)}"));
                cpuMark = cpu;
                stats.Reset();
                farEnd.Lateness.Reset();
            }
        }
    }
}
