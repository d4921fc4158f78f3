namespace Gateway.Campaigns.Scheduling;

/// <summary>
/// Calls-per-second limiter on an injected clock (so fake time drives it in tests): holds up to
/// <see cref="Capacity"/> tokens, refilled continuously at <see cref="RatePerSecond"/>. Not thread-safe: the
/// dispatcher loop owns it.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(double ratePerSecond, int capacity, TimeProvider time)
    {
        if (ratePerSecond <= 0 || capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), "rate > 0 and capacity >= 1");
        }

        RatePerSecond = ratePerSecond;
        Capacity = capacity;
        _time = time;
        _tokens = capacity;
        _last = time.GetTimestamp();
    }

    public double RatePerSecond { get; }

    public int Capacity { get; }

    /// <summary>Takes one token if available.</summary>
    public bool TryTake()
    {
        Refill();
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    /// <summary>Returns a token taken for a call that was not placed after all.</summary>
    public void Return() => _tokens = Math.Min(Capacity, _tokens + 1);

    /// <summary>How long until the next token.</summary>
    public TimeSpan TimeToNext()
    {
        Refill();
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / RatePerSecond);
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
        _tokens = Math.Min(Capacity, _tokens + (elapsed * RatePerSecond));
    }
}
