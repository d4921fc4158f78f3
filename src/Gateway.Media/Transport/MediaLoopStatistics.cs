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
    private long _receiveNs;
    private long _longReceiveNs;
    private long _overrunReceiveNs;
    private long _deferredTicks;
    private long _maxTickDatagrams;
    private long _skippedSlots;
    private long _runsGc;
    private long _runsOverrun;
    private long _runsOther;
    private long _runTicksGc;
    private long _runTicksOverrun;
    private long _runTicksOther;
    private readonly SlowStep[] _slow = new SlowStep[256];
    private readonly LateTickRun[] _runs = new LateTickRun[128];
    private int _runNext;
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

    /// <summary>Wall time the media threads spent receiving (draining sockets, the participants' datagram handling).</summary>
    public TimeSpan ReceiveWall => TimeSpan.FromTicks(Interlocked.Read(ref _receiveNs) / 100);

    /// <summary>Wall time spent receiving in the <see cref="LongTicks"/>.</summary>
    public TimeSpan LongTickReceiveWall => TimeSpan.FromTicks(Interlocked.Read(ref _longReceiveNs) / 100);

    /// <summary>Wall time spent receiving in the <see cref="OverrunTicks"/>.</summary>
    public TimeSpan OverrunTickReceiveWall => TimeSpan.FromTicks(Interlocked.Read(ref _overrunReceiveNs) / 100);

    /// <summary>Ticks whose receive budget (<see cref="MediaLoop.ReceiveBudget"/>) ran out with datagrams possibly left waiting.</summary>
    public long DeferredTicks => Interlocked.Read(ref _deferredTicks);

    /// <summary>The most datagrams one tick received.</summary>
    public long MaxTickDatagrams => Interlocked.Read(ref _maxTickDatagrams);

    /// <summary>
    /// Schedule slots a media thread never ticked: after falling more than five intervals behind (a long GC pause, a
    /// suspended process) it resumes from the present, and the lateness histogram holds one late tick for the gap.
    /// </summary>
    public long SkippedSlots => Interlocked.Read(ref _skippedSlots);

    /// <summary>
    /// Runs of consecutive late ticks by what made the first of them late (<see cref="LateWithGcPause"/>,
    /// <see cref="LateAfterOverrun"/>, <see cref="LateOther"/>): a tick after a late one starts late too until the thread
    /// has caught up with its schedule, so one GC pause of 80 ms makes several late ticks of which only the first had
    /// the pause in its interval.
    /// </summary>
    public (long Gc, long LongTick, long Other) LateRuns => (Interlocked.Read(ref _runsGc), Interlocked.Read(ref _runsOverrun), Interlocked.Read(ref _runsOther));

    /// <summary>Late ticks by the cause of the first late tick of their run (see <see cref="LateRuns"/>); the three add up to <see cref="LateTicks"/>.</summary>
    public (long Gc, long LongTick, long Other) LateTicksByRunCause => (Interlocked.Read(ref _runTicksGc), Interlocked.Read(ref _runTicksOverrun), Interlocked.Read(ref _runTicksOther));

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

    /// <summary>The latest runs of late ticks (up to 128), oldest first.</summary>
    public LateTickRun[] RecentLateRuns()
    {
        lock (_runs)
        {
            int count = Math.Min(_runNext, _runs.Length);
            var result = new LateTickRun[count];
            for (int i = 0; i < count; i++)
            {
                result[i] = _runs[(_runNext - count + i) % _runs.Length];
            }

            return result;
        }
    }

    public void Reset()
    {
        lock (_runs)
        {
            _runNext = 0;
        }

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
        Interlocked.Exchange(ref _receiveNs, 0);
        Interlocked.Exchange(ref _longReceiveNs, 0);
        Interlocked.Exchange(ref _overrunReceiveNs, 0);
        Interlocked.Exchange(ref _deferredTicks, 0);
        Interlocked.Exchange(ref _maxTickDatagrams, 0);
        Interlocked.Exchange(ref _skippedSlots, 0);
        Interlocked.Exchange(ref _runsGc, 0);
        Interlocked.Exchange(ref _runsOverrun, 0);
        Interlocked.Exchange(ref _runsOther, 0);
        Interlocked.Exchange(ref _runTicksGc, 0);
        Interlocked.Exchange(ref _runTicksOverrun, 0);
        Interlocked.Exchange(ref _runTicksOther, 0);
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

    /// <summary>
    /// Counts a late tick and returns its cause; <paramref name="runCause"/> is the cause of the late tick before it when
    /// that one was late too (the same run), null when this tick starts a run.
    /// </summary>
    internal LateCause RecordLate(TimeSpan gcPauseInInterval, bool overran, LateCause? runCause = null)
    {
        Interlocked.Increment(ref _late);
        LateCause cause;
        if (gcPauseInInterval >= TimeSpan.FromMilliseconds(1))
        {
            Interlocked.Increment(ref _lateGc);
            cause = LateCause.GcPause;
        }
        else if (overran)
        {
            Interlocked.Increment(ref _lateOverrun);
            cause = LateCause.LongTick;
        }
        else
        {
            Interlocked.Increment(ref _lateScheduler);
            cause = LateCause.Other;
        }

        LateCause root = runCause ?? cause;
        switch (root)
        {
            case LateCause.GcPause:
                Interlocked.Add(ref _runsGc, runCause is null ? 1 : 0);
                Interlocked.Increment(ref _runTicksGc);
                break;
            case LateCause.LongTick:
                Interlocked.Add(ref _runsOverrun, runCause is null ? 1 : 0);
                Interlocked.Increment(ref _runTicksOverrun);
                break;
            default:
                Interlocked.Add(ref _runsOther, runCause is null ? 1 : 0);
                Interlocked.Increment(ref _runTicksOther);
                break;
        }

        return root;
    }

    internal void RecordSkippedSlots(long slots) => Interlocked.Add(ref _skippedSlots, slots);

    internal void RecordRun(LateTickRun run)
    {
        lock (_runs)
        {
            _runs[_runNext++ % _runs.Length] = run;
        }
    }

    internal void RecordReceive(TimeSpan wall, bool deferred)
    {
        Interlocked.Add(ref _receiveNs, wall.Ticks * 100);
        if (deferred)
        {
            Interlocked.Increment(ref _deferredTicks);
        }
    }

    internal void RecordLongTick(TimeSpan wall, long cpuNanoseconds, TimeSpan gcPause, int participants = 0, int datagrams = 0, TimeSpan receive = default)
    {
        Interlocked.Increment(ref _longTicks);
        Interlocked.Add(ref _longReceiveNs, receive.Ticks * 100);
        Interlocked.Add(ref _longDatagrams, datagrams);
        Interlocked.Add(ref _longParticipants, participants);
        if (wall >= MediaLoop.Interval)
        {
            Interlocked.Increment(ref _overruns);
            Interlocked.Add(ref _overrunDatagrams, datagrams);
            Interlocked.Add(ref _overrunParticipants, participants);
            Interlocked.Add(ref _overrunReceiveNs, receive.Ticks * 100);
        }

        Interlocked.Add(ref _longWallNs, wall.Ticks * 100);
        Interlocked.Add(ref _longCpuNs, cpuNanoseconds);
        if (gcPause >= TimeSpan.FromMilliseconds(1))
        {
            Interlocked.Increment(ref _longGc);
        }
    }

    internal void RecordSlowStep(Type participant, TimeSpan wall, TimeSpan gcPauseInTick, bool receiving = false)
    {
        lock (_slow)
        {
            int i = _slowNext++;
            _slow[i % _slow.Length] = new SlowStep(i, participant, wall, gcPauseInTick, receiving);
        }
    }

    internal void RecordWork(TimeSpan work, long allocatedBytes, long cpuNanoseconds, int participants, int datagrams = 0)
    {
        Work.Record(work);
        Interlocked.Add(ref _datagrams, datagrams);
        long max = Interlocked.Read(ref _maxTickDatagrams);
        while (datagrams > max && Interlocked.CompareExchange(ref _maxTickDatagrams, datagrams, max) != max)
        {
            max = Interlocked.Read(ref _maxTickDatagrams);
        }

        Interlocked.Increment(ref _ticks);
        Interlocked.Add(ref _cpuNs, cpuNanoseconds);
        Interlocked.Add(ref _participantTicks, participants);
        if (allocatedBytes > 0)
        {
            Interlocked.Add(ref _allocated, allocatedBytes);
        }
    }
}
