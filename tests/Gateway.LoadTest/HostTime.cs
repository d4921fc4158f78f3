using System.Globalization;

namespace Gateway.LoadTest;

/// <summary>
/// Where CPU time went outside our code during a level, from Linux's own accounting: the hypervisor's steal time (all
/// CPUs, <c>/proc/stat</c>: this host is a virtual machine, and a vCPU the hypervisor does not run stops even a real-time
/// thread) and how long our media threads waited, runnable, for a CPU (<c>/proc/self/task/TID/schedstat</c>, second
/// field: run-queue delay). A late tick with no GC pause and no long tick before it ("other") is one or the other.
/// </summary>
internal sealed class HostTime
{
    private readonly List<string> _mediaTasks = [];
    private long _steal;
    private long _wait;

    /// <summary>Finds the media threads (call once they run) and marks the start.</summary>
    public void FindMediaThreads()
    {
        _mediaTasks.Clear();
        if (!Directory.Exists("/proc/self/task"))
        {
            return;
        }

        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            if (File.ReadAllText(Path.Combine(task, "comm")).Trim().StartsWith("media-", StringComparison.Ordinal))
            {
                _mediaTasks.Add(Path.Combine(task, "schedstat"));
            }
        }

        Mark();
    }

    public void Mark() => (_steal, _wait) = (StealJiffies(), WaitNanoseconds());

    /// <summary>Since the last <see cref="Mark"/>: steal time over all CPUs and our media threads' run-queue wait.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"hypervisor steal {(StealJiffies() - _steal) * 1000.0 / 100:F0} ms (all CPUs), our media threads waited for a CPU {(WaitNanoseconds() - _wait) / 1e6:F0} ms");

    private static long StealJiffies()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ...", in USER_HZ (100 per second)
            string[] fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 8 ? long.Parse(fields[8], CultureInfo.InvariantCulture) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private long WaitNanoseconds()
    {
        long total = 0;
        foreach (string path in _mediaTasks)
        {
            try
            {
                string[] fields = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                total += fields.Length > 1 ? long.Parse(fields[1], CultureInfo.InvariantCulture) : 0;
            }
            catch (IOException)
            {
            }
        }

        return total;
    }
}
