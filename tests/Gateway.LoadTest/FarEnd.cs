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

    public FarEnd(string root)
    {
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

    /// <summary>The child process's side: serves until its standard input closes.</summary>
    public static async Task ServeAsync(string root)
    {
        await using var farEnd = new FarEnd(root);
        Console.WriteLine(FormattableString.Invariant($"far-end t38={farEnd.T38Port} g711={farEnd.G711Port}"));
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line == "stats")
            {
                MediaLoopStatistics stats = farEnd.Statistics;
                Console.WriteLine(FormattableString.Invariant(
                    $"far-end allocated {stats.AllocatedBytes} tick work p50/p99 {stats.Work.Percentile(0.5).TotalMilliseconds:F1}/{stats.Work.Percentile(0.99).TotalMilliseconds:F1} ms, CPU {stats.WorkCpu.TotalSeconds:F2} s, {stats.CpuMicrosecondsPerParticipantTick:F1} µs per participant per tick, send jitter p99 {farEnd.Lateness.Percentile(0.99).TotalMilliseconds:F1} ms"));
                stats.Reset();
                farEnd.Lateness.Reset();
            }
        }
    }
}
