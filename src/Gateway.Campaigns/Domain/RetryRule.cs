namespace Gateway.Campaigns.Domain;

/// <summary>
/// How one failure class is retried. The n-th retry of this class (n ≥ 1) waits
/// <c>min(Delay × BackoffFactor^(n-1), max(MaxDelay, Delay))</c>; a factor of 1 is a fixed delay. MaxDelay caps the
/// growth only: an operator who asks for a first delay longer than the class's default cap gets that delay.
/// </summary>
/// <param name="MaxRetries">Retries after attempts that ended in this class (0 = never retried): the job fails when one more attempt of this class would exceed it.</param>
public sealed record RetryRule(TimeSpan Delay, int MaxRetries, double BackoffFactor = 1.0, TimeSpan? MaxDelay = null)
{
    /// <summary>The wait after the <paramref name="failuresOfClass"/>-th failure of this class (1-based).</summary>
    public TimeSpan DelayAfter(int failuresOfClass)
    {
        var n = Math.Max(1, failuresOfClass);
        var seconds = Delay.TotalSeconds * Math.Pow(BackoffFactor, n - 1);
        var cap = Math.Max((MaxDelay ?? TimeSpan.FromDays(7)).TotalSeconds, Delay.TotalSeconds);
        return TimeSpan.FromSeconds(Math.Min(seconds, cap));
    }

    public void Validate(FailureClass failure)
    {
        if (Delay < TimeSpan.Zero || MaxRetries < 0 || BackoffFactor < 1.0 || double.IsNaN(BackoffFactor) || MaxDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"retry rule for {failure}: delay >= 0, max retries >= 0, backoff factor >= 1, max delay >= 0");
        }
    }
}
