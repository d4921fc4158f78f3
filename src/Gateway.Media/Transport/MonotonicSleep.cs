using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Gateway.Media.Transport;

/// <summary>
/// Sleeps until an absolute <see cref="Stopwatch"/> timestamp. On Linux the timestamp is CLOCK_MONOTONIC in
/// nanoseconds, so <c>clock_nanosleep(TIMER_ABSTIME)</c> (POSIX.1-2008) wakes within the timer slack
/// (~50 µs) without spinning; <see cref="Thread.Sleep(int)"/> only has millisecond granularity, which forced
/// the media loop to spin through the last stretch of every 20 ms tick and burn a core's worth of CPU
/// across its threads. Elsewhere <see cref="IsAvailable"/> is false and callers fall back.
/// </summary>
internal static partial class MonotonicSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private const int Interrupted = 4; // EINTR

    /// <summary>True where timestamps are CLOCK_MONOTONIC nanoseconds and clock_nanosleep exists.</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000 && Probe();

    /// <summary>Sleeps until <paramref name="timestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    public static void Until(long timestamp)
    {
        var deadline = new TimeSpec { Seconds = timestamp / 1_000_000_000, Nanoseconds = timestamp % 1_000_000_000 };
        while (clock_nanosleep(ClockMonotonic, TimerAbsoluteTime, in deadline, IntPtr.Zero) == Interrupted)
        {
            // A signal woke us early: an absolute deadline makes simply sleeping again correct.
        }
    }

    private static bool Probe()
    {
        try
        {
            Until(Stopwatch.GetTimestamp());
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int clock_nanosleep(int clockId, int flags, in TimeSpec request, IntPtr remain);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
