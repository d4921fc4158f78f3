using System.Runtime.InteropServices;

namespace Gateway.Media.Transport;

/// <summary>
/// CPU time the calling thread has run (POSIX <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), so the media
/// loop can tell a tick that computed for long from one that waited for a core (wall time far above CPU
/// time: the thread was preempted). Elsewhere <see cref="IsAvailable"/> is false and it reads zero.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>The calling thread's CPU time in nanoseconds (0 where unavailable).</summary>
    public static long Nanoseconds()
    {
        if (!IsAvailable)
        {
            return 0;
        }

        clock_gettime(ClockThreadCpuTime, out TimeSpec now);
        return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
    }

    private static bool Probe()
    {
        try
        {
            return clock_gettime(ClockThreadCpuTime, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
