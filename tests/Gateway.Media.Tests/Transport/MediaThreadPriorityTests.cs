using System.Globalization;
using Gateway.Media.Transport;
using Xunit;

namespace Gateway.Media.Tests.Transport;

/// <summary>The media threads' scheduling, checked against what Linux reports for them in /proc.</summary>
public partial class MediaThreadPriorityTests
{
    [Theory]
    [InlineData(MediaThreadPriority.Realtime, "prio-rt")]
    [InlineData(MediaThreadPriority.Elevated, "prio-el")]
    [InlineData(MediaThreadPriority.Normal, "prio-no")]
    public async Task The_loop_reports_the_scheduling_its_threads_really_run_with(MediaThreadPriority wanted, string name)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "thread scheduling is read from /proc");
        using var loop = new MediaLoop(TimeProvider.System, threads: 2, name, wanted);
        loop.Start();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (loop.Scheduling is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        // A test run under `nice` starts every thread at that nice value; Realtime and Normal keep it (SCHED_RR
        // ignores nice, and Normal changes nothing), only Elevated sets its own.
        int baseNice = NiceOf(File.ReadAllText("/proc/self/stat"));
        MediaThreadPriority got = Assert.NotNull(loop.Scheduling);
        Assert.True(got <= wanted, $"asked {wanted}, got {got}");
        string[] threads = [.. Directory.GetDirectories("/proc/self/task").Where(t => CommOf(t).StartsWith(name + "-", StringComparison.Ordinal))];
        Assert.Equal(2, threads.Length);
        foreach (string thread in threads)
        {
            // /proc/[pid]/task/[tid]/stat (proc(5)): field 19 is nice, field 41 the policy (0 SCHED_OTHER, 2 SCHED_RR).
            string stat = File.ReadAllText(Path.Combine(thread, "stat"));
            int nice = NiceOf(stat);
            int policy = int.Parse(Fields(stat)[41 - 3], CultureInfo.InvariantCulture);
            (int Policy, int Nice) expected = got switch
            {
                MediaThreadPriority.Realtime => (2, baseNice),
                MediaThreadPriority.Elevated => (0, -10),
                _ => (0, baseNice),
            };
            Assert.Equal(expected, (policy, nice));
        }
    }

    /// <summary>Starts one thread from inside its first tick (as the runtime starts its tiered-compilation worker) and reads that thread's scheduling.</summary>
    private sealed class Spawning(System.Net.Sockets.Socket socket) : IMediaParticipant
    {
        private int _started;

        public System.Net.Sockets.Socket Socket => socket;

        public bool IsClosed => false;

        public TaskCompletionSource<(int Policy, int Nice)> Child { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnDatagram(ReadOnlySpan<byte> datagram, System.Net.SocketAddress source, long nowTimestamp)
        {
        }

        public void OnTick(long nowTimestamp)
        {
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                new Thread(() =>
                {
                    string stat = File.ReadAllText("/proc/thread-self/stat");
                    Child.TrySetResult((int.Parse(Fields(stat)[41 - 3], CultureInfo.InvariantCulture), NiceOf(stat)));
                })
                { Name = "spawned" }.Start(); // named: an unnamed thread would show its creator's name in /proc
            }
        }
    }

    [Theory]
    [InlineData(MediaThreadPriority.Realtime, "fork-rt")]
    [InlineData(MediaThreadPriority.Elevated, "fork-el")]
    public async Task A_thread_started_from_a_media_thread_does_not_inherit_its_priority(MediaThreadPriority wanted, string name)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "thread scheduling is read from /proc");
        int baseNice = NiceOf(File.ReadAllText("/proc/self/stat"));
        Assert.SkipWhen(baseNice < 0, "a negative nice is reset for children whatever the media thread does");
        var ports = new MediaPortAllocator(System.Net.IPAddress.Loopback, 42300, 42399);
        System.Net.Sockets.Socket socket = ports.Bind();
        using var loop = new MediaLoop(TimeProvider.System, threads: 1, name, wanted);
        var participant = new Spawning(socket);
        loop.Add(participant);
        loop.Start();

        (int policy, int nice) = await participant.Child.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        MediaThreadPriority got = Assert.NotNull(loop.Scheduling);
        Assert.SkipWhen(got == MediaThreadPriority.Normal, "this process may not raise a thread's priority (no CAP_SYS_NICE, RLIMIT_RTPRIO or RLIMIT_NICE)");

        // SCHED_OTHER (0) at the process's own nice: neither SCHED_RR nor the media thread's −10. (A managed Thread sets
        // its own policy when it starts; the runtime's native threads, such as the tiered-compilation worker, inherit
        // it, so the media thread itself must carry SCHED_RESET_ON_FORK: sched_getscheduler reports it in the policy.)
        Assert.Equal((0, baseNice), (policy, nice));
        string media = Assert.Single(Directory.GetDirectories("/proc/self/task"), t => CommOf(t) == name + "-0");
        int mediaPolicy = sched_getscheduler(int.Parse(Path.GetFileName(media), CultureInfo.InvariantCulture));
        Assert.Equal(MediaThreadScheduling.SchedResetOnFork, mediaPolicy & MediaThreadScheduling.SchedResetOnFork);
        Assert.Equal(got == MediaThreadPriority.Realtime ? 2 : 0, mediaPolicy & ~MediaThreadScheduling.SchedResetOnFork);
        loop.Dispose();
        ports.Release(socket);
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "sched_getscheduler")]
    private static partial int sched_getscheduler(int pid);

    /// <summary>A thread's name from /proc, or "" when it ended between listing the tasks and reading this one (other tests' threads come and go).</summary>
    private static string CommOf(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    // proc(5): the fields after the command name (which may hold spaces) start at field 3.
    private static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    private static int NiceOf(string stat) => int.Parse(Fields(stat)[19 - 3], CultureInfo.InvariantCulture);
}
