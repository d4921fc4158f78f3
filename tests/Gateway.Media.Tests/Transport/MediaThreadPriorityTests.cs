using System.Globalization;
using Gateway.Media.Transport;
using Xunit;

namespace Gateway.Media.Tests.Transport;

/// <summary>The media threads' scheduling, checked against what Linux reports for them in /proc.</summary>
public class MediaThreadPriorityTests
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
        string[] threads = [.. Directory.GetDirectories("/proc/self/task").Where(t => File.ReadAllText(Path.Combine(t, "comm")).Trim().StartsWith(name + "-", StringComparison.Ordinal))];
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

    // proc(5): the fields after the command name (which may hold spaces) start at field 3.
    private static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    private static int NiceOf(string stat) => int.Parse(Fields(stat)[19 - 3], CultureInfo.InvariantCulture);
}
