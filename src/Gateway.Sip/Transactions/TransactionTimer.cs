namespace Gateway.Sip.Transactions;

/// <summary>
/// One restartable one-shot timer from an injected <see cref="TimeProvider"/>. A callback that throws
/// (a transport closed under it, an event handler failing) is reported to <paramref name="onError"/>:
/// an exception escaping a thread-pool timer callback would end the process.
/// </summary>
internal sealed class TransactionTimer(TimeProvider time, Action onFire, Action<Exception> onError) : IDisposable
{
    ITimer? _timer;
    int _generation;

    public void Start(TimeSpan due)
    {
        Stop();
        int gen = ++_generation;
        _timer = time.CreateTimer(_ => Fire(gen), null, due, Timeout.InfiniteTimeSpan);
    }

    void Fire(int gen)
    {
        if (Volatile.Read(ref _generation) != gen) return;
        try { onFire(); }
        catch (Exception e) { onError(e); }
    }

    public void Stop()
    {
        Interlocked.Increment(ref _generation);
        _timer?.Dispose();
        _timer = null;
    }

    public void Dispose() => Stop();
}
