namespace Gateway.Media.Transport;

/// <summary>
/// A run of consecutive late ticks (see <see cref="MediaLoopStatistics.LateRuns"/>): what made its first tick late, how late
/// that tick was, this process's GC pause in its interval, how many ticks the run had, and the schedule slots skipped in it.
/// </summary>
public readonly record struct LateTickRun(LateCause Cause, TimeSpan FirstLateness, TimeSpan GcPause, int Ticks, long SkippedSlots);
