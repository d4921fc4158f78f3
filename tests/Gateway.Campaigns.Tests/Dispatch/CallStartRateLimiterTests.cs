using System.Threading.RateLimiting;
using Gateway.Campaigns.Dispatch;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Campaigns.Tests.Dispatch;

public sealed class CallStartRateLimiterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static bool Take(RateLimiter limiter)
    {
        using var lease = limiter.AttemptAcquire();
        return lease.IsAcquired;
    }

    [Fact]
    public void Allows_a_burst_of_ceil_rate_then_one_start_per_emission_interval()
    {
        var time = new FakeTimeProvider(T0);
        using var limiter = new CallStartRateLimiter(2, time);
        Assert.True(Take(limiter));
        Assert.True(Take(limiter));
        Assert.False(Take(limiter));
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(Take(limiter));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(Take(limiter));
        Assert.False(Take(limiter));
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(Take(limiter));
        Assert.False(Take(limiter));
    }

    [Fact]
    public void Idle_time_refills_no_more_than_the_burst()
    {
        var time = new FakeTimeProvider(T0);
        using var limiter = new CallStartRateLimiter(3, time);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(3, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => Take(limiter)));
        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.Null(limiter.IdleDuration);
    }

    [Fact]
    public void A_fractional_rate_allows_one_start_per_period()
    {
        var time = new FakeTimeProvider(T0);
        using var limiter = new CallStartRateLimiter(0.5, time);
        Assert.Equal(1, limiter.Burst);
        Assert.True(Take(limiter));
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(Take(limiter));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(Take(limiter));
    }

    [Fact]
    public void Starts_over_any_window_never_exceed_rate_times_window_plus_burst()
    {
        // Greedy taker polling every 10 ms for 60 s at 2.5/s: every 1 s window holds at most
        // the burst ceil(2.5) = 3 plus 2.5 more (T = 400 ms): 5, reached only by the window that opens with the burst.
        var time = new FakeTimeProvider(T0);
        using var limiter = new CallStartRateLimiter(2.5, time);
        var starts = new List<TimeSpan>();
        for (var t = TimeSpan.Zero; t < TimeSpan.FromSeconds(60); t += TimeSpan.FromMilliseconds(10))
        {
            while (Take(limiter))
            {
                starts.Add(t);
            }

            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.InRange(starts.Count, 150, 153); // 2.5/s for 60 s plus the initial burst of 3
        var worst = starts.Max(s => starts.Count(x => x >= s && x < s + TimeSpan.FromSeconds(1)));
        Assert.Equal(5, worst);
        var steady = starts.Where(s => s >= TimeSpan.FromSeconds(10)).ToList();
        Assert.Equal(3, steady.Max(s => steady.Count(x => x >= s && x < s + TimeSpan.FromSeconds(1)))); // after it: one per 400 ms
    }

    [Fact]
    public void A_returned_permit_can_be_taken_again_but_never_raises_the_burst()
    {
        var time = new FakeTimeProvider(T0);
        using var limiter = new CallStartRateLimiter(1, time);
        Assert.True(Take(limiter));
        Assert.False(Take(limiter));
        limiter.Return();
        Assert.True(Take(limiter));
        limiter.Return();
        limiter.Return();
        limiter.Return();
        Assert.True(Take(limiter));
        Assert.False(Take(limiter));
    }

    [Fact]
    public void A_refused_lease_says_when_to_try_again()
    {
        var time = new FakeTimeProvider(T0);
        using var limiter = new CallStartRateLimiter(4, time);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(Take(limiter));
        }

        time.Advance(TimeSpan.FromMilliseconds(100));
        using var lease = limiter.AttemptAcquire();
        Assert.False(lease.IsAcquired);
        Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(150), retryAfter);
        var stats = limiter.GetStatistics()!;
        Assert.Equal((4L, 1L), (stats.TotalSuccessfulLeases, stats.TotalFailedLeases));
    }

    [Fact]
    public void Rejects_a_rate_that_is_not_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CallStartRateLimiter(0, TimeProvider.System));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CallStartRateLimiter(double.NaN, TimeProvider.System));
    }
}
