using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Gateway.LoadTest;

/// <summary>
/// Which types the gateway's media threads allocate: the runtime's GC AllocationTick events (one per ~100 KB
/// allocated, naming the type of the allocation that crossed it), counted for threads named
/// <c>media-*</c>. A sample, not an exact account; enough to find what the hot path allocates.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private readonly ConcurrentQueue<(int Generation, double PauseMs)> _pauses = new();
    private volatile HashSet<ulong> _threads = [];
    private DateTime _suspendedAt;
    private int _generation;

    /// <summary>Looks up the OS thread ids of the media threads (call once they run).</summary>
    public void FindMediaThreads()
    {
        var ids = new HashSet<ulong>();
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            string comm = File.ReadAllText(Path.Combine(task, "comm")).Trim();
            if (comm.StartsWith("media-", StringComparison.Ordinal))
            {
                ids.Add(ulong.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        _threads = ids;
    }

    public IEnumerable<(string Type, long Bytes)> Top(int count) =>
        _bytes.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value));

    /// <summary>Each GC's generation and how long the runtime was suspended for it (SuspendEE begin to RestartEE end).</summary>
    public IReadOnlyCollection<(int Generation, double PauseMs)> Pauses => _pauses;

    public void Reset()
    {
        _bytes.Clear();
        _pauses.Clear();
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
                _generation = Convert.ToInt32(e.Payload![e.PayloadNames!.IndexOf("Depth")], System.Globalization.CultureInfo.InvariantCulture);
                return;
            case { } suspend when suspend.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal):
                _suspendedAt = e.TimeStamp;
                return;
            case { } restart when restart.StartsWith("GCRestartEEEnd", StringComparison.Ordinal):
                _pauses.Enqueue((_generation, (e.TimeStamp - _suspendedAt).TotalMilliseconds));
                return;
            default:
                break;
        }

        if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || !_threads.Contains((ulong)e.OSThreadId))
        {
            return;
        }

        int typeIndex = e.PayloadNames!.IndexOf("TypeName");
        int amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
        string type = typeIndex >= 0 ? e.Payload![typeIndex] as string ?? "?" : "?";
        long amount = amountIndex >= 0 ? Convert.ToInt64(e.Payload![amountIndex], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
    }
}
