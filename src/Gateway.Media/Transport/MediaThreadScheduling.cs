using System.Runtime.InteropServices;

namespace Gateway.Media.Transport;

/// <summary>
/// Applies a <see cref="MediaThreadPriority"/> to the calling thread on Linux: <c>sched_setscheduler(0, SCHED_RR)</c>
/// (POSIX.1-2008; on Linux pid 0 is the calling thread) or <c>setpriority(PRIO_PROCESS, 0, nice)</c> (per thread
/// on Linux). Best effort: a refusal (EPERM) falls back to the next weaker policy, never throws.
/// </summary>
internal static partial class MediaThreadScheduling
{
    private const int SchedRoundRobin = 2;
    private const int PrioProcess = 0;

    /// <summary>SCHED_RR priority: the lowest band (1–99), above every time-shared thread, below kernel RT work.</summary>
    private const int RealtimePriority = 10;

    private const int ElevatedNice = -10;

    /// <summary>Applies <paramref name="wanted"/> to the calling thread; returns what it got.</summary>
    public static MediaThreadPriority Apply(MediaThreadPriority wanted)
    {
        if (!OperatingSystem.IsLinux() || wanted == MediaThreadPriority.Normal)
        {
            return MediaThreadPriority.Normal;
        }

        try
        {
            if (wanted == MediaThreadPriority.Realtime)
            {
                var param = new SchedParam { Priority = RealtimePriority };
                if (sched_setscheduler(0, SchedRoundRobin, in param) == 0)
                {
                    return MediaThreadPriority.Realtime;
                }
            }

            return setpriority(PrioProcess, 0, ElevatedNice) == 0 ? MediaThreadPriority.Elevated : MediaThreadPriority.Normal;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return MediaThreadPriority.Normal;
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, in SchedParam param);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int setpriority(int which, uint who, int priority);

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }
}
