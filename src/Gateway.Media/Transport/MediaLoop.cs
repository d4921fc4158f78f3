namespace Gateway.Media.Transport;

/// <summary>
/// Serves many media streams from a few threads (no thread per call): each thread wakes every 20 ms
/// on a monotonic schedule, drains its participants' sockets and gives each its tick. Lateness of each
/// tick against the schedule is recorded, so send jitter can be reported.
/// </summary>
public sealed class MediaLoop : IDisposable
{
    /// <summary>The packetization interval (RFC 3551 §4.5: G.711 default ptime 20 ms).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan SlowStepThreshold = TimeSpan.FromMilliseconds(2);
    private readonly TimeProvider _time;
    private readonly string _name;
    private readonly MediaThreadPriority _priority;
    private int _scheduling = -1;
    private readonly Worker[] _workers;
    private readonly CancellationTokenSource _stop = new();
    private int _nextWorker;
    private int _disposed;

    /// <param name="name">Prefix of the threads' names (profilers and thread dumps show them).</param>
    /// <param name="priority">What the threads ask the OS for (best effort: see <see cref="Scheduling"/>).</param>
    public MediaLoop(TimeProvider time, int threads, string name = "media", MediaThreadPriority priority = MediaThreadPriority.Realtime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _time = time;
        _name = name;
        _priority = priority;
        _workers = new Worker[threads];
        for (int i = 0; i < threads; i++)
        {
            _workers[i] = new Worker(this, i);
        }
    }

    /// <summary>Receives each participant that leaves the loop (closed), so its owner can release the socket.</summary>
    public Action<IMediaParticipant>? Removed { get; set; }

    /// <summary>Tick lateness statistics over all threads.</summary>
    public TickLatenessHistogram Lateness { get; } = new();

    /// <summary>Why ticks were late, the work per tick and what the media threads allocated.</summary>
    public MediaLoopStatistics Statistics { get; } = new();

    /// <summary>Streams served and not yet closed.</summary>
    public int Count => _workers.Sum(w => w.Count);

    /// <summary>
    /// The scheduling the threads got (the weakest over all threads), null until they have started. Below the
    /// requested priority when the process lacks the right (CAP_SYS_NICE, RLIMIT_RTPRIO): worth a log line.
    /// </summary>
    public MediaThreadPriority? Scheduling => Volatile.Read(ref _scheduling) is int s and >= 0 ? (MediaThreadPriority)s : null;

    public void Start()
    {
        foreach (Worker worker in _workers)
        {
            worker.Start();
        }
    }

    public void Add(IMediaParticipant participant)
    {
        int index = (int)((uint)Interlocked.Increment(ref _nextWorker) % (uint)_workers.Length);
        _workers[index].Add(participant);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        foreach (Worker worker in _workers)
        {
            worker.Join();
        }

        _stop.Dispose();
    }

    private sealed class Worker(MediaLoop loop, int index)
    {
        // Ticks between removals of closed participants (1 s at 20 ms).
        private const int RemovalTicks = 50;
        private readonly Lock _gate = new();
        private IMediaParticipant[] _participants = [];
        private int _ticksSinceRemoval;
        private Thread? _thread;

        // Open participants only: closed ones wait up to RemovalTicks for removal.
        public int Count
        {
            get
            {
                int open = 0;
                foreach (IMediaParticipant p in Volatile.Read(ref _participants))
                {
                    open += p.IsClosed ? 0 : 1;
                }

                return open;
            }
        }

        public void Add(IMediaParticipant participant)
        {
            lock (_gate)
            {
                _participants = [.. _participants, participant]; // copy-on-write: the loop reads without locks
            }
        }

        public void Start()
        {
            _thread = new Thread(Run) { IsBackground = true, Name = $"{loop._name}-{index}" };
            _thread.Start();
        }

        public void Join() => _thread?.Join(TimeSpan.FromSeconds(2));

        private void Run()
        {
            // Real-time scheduling only where ticks follow the real clock: a loop on a test's fake clock may
            // spin through its last stretch (WaitUntil), which a real-time thread must never do.
            MediaThreadPriority got = MediaThreadScheduling.Apply(loop._time == TimeProvider.System ? loop._priority : MediaThreadPriority.Normal);
            int current;
            do
            {
                current = Volatile.Read(ref loop._scheduling);
            }
            while ((current < 0 || (int)got < current) && Interlocked.CompareExchange(ref loop._scheduling, (int)got, current) != current);

            TimeProvider time = loop._time;
            long interval = (long)(Interval.TotalSeconds * time.TimestampFrequency);
            long next = time.GetTimestamp() + interval;
            CancellationToken stop = loop._stop.Token;
            using var receiver = new DatagramBatchReceiver();
            var readiness = new ReadinessPoll();
            long workEnd = time.GetTimestamp();
            TimeSpan pauseMark = GC.GetTotalPauseDuration();
            while (!stop.IsCancellationRequested)
            {
                WaitUntil(time, next);
                long now = time.GetTimestamp();
                TimeSpan lateness = time.GetElapsedTime(next, now);
                loop.Lateness.Record(lateness);
                TimeSpan pause = GC.GetTotalPauseDuration();
                if (lateness >= MediaLoopStatistics.LateThreshold)
                {
                    loop.Statistics.RecordLate(pause - pauseMark, overran: workEnd > next);
                }

                pauseMark = pause;
                workEnd = Tick(now, pause, receiver, readiness);
                next += interval;
                if (now - next > 5 * interval)
                {
                    next = now + interval; // we fell far behind (GC, suspend): resume the schedule from now
                }
            }
        }

