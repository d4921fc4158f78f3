namespace Gateway.Media.Transport;

/// <summary>
/// Where the <see cref="MediaLoop"/>'s time goes, so late ticks (RTP send jitter) can be explained by
/// measurement: how long each tick's work took, what the media threads allocated, and for every tick at
/// least <see cref="LateThreshold"/> late whether a GC pause of this process overlapped the wait, the
/// previous tick's own work ran past the deadline, or neither (the OS ran something else: CPU contention).
/// Lock-free; the loop updates it without allocating.
/// </summary>
public sealed class MediaLoopStatistics
{
    /// <summary>A tick this late counts as late (the load goal: send jitter p99 below 5 ms).</summary>
    public static readonly TimeSpan LateThreshold = TimeSpan.FromMilliseconds(5);

    private long _late;
    private long _lateGc;
    private long _lateOverrun;
    private long _lateScheduler;
    private long _allocated;
    private long _longTicks;
    private long _longWallNs;
    private long _longCpuNs;
    private long _longGc;
    private long _cpuNs;
    private long _participantTicks;
    private long _ticks;
    private long _datagrams;
    private long _longDatagrams;
    private long _longParticipants;
    private long _overruns;
    private long _overrunDatagrams;
    private long _overrunParticipants;
    private readonly SlowStep[] _slow = new SlowStep[256];
    private int _slowNext;

    /// <summary>How long each tick spent draining sockets and running its participants.</summary>
    public TickLatenessHistogram Work { get; } = new();

    /// <summary>Ticks at least <see cref="LateThreshold"/> late.</summary>
    public long LateTicks => Interlocked.Read(ref _late);

    /// <summary>Late ticks during whose interval this process's GC paused threads for at least 1 ms.</summary>
    public long LateWithGcPause => Interlocked.Read(ref _lateGc);

    /// <summary>Late ticks (no GC pause) whose previous tick's work itself ran past the deadline.</summary>
    public long LateAfterOverrun => Interlocked.Read(ref _lateOverrun);

    /// <summary>Late ticks with neither: the thread was ready but not running (CPU contention, OS).</summary>
    public long LateOther => Interlocked.Read(ref _lateScheduler);

    /// <summary>Bytes allocated on the media threads while serving participants (the hot path's garbage).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    /// <summary>Ticks whose work took at least <see cref="LateThreshold"/> (they make the next tick late).</summary>
    public long LongTicks => Interlocked.Read(ref _longTicks);

    /// <summary>Wall time of the long ticks together.</summary>
    public TimeSpan LongTickWall => TimeSpan.FromTicks(Interlocked.Read(ref _longWallNs) / 100);

    /// <summary>CPU time the media thread ran during the long ticks (well below the wall time: it was preempted).</summary>
    public TimeSpan LongTickCpu => TimeSpan.FromTicks(Interlocked.Read(ref _longCpuNs) / 100);

    /// <summary>Long ticks during which this process's GC paused threads for at least 1 ms.</summary>
    public long LongTicksWithGcPause => Interlocked.Read(ref _longGc);

    /// <summary>
    /// CPU time the media threads ran in their ticks (draining sockets, participants' ticks, bookkeeping; zero where
    /// <c>CLOCK_THREAD_CPUTIME_ID</c> is unavailable). Unlike wall time it does not grow while a thread waits for a
    /// core, so it compares runs on a busy host fairly.
    /// </summary>
    public TimeSpan WorkCpu => TimeSpan.FromTicks(Interlocked.Read(ref _cpuNs) / 100);

    /// <summary>Ticks run (over all threads).</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>Datagrams received, summed over ticks.</summary>
    public long Datagrams => Interlocked.Read(ref _datagrams);

    /// <summary>Datagrams received in the long ticks (compare per tick with <see cref="Datagrams"/> / <see cref="Ticks"/>: a burst of arrivals?).</summary>
    public long LongTickDatagrams => Interlocked.Read(ref _longDatagrams);

    /// <summary>Participants served in the long ticks (compare per tick with <see cref="ParticipantTicks"/> / <see cref="Ticks"/>).</summary>
    public long LongTickParticipants => Interlocked.Read(ref _longParticipants);

    /// <summary>Ticks whose work took a whole interval or more (20 ms: the next tick is late whatever the OS does).</summary>
    public long OverrunTicks => Interlocked.Read(ref _overruns);

