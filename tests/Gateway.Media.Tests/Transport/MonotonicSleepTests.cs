using System.Diagnostics;
using Gateway.Media.Transport;
using Xunit;

namespace Gateway.Media.Tests.Transport;

public sealed class MonotonicSleepTests
{
    [Fact]
    public void Never_wakes_before_the_absolute_deadline()
    {
        Assert.Equal(OperatingSystem.IsLinux(), MonotonicSleep.IsAvailable);
        if (!MonotonicSleep.IsAvailable)
        {
            return;
        }

        for (int i = 0; i < 20; i++)
        {
            long deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 500); // 2 ms ahead
            MonotonicSleep.Until(deadline);
            Assert.True(Stopwatch.GetTimestamp() >= deadline);
        }
    }

    [Fact]
    public void A_deadline_in_the_past_returns_at_once_without_error()
    {
        if (MonotonicSleep.IsAvailable)
        {
            MonotonicSleep.Until(Stopwatch.GetTimestamp() - Stopwatch.Frequency);
        }
    }
}
