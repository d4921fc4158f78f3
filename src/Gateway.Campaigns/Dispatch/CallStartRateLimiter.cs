using System.Threading.RateLimiting;

namespace Gateway.Campaigns.Dispatch;

/// <summary>
/// One node's limit on a trunk's call starts, as a <see cref="RateLimiter"/> (System.Threading.RateLimiting) that the
/// dispatcher puts in a Polly pipeline (<see cref="TrunkStartGate"/>) in front of the store's claim. It runs the same
/// generic cell rate algorithm as the store's cross-node count on the trunk row (ITU-T I.371 §4.4.2, virtual
/// scheduling: emission interval T = 1/rate, tolerance (ceil(rate) − 1)·T), on the injected clock so tests drive it
/// with fake time. So a node alone never starts more than ceil(rate) calls at one instant and one per T after that,
/// even before it asks the database; the store then holds the same rate over all nodes together.
/// No queueing: a permit is granted now or refused with <see cref="MetadataName.RetryAfter"/>.
/// </summary>
public sealed class CallStartRateLimiter : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _tolerance;
    private TimeSpan _nextStart; // the theoretical arrival time (TAT), measured from _origin
    private long _granted;
    private long _refused;

    public CallStartRateLimiter(double callsPerSecond, TimeProvider time)
    {
        if (!(callsPerSecond > 0) || double.IsInfinity(callsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(callsPerSecond), callsPerSecond, "calls per second must be a positive number");
        }

        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _origin = time.GetTimestamp();
        CallsPerSecond = callsPerSecond;
        Burst = Math.Max(1, (int)Math.Ceiling(callsPerSecond));
        _interval = TimeSpan.FromSeconds(1 / callsPerSecond);
        _tolerance = (Burst - 1) * _interval;
    }

    public double CallsPerSecond { get; }

    /// <summary>Most starts at one instant: ceil(rate), the same burst the store allows over all nodes.</summary>
    public int Burst { get; }

    /// <summary>Time since every permit was available again; null while some are spent.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = Now();
                return _nextStart <= now ? now - _nextStart : null;
            }
        }
    }

    /// <summary>
    /// Gives back the permit of a start that did not happen (the claim found the number busy, the trunk full, the
    /// number on the do-not-fax list): the store rolled its own count back, so the node does too.
    /// </summary>
    public void Return()
    {
        lock (_gate)
        {
            var now = Now();
            var earlier = _nextStart - _interval;
            _nextStart = earlier > now ? earlier : now;
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Available(Now()),
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _granted,
                TotalFailedLeases = _refused,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (permitCount < 0 || permitCount > Burst)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"between 0 and the burst ({Burst})");
        }

        lock (_gate)
        {
            var now = Now();
            var start = _nextStart > now ? _nextStart : now;
            // The last of the permits would start at start + (n − 1)·T; it conforms if that is not later than now + tolerance.
            var last = start + (Math.Max(permitCount, 1) - 1) * _interval;
            if (last > now + _tolerance)
            {
                _refused++;
                return Lease.Refused(last - _tolerance - now);
            }

            _nextStart = start + (permitCount * _interval);
            _granted++;
            return Lease.Granted;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(AttemptAcquireCore(permitCount));
    }

    private TimeSpan Now() => _time.GetElapsedTime(_origin);

    private long Available(TimeSpan now)
    {
        var start = _nextStart > now ? _nextStart : now;
        var room = now + _tolerance - start;
        return room < TimeSpan.Zero ? 0 : Math.Min(Burst, (long)(room / _interval) + 1);
    }

    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        private readonly TimeSpan? _retryAfter;

        private Lease(bool acquired, TimeSpan? retryAfter)
        {
            IsAcquired = acquired;
            _retryAfter = retryAfter;
        }

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static Lease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (_retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
