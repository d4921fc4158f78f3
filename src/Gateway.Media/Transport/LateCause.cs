namespace Gateway.Media.Transport;

/// <summary>Why a media tick started late (see <see cref="MediaLoopStatistics"/>).</summary>
public enum LateCause
{
    /// <summary>This process's GC paused threads in the tick's interval.</summary>
    GcPause,

    /// <summary>The previous tick's work ran past this tick's deadline.</summary>
    LongTick,

    /// <summary>Neither: the thread was ready but not running (CPU contention, the OS).</summary>
    Other,
}
