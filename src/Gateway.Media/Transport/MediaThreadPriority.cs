namespace Gateway.Media.Transport;

/// <summary>
/// How the <see cref="MediaLoop"/>'s threads ask the OS for the CPU. RTP/UDPTL pacing needs the media thread
/// to run the moment its 20 ms tick is due; under CPU contention a normal thread waits its turn behind every
/// other runnable thread (measured: most of the late ticks of a loaded host were the media thread ready but
/// not running). .NET's <see cref="ThreadPriority"/> has no effect on Linux, so the loop sets the policy itself.
/// </summary>
public enum MediaThreadPriority
{
    /// <summary>Whatever the OS gives any thread (SCHED_OTHER, nice 0).</summary>
    Normal,

    /// <summary>SCHED_OTHER at nice −10: more CPU share, still time-shared (needs CAP_SYS_NICE or RLIMIT_NICE).</summary>
    Elevated,

    /// <summary>
    /// SCHED_RR at a low real-time priority (needs CAP_SYS_NICE or RLIMIT_RTPRIO), falling back to
    /// <see cref="Elevated"/> and then <see cref="Normal"/> where it is not permitted. The loop sleeps between
    /// ticks, and the kernel's RT throttling (sched_rt_runtime_us) keeps a share for other threads. A loop
    /// on another <see cref="TimeProvider"/> than the system's (a test's fake clock) stays normal.
    /// </summary>
    Realtime,
}