    /// <summary>Datagrams received in the <see cref="OverrunTicks"/>.</summary>
    public long OverrunTickDatagrams => Interlocked.Read(ref _overrunDatagrams);

    /// <summary>Participants served in the <see cref="OverrunTicks"/>.</summary>
    public long OverrunTickParticipants => Interlocked.Read(ref _overrunParticipants);

    /// <summary>Participants served, summed over ticks (one participant served for one tick counts one).</summary>
    public long ParticipantTicks => Interlocked.Read(ref _participantTicks);

    /// <summary>Media-thread CPU per participant per tick (<see cref="WorkCpu"/> / <see cref="ParticipantTicks"/>), in microseconds.</summary>
    public double CpuMicrosecondsPerParticipantTick => ParticipantTicks == 0 ? 0 : Interlocked.Read(ref _cpuNs) / 1000.0 / ParticipantTicks;

    /// <summary>The latest participant steps (datagrams and tick of one participant) that took at least 2 ms.</summary>
    public SlowStep[] SlowSteps()
    {
        lock (_slow)
        {
            return [.. _slow.Where(s => s.Participant is not null).OrderBy(s => s.Sequence)];
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _longTicks, 0);
        Interlocked.Exchange(ref _longWallNs, 0);
        Interlocked.Exchange(ref _longCpuNs, 0);
        Interlocked.Exchange(ref _longGc, 0);
        Interlocked.Exchange(ref _cpuNs, 0);
        Interlocked.Exchange(ref _participantTicks, 0);
        Interlocked.Exchange(ref _ticks, 0);
        Interlocked.Exchange(ref _datagrams, 0);
        Interlocked.Exchange(ref _longDatagrams, 0);
        Interlocked.Exchange(ref _longParticipants, 0);
        Interlocked.Exchange(ref _overruns, 0);
        Interlocked.Exchange(ref _overrunDatagrams, 0);
        Interlocked.Exchange(ref _overrunParticipants, 0);
        lock (_slow)
        {
            Array.Clear(_slow);
        }

        Work.Reset();
        Interlocked.Exchange(ref _late, 0);
        Interlocked.Exchange(ref _lateGc, 0);
        Interlocked.Exchange(ref _lateOverrun, 0);
        Interlocked.Exchange(ref _lateScheduler, 0);
        Interlocked.Exchange(ref _allocated, 0);
    }

    internal void RecordLate(TimeSpan gcPauseInInterval, bool overran)
    {
        Interlocked.Increment(ref _late);
        if (gcPauseInInterval >= TimeSpan.FromMilliseconds(1))
        {
            Interlocked.Increment(ref _lateGc);
        }
        else if (overran)
        {
            Interlocked.Increment(ref _lateOverrun);
        }
        else
        {
            Interlocked.Increment(ref _lateScheduler);
        }
    }

    internal void RecordLongTick(TimeSpan wall, long cpuNanoseconds, TimeSpan gcPause, int participants = 0, int datagrams = 0)
    {
        Interlocked.Increment(ref _longTicks);
        Interlocked.Add(ref _longDatagrams, datagrams);
        Interlocked.Add(ref _longParticipants, participants);
        if (wall >= MediaLoop.Interval)
        {
            Interlocked.Increment(ref _overruns);
            Interlocked.Add(ref _overrunDatagrams, datagrams);
            Interlocked.Add(ref _overrunParticipants, participants);
        }

        Interlocked.Add(ref _longWallNs, wall.Ticks * 100);
        Interlocked.Add(ref _longCpuNs, cpuNanoseconds);
        if (gcPause >= TimeSpan.FromMilliseconds(1))
        {
            Interlocked.Increment(ref _longGc);
        }
    }

    internal void RecordSlowStep(Type participant, TimeSpan wall, TimeSpan gcPauseInTick)
    {
        lock (_slow)
        {
            int i = _slowNext++;
            _slow[i % _slow.Length] = new SlowStep(i, participant, wall, gcPauseInTick);
        }
    }

    internal void RecordWork(TimeSpan work, long allocatedBytes, long cpuNanoseconds, int participants, int datagrams = 0)
    {
        Work.Record(work);
        Interlocked.Add(ref _datagrams, datagrams);
        Interlocked.Increment(ref _ticks);
        Interlocked.Add(ref _cpuNs, cpuNanoseconds);
        Interlocked.Add(ref _participantTicks, participants);
        if (allocatedBytes > 0)
        {
            Interlocked.Add(ref _allocated, allocatedBytes);
        }
    }
}
