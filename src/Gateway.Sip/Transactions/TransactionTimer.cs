namespace Gateway.Sip.Transactions;

/// <summary>One restartable one-shot timer from an injected <see cref="TimeProvider"/>.</summary>
internal sealed class TransactionTimer(TimeProvider time, Action onFire) : IDisposable
{
    ITimer? _timer;
    int _generation;

    public void Start(TimeSpan due)
    {
        Stop();
        int gen = ++_generation;
        _timer = time.CreateTimer(_ => { if (Volatile.Read(ref _generation) == gen) onFire(); }, null, due, Timeout.InfiniteTimeSpan);
    }

    public void Stop()
    {
        Interlocked.Increment(ref _generation);
        _timer?.Dispose();
        _timer = null;
    }

    public void Dispose() => Stop();
}
