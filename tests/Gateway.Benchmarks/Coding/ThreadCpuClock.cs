using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Gateway.Benchmarks.Coding;

/// <summary>
/// A BenchmarkDotNet clock that reads the calling thread's CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID),
/// nanoseconds) instead of wall time. The build machine is shared by many jobs (load average 30-50 on 2 cores
/// during this work), so a wall-clock iteration mostly measures how long the thread waited for a core; CPU time
/// measures the work, for our coder and spandsp's alike. Needs the in-process toolchain (the clock is an object
/// in this process).
/// </summary>
internal sealed partial class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    public static readonly ThreadCpuClock Instance = new();

    public string Title => "Thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => Frequency.FromHz(1_000_000_000);

    public long GetTimestamp()
    {
        clock_gettime(ClockThreadCpuTimeId, out TimeSpec now);
        return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
