using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Gateway.LoadTest;

/// <summary>
/// What this process allocates and what its GCs cost, from the runtime's own events: GC AllocationTick (one per
/// ~100 KB allocated on a thread, naming the type of the allocation that crossed it; large-object allocations are
/// reported separately), split into the media threads (<c>media-*</c>) and all other threads; and per GC its
/// generation, reason, pause (SuspendEE begin to RestartEE end) and the heap sizes after it. A sample, not an exact
/// account; enough to find what allocates.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _media = new();
    private readonly ConcurrentDictionary<string, long> _others = new();
    private readonly ConcurrentQueue<GcRecord> _gcs = new();
    private volatile HashSet<ulong> _threads = [];
    private DateTime _suspendedAt;
    private DateTime _suspendEnded;
    private int _generation;
    private string _reason = "";
    private GcRecord? _lastRestarted;

    /// <summary>Looks up the OS thread ids of the media threads (call once they run).</summary>
    public void FindMediaThreads()
    {
        var ids = new HashSet<ulong>();
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            string comm = File.ReadAllText(Path.Combine(task, "comm")).Trim();
            if (comm.StartsWith("media-", StringComparison.Ordinal))
            {
                ids.Add(ulong.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture));
            }
        }

        _threads = ids;
    }

    /// <summary>The types the media threads allocated most (sampled bytes).</summary>
    public IEnumerable<(string Type, long Bytes)> TopOnMedia(int count) => Top(_media, count);

    /// <summary>The types all other threads (SIP, call tasks, thread pool, timers) allocated most; large objects marked "(LOH)".</summary>
    public IEnumerable<(string Type, long Bytes)> TopOffMedia(int count) => Top(_others, count);

    /// <summary>Each GC since the last <see cref="Reset"/>: generation, reason, pause and heap sizes after it.</summary>
    public IReadOnlyCollection<GcRecord> Gcs => _gcs;

    public void Reset()
    {
        _media.Clear();
        _others.Clear();
        _gcs.Clear();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventName)
        {
            case { } start when start.StartsWith("GCStart", StringComparison.Ordinal):
                _generation = Convert.ToInt32(Field(e, "Depth"), CultureInfo.InvariantCulture);
                _reason = ReasonName(Convert.ToInt32(Field(e, "Reason"), CultureInfo.InvariantCulture));
                return;
            case { } suspend when suspend.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal):
                _suspendedAt = e.TimeStamp;
                return;
            case { } suspended when suspended.StartsWith("GCSuspendEEEnd", StringComparison.Ordinal):
                _suspendEnded = e.TimeStamp;
                return;
            case { } restart when restart.StartsWith("GCRestartEEEnd", StringComparison.Ordinal):
                // A background GC restarts the runtime more than once; each suspension is a pause of its own.
                _lastRestarted = new GcRecord(_generation, _reason, (e.TimeStamp - _suspendedAt).TotalMilliseconds)
                {
                    SuspendMs = _suspendEnded >= _suspendedAt ? (_suspendEnded - _suspendedAt).TotalMilliseconds : double.NaN,
                };
                _gcs.Enqueue(_lastRestarted);
                return;
            case { } stats when stats.StartsWith("GCHeapStats", StringComparison.Ordinal):
                if (_lastRestarted is { } gc)
                {
                    gc.Gen0Bytes = Convert.ToInt64(Field(e, "GenerationSize0"), CultureInfo.InvariantCulture);
                    gc.Gen1Bytes = Convert.ToInt64(Field(e, "GenerationSize1"), CultureInfo.InvariantCulture);
                    gc.Gen2Bytes = Convert.ToInt64(Field(e, "GenerationSize2"), CultureInfo.InvariantCulture);
                    gc.LohBytes = Convert.ToInt64(Field(e, "GenerationSize3"), CultureInfo.InvariantCulture);
                    gc.PromotedBytes = Convert.ToInt64(Field(e, "TotalPromotedSize0"), CultureInfo.InvariantCulture)
                        + Convert.ToInt64(Field(e, "TotalPromotedSize1"), CultureInfo.InvariantCulture);
                }

                return;
            default:
                break;
        }

        if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            return;
        }

        string type = Field(e, "TypeName") as string ?? "?";
        object? amountField = Field(e, "AllocationAmount64");
        long amount = amountField is null ? 100_000 : Convert.ToInt64(amountField, CultureInfo.InvariantCulture);
        bool large = Convert.ToInt32(Field(e, "AllocationKind") ?? 0, CultureInfo.InvariantCulture) == 1;
        ConcurrentDictionary<string, long> into = _threads.Contains((ulong)e.OSThreadId) ? _media : _others;
        into.AddOrUpdate(large ? type + " (LOH)" : type, amount, (_, total) => total + amount);
    }

    private static object? Field(EventWrittenEventArgs e, string name)
    {
        int index = e.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 ? e.Payload![index] : null;
    }

    private static IEnumerable<(string Type, long Bytes)> Top(ConcurrentDictionary<string, long> bytes, int count) =>
        bytes.OrderByDescending(p => p.Value).Take(count).Select(p => (Shorten(p.Key), p.Value));

    // Generic type names are long: keep the outer name and the last segment of each argument.
    private static string Shorten(string type)
    {
        int tick = type.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? type : type[..tick] + "<…>";
    }

    // The runtime's gc_reason values (gcinterface.h).
    private static string ReasonName(int reason) => reason switch
    {
        0 => "alloc-soh",
        1 => "induced",
        2 => "low-memory",
        3 => "empty",
        4 => "alloc-loh",
        5 => "oos-soh",
        6 => "oos-loh",
        7 => "induced-not-forced",
        8 => "internal-tuning",
        9 => "induced-low-memory",
        10 => "induced-compacting",
        11 => "low-memory-host",
        12 => "pm-full-gc",
        13 => "low-memory-host-blocking",
        14 => "bgc-tuning-soh",
        15 => "bgc-tuning-loh",
        16 => "bgc-stepping",
        _ => reason.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>One GC suspension: generation, reason, pause (of which stopping the threads), and the heap after it (filled from GCHeapStats when it comes).</summary>
    internal sealed record GcRecord(int Generation, string Reason, double PauseMs)
    {
        /// <summary>From SuspendEE begin to its end: how long bringing every managed thread to a stop took.</summary>
        public double SuspendMs { get; init; }

        public long Gen0Bytes { get; set; }

        public long Gen1Bytes { get; set; }

        public long Gen2Bytes { get; set; }

        public long LohBytes { get; set; }

        public long PromotedBytes { get; set; }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Generation}/{Reason}:{PauseMs:F1}ms (suspend {SuspendMs:F1}) prom {PromotedBytes / 1024}K g2 {Gen2Bytes / 1048576.0:F1}M loh {LohBytes / 1048576.0:F1}M");
    }
}
