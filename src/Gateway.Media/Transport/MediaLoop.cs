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

    /// <summary>The default <see cref="ReceiveBudget"/>.</summary>
    public static readonly TimeSpan DefaultReceiveBudget = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan SlowStepThreshold = TimeSpan.FromMilliseconds(2);
    private long _receiveBudget = DefaultReceiveBudget.Ticks;
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

    /// <summary>
    /// How long one tick may spend receiving (draining sockets and handling their datagrams) before it leaves the rest
    /// queued for the next tick, which starts with the socket left waiting (<see cref="ReceivePass"/>). Every
    /// participant's tick (what it plays and sends) runs after the receive work whatever the budget, so a burst of
    /// arrivals delays the sends by at most about the budget instead of making the next tick late. At least one batch
    /// of datagrams is taken per tick; <see cref="TimeSpan.MaxValue"/> drains everything every tick.
    /// </summary>
    public TimeSpan ReceiveBudget
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _receiveBudget));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            Volatile.Write(ref _receiveBudget, value.Ticks);
        }
    }

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

    private sealed class Worker(MediaLoop loop, int index) : IReceiveObserver
    {
        // Ticks between removals of closed participants (1 s at 20 ms).
        private const int RemovalTicks = 50;
        // Calls added from any thread wait here until the media thread's next tick takes them into its own array; the
        // array belongs to the media thread alone (it grows by doubling and is compacted in place), so adding a call no
        // longer copies the whole participant list: with copy-on-write that was 8.5 MB of the process's allocations in a
        // 1,000-call T.38 level (sampled), every copy as large as the list.
        private readonly System.Collections.Concurrent.ConcurrentQueue<IMediaParticipant> _added = new();
        private IMediaParticipant[] _participants = new IMediaParticipant[16];
        private int _count;
        private long _version;
        private int _ticksSinceRemoval;
        private Thread? _thread;
        private readonly ReceivePass _receive = new();
        private TimeSpan _tickPause;

        // Open participants only: closed ones wait up to RemovalTicks for removal. Read from any thread: a snapshot that
        // may miss or count twice one participant the media thread moves at that moment.
        public int Count
        {
            get
            {
                int open = 0;
                IMediaParticipant[] participants = Volatile.Read(ref _participants);
                int count = Math.Min(Volatile.Read(ref _count), participants.Length);
                for (int i = 0; i < count; i++)
                {
                    open += participants[i] is { IsClosed: false } ? 1 : 0;
                }

                foreach (IMediaParticipant p in _added)
                {
                    open += p.IsClosed ? 0 : 1;
                }

                return open;
            }
        }

        public void Add(IMediaParticipant participant) => _added.Enqueue(participant);

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
            LateCause? run = null;
            LateTickRun lateRun = default;
            while (!stop.IsCancellationRequested)
            {
                WaitUntil(time, next);
                long now = time.GetTimestamp();
                TimeSpan lateness = time.GetElapsedTime(next, now);
                loop.Lateness.Record(lateness);
                TimeSpan pause = GC.GetTotalPauseDuration();
                if (lateness >= MediaLoopStatistics.LateThreshold)
                {
                    bool starts = run is null;
                    run = loop.Statistics.RecordLate(pause - pauseMark, overran: workEnd > next, run);
                    lateRun = starts ? new LateTickRun(run.Value, lateness, pause - pauseMark, 1, 0) : lateRun with { Ticks = lateRun.Ticks + 1 };
                }
                else if (run is not null)
                {
                    loop.Statistics.RecordRun(lateRun);
                    run = null;
                }

                pauseMark = pause;
                workEnd = Tick(now, pause, receiver, readiness);
                next += interval;
                if (now - next > 5 * interval)
                {
                    // We fell far behind (GC, suspend): resume the schedule from now. The slots in between are never
                    // ticked; the histogram holds one late tick for them, the statistics count them.
                    loop.Statistics.RecordSkippedSlots((now - next) / interval);
                    lateRun = lateRun with { SkippedSlots = lateRun.SkippedSlots + ((now - next) / interval) };
                    next = now + interval;
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
            TakeAdded();
            ReadOnlySpan<IMediaParticipant> participants = _participants.AsSpan(0, _count);
            bool polled = readiness.Refresh(participants, _version);
            _tickPause = pause;

            // Receive first, within the budget (ReceivePass): what arrived before this tick reaches the jitter buffers
            // and terminals before their tick reads them, as when each participant drained its own socket.
            long receiveStart = time.GetTimestamp();
            long budgetTicks = Volatile.Read(ref loop._receiveBudget);
            long deadline = budgetTicks >= TimeSpan.FromDays(1).Ticks
                ? long.MaxValue // effectively no budget
                : receiveStart + (long)(budgetTicks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);
            _receive.Run(participants, polled ? readiness : null, receiver, time, now, deadline, this);
            long receiveEnd = time.GetTimestamp();
            TimeSpan receiving = time.GetElapsedTime(receiveStart, receiveEnd);
            statistics.RecordReceive(receiving, _receive.Deferred);

            bool anyClosed = false;
            int served = 0;
            // One clock read per participant: a step ends where the next one starts.
            long stepStart = receiveEnd;
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
                statistics.RecordLongTick(work, cpu, GC.GetTotalPauseDuration() - pause, served, datagrams, receiving);
            }

            return workEnd;
        }

        void IReceiveObserver.OnReceived(IMediaParticipant participant, long startTimestamp, long endTimestamp)
        {
            TimeSpan step = loop._time.GetElapsedTime(startTimestamp, endTimestamp);
            if (step >= SlowStepThreshold)
            {
                loop.Statistics.RecordSlowStep(participant.GetType(), step, GC.GetTotalPauseDuration() - _tickPause, receiving: true);
            }
        }

        private void TakeAdded()
        {
            if (_added.IsEmpty)
            {
                return;
            }

            while (_added.TryDequeue(out IMediaParticipant? participant))
            {
                if (_count == _participants.Length)
                {
                    var larger = new IMediaParticipant[_participants.Length * 2];
                    _participants.AsSpan().CopyTo(larger);
                    Volatile.Write(ref _participants, larger);
                }

                _participants[_count] = participant;
                Volatile.Write(ref _count, _count + 1);
            }

            _version++;
        }

        // Compacts the array in place (the order of the open participants is kept) and tells each closed one it left.
        private void RemoveClosed()
        {
            int kept = 0;
            int count = _count;
            for (int i = 0; i < count; i++)
            {
                IMediaParticipant participant = _participants[i];
                if (!participant.IsClosed)
                {
                    _participants[kept++] = participant;
                    continue;
                }

                participant.OnRemoved();
                loop.Removed?.Invoke(participant);
            }

            Array.Clear(_participants, kept, count - kept);
            Volatile.Write(ref _count, kept);
            _version++;
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
