using System.Net;
using System.Net.Sockets;
using Gateway.Media.Transport;
using Xunit;

namespace Gateway.Media.Tests.Transport;

public class MediaLoopStatisticsTests
{
    /// <summary>Ticks quietly, except that one tick computes (spins) for 30 ms and another allocates 64 KB.</summary>
    private sealed class Stalling(Socket socket) : IMediaParticipant
    {
        private int _ticks;

        public Socket Socket => socket;

        public bool IsClosed => false;

        public int Ticks => Volatile.Read(ref _ticks);

        public byte[]? Kept { get; private set; }

        public void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress source, long nowTimestamp)
        {
        }

        public void OnTick(long nowTimestamp)
        {
            int tick = Interlocked.Increment(ref _ticks);
            if (tick == 10)
            {
                long until = TimeProvider.System.GetTimestamp() + (TimeProvider.System.TimestampFrequency * 30 / 1000);
                while (TimeProvider.System.GetTimestamp() < until)
                {
                    Thread.SpinWait(20);
                }
            }
            else if (tick == 20)
            {
                Kept = new byte[64 * 1024];
            }
        }
    }

    [Fact]
    public async Task A_tick_that_computes_for_30_ms_is_a_long_tick_a_slow_step_of_its_participant_and_makes_the_next_tick_late()
    {
        var ports = new MediaPortAllocator(IPAddress.Loopback, 42000, 42099);
        Socket socket = ports.Bind();
        using var loop = new MediaLoop(TimeProvider.System, threads: 1, name: "stats-test");
        var participant = new Stalling(socket);
        loop.Add(participant);
        loop.Start();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (participant.Ticks < 30 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        MediaLoopStatistics stats = loop.Statistics;
        Assert.True(participant.Ticks >= 30, $"{participant.Ticks} ticks");
        Assert.True(stats.LongTicks >= 1, "the 30 ms tick is a long tick");
        Assert.True(stats.LongTickWall >= TimeSpan.FromMilliseconds(30), $"long tick wall {stats.LongTickWall}");
        Assert.Contains(stats.SlowSteps(), s => s.Participant == typeof(Stalling) && s.Wall >= TimeSpan.FromMilliseconds(30));
        Assert.True(stats.Work.Percentile(1.0) >= TimeSpan.FromMilliseconds(30));

        // The tick after it started at least 10 ms behind its schedule, and the statistics say why.
        Assert.True(stats.LateTicks >= 1);
        Assert.True(stats.LateAfterOverrun + stats.LateWithGcPause >= 1, $"late {stats.LateTicks}: overrun {stats.LateAfterOverrun}, gc {stats.LateWithGcPause}, other {stats.LateOther}");
        Assert.Contains(stats.RecentLateRuns(), r => r.Cause != LateCause.Other && r.FirstLateness >= TimeSpan.FromMilliseconds(5) && r.Ticks >= 1);
        Assert.True(stats.AllocatedBytes >= 64 * 1024, $"allocated {stats.AllocatedBytes}");
        Assert.NotNull(participant.Kept);

        loop.Dispose();

        // Read once the loop has stopped. The spinning tick ran on the media thread's CPU where the thread CPU clock
        // exists (a spin preempted on a busy host counts less than its 30 ms wall), and each tick served one participant.
        Assert.True(stats.Ticks >= 30, $"{stats.Ticks} ticks");
        Assert.Equal(stats.Ticks, stats.ParticipantTicks);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(stats.WorkCpu >= TimeSpan.FromMilliseconds(10), $"work CPU {stats.WorkCpu}");
            Assert.True(stats.CpuMicrosecondsPerParticipantTick >= 10_000.0 / stats.Ticks, $"{stats.CpuMicrosecondsPerParticipantTick} µs");
        }

        ports.Release(socket);

        stats.Reset();
        Assert.Equal(0, stats.LongTicks);
        Assert.Equal(0, stats.ParticipantTicks);
        Assert.Equal(TimeSpan.Zero, stats.WorkCpu);
        Assert.Empty(stats.SlowSteps());
    }

    [Fact]
    public async Task A_socket_released_before_the_loop_saw_its_stream_closed_does_not_stop_the_loop()
    {
        var ports = new MediaPortAllocator(IPAddress.Loopback, 42100, 42199);
        using var loop = new MediaLoop(TimeProvider.System, threads: 1, name: "stats-test");
        Socket released = ports.Bind();
        Socket kept = ports.Bind();
        var gone = new Stalling(released);
        var alive = new Stalling(kept);
        loop.Add(gone);
        loop.Add(alive);
        loop.Start();
        ports.Release(released); // its owner gave the port back while the stream still looks open

        int before = alive.Ticks;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (alive.Ticks < before + 25 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(alive.Ticks >= before + 25, $"the other stream got {alive.Ticks - before} ticks");
        loop.Dispose();
        ports.Release(kept);
    }

    [Fact]
    public void Late_ticks_that_follow_a_late_tick_are_counted_in_the_run_of_the_cause_that_started_it()
    {
        var stats = new MediaLoopStatistics();

        // A GC pause makes a tick late, and the three after it start late while the thread catches up.
        LateCause? run = stats.RecordLate(TimeSpan.FromMilliseconds(80), overran: false);
        run = stats.RecordLate(TimeSpan.Zero, overran: true, run);
        run = stats.RecordLate(TimeSpan.Zero, overran: true, run);
        stats.RecordLate(TimeSpan.Zero, overran: true, run);

        // Later, on time in between: a long tick alone, then contention alone.
        stats.RecordLate(TimeSpan.Zero, overran: true);
        stats.RecordLate(TimeSpan.Zero, overran: false);

        Assert.Equal(6, stats.LateTicks);
        Assert.Equal((1L, 4L, 1L), (stats.LateWithGcPause, stats.LateAfterOverrun, stats.LateOther));
        Assert.Equal((1L, 1L, 1L), stats.LateRuns);
        Assert.Equal((4L, 1L, 1L), stats.LateTicksByRunCause);

        stats.RecordRun(new LateTickRun(LateCause.GcPause, TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(79), 4, 0));
        for (int i = 0; i < 130; i++)
        {
            stats.RecordRun(new LateTickRun(LateCause.Other, TimeSpan.FromMilliseconds(6), TimeSpan.Zero, i, 0));
        }

        LateTickRun[] runs = stats.RecentLateRuns();
        Assert.Equal(128, runs.Length); // the latest 128, oldest first
        Assert.Equal(Enumerable.Range(2, 128), runs.Select(r => r.Ticks));

        stats.RecordSkippedSlots(7);
        Assert.Equal(7, stats.SkippedSlots);
        stats.Reset();
        Assert.Equal((0L, 0L, 0L), stats.LateRuns);
        Assert.Equal(0, stats.SkippedSlots);
        Assert.Empty(stats.RecentLateRuns());
    }
}
