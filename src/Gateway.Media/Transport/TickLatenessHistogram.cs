namespace Gateway.Media.Transport;

/// <summary>
/// Lock-free histogram of how late media ticks fire, in 0.1 ms buckets up to 50 ms (later ticks share
/// the last bucket). Percentiles of it are the RTP send jitter that the load test reports.
/// </summary>
public sealed class TickLatenessHistogram
{
    private const int Buckets = 501;
    private readonly long[] _counts = new long[Buckets];

    public void Record(TimeSpan lateness)
    {
        int bucket = (int)Math.Clamp(lateness.TotalMilliseconds * 10, 0, Buckets - 1);
        Interlocked.Increment(ref _counts[bucket]);
    }

    public long Count
    {
        get
        {
            long total = 0;
            for (int i = 0; i < Buckets; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    /// <summary>The lateness below which <paramref name="fraction"/> of the ticks fell (upper bucket edge).</summary>
    public TimeSpan Percentile(double fraction)
    {
        long total = Count;
        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        long rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (int i = 0; i < Buckets; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return TimeSpan.FromMilliseconds((i + 1) / 10.0);
            }
        }

        return TimeSpan.FromMilliseconds(Buckets / 10.0);
    }

    public void Reset() => Array.Clear(_counts);
}