        // One tick's work, in a method of its own: Run never returns, so the JIT can only give its loop on-stack-
        // replacement code (perf showed Run as "OptimizedTier1OSR" with 9 % of the thread's time in its own frame);
        // a method called once per tick gets full tier-1 code with profile-guided optimization. Returns when it ended.
        private long Tick(long now, TimeSpan pause, DatagramBatchReceiver receiver, ReadinessPoll readiness)
        {
            TimeProvider time = loop._time;
            MediaLoopStatistics statistics = loop.Statistics;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long cpuBefore = ThreadCpuClock.Nanoseconds();
            long receivedBefore = receiver.Received;
            IMediaParticipant[] participants = Volatile.Read(ref _participants);
            bool polled = readiness.Refresh(participants);
            bool anyClosed = false;
            int served = 0;
            // One clock read per participant: a step ends where the next one starts.
            long stepStart = time.GetTimestamp();
            for (int index = 0; index < participants.Length; index++)
            {
                IMediaParticipant participant = participants[index];
                if (participant.IsClosed)
                {
                    anyClosed = true;
                    continue;
                }

                served++;
                try
                {
                    if (!polled || readiness.MayRead(index))
                    {
                        receiver.DrainInto(participant, now);
                    }

                    participant.OnTick(now);
                }
                catch (ObjectDisposedException)
                {
                    // Its owner released the socket before this thread saw the stream closed (a tick
                    // delayed past the owner's grace period under load): skip it, never end the loop.
                }

                long stepEnd = time.GetTimestamp();
                TimeSpan step = time.GetElapsedTime(stepStart, stepEnd);
                stepStart = stepEnd;
                if (step >= SlowStepThreshold)
                {
                    statistics.RecordSlowStep(participant.GetType(), step, GC.GetTotalPauseDuration() - pause);
                }
            }

            // Closed participants are skipped until then: rebuilding the copy-on-write array (and the poll set)
            // once a second instead of once per ended call keeps a thousand-call loop from copying 8 KB arrays
            // dozens of times a second while calls end.
            if (anyClosed && ++_ticksSinceRemoval >= RemovalTicks)
            {
                _ticksSinceRemoval = 0;
                RemoveClosed();
            }

            long workEnd = time.GetTimestamp();
            TimeSpan work = time.GetElapsedTime(now, workEnd);
            long cpu = ThreadCpuClock.Nanoseconds() - cpuBefore;
            int datagrams = (int)(receiver.Received - receivedBefore);
            statistics.RecordWork(work, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, cpu, served, datagrams);
            if (work >= MediaLoopStatistics.LateThreshold)
            {
                statistics.RecordLongTick(work, cpu, GC.GetTotalPauseDuration() - pause, served, datagrams);
            }

            return workEnd;
        }

        private void RemoveClosed()
        {
            IMediaParticipant[] removed;
            lock (_gate)
            {
                IMediaParticipant[] all = _participants;
                int closed = 0;
                foreach (IMediaParticipant p in all)
                {
                    closed += p.IsClosed ? 1 : 0;
                }

                removed = new IMediaParticipant[closed];
                var kept = new IMediaParticipant[all.Length - closed];
                int r = 0;
                int k = 0;
                foreach (IMediaParticipant p in all)
                {
                    // One that closed between the two passes stays until the next removal.
                    if (p.IsClosed && r < removed.Length)
                    {
                        removed[r++] = p;
                    }
                    else
                    {
                        kept[k++] = p;
                    }
                }

                _participants = kept;
            }

            foreach (IMediaParticipant participant in removed)
            {
                participant.OnRemoved();
                loop.Removed?.Invoke(participant);
            }
        }

        private static void WaitUntil(TimeProvider time, long deadline)
        {
            if (time == TimeProvider.System && MonotonicSleep.IsAvailable)
            {
                MonotonicSleep.Until(deadline);
                return;
            }

            // Sleep most of the way, then spin the last stretch: Thread.Sleep alone wakes 1–2 ms late.
            while (true)
            {
                TimeSpan remaining = time.GetElapsedTime(time.GetTimestamp(), deadline);
                if (remaining <= TimeSpan.Zero)
                {
                    return;
                }

                if (remaining > TimeSpan.FromMilliseconds(2))
                {
                    Thread.Sleep(remaining - TimeSpan.FromMilliseconds(1.5));
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }
        }
    }
}
