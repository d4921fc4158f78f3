namespace Gateway.Hosting;

/// <summary>What <c>/health/ready</c> reports: ready once the store is migrated and the worker runs.</summary>
public sealed class ReadinessState
{
    private volatile bool _storeMigrated;
    private volatile bool _workerRunning;
    private volatile bool _stopping;

    /// <summary>Schema migrations (host and job store) are applied.</summary>
    public bool StoreMigrated => _storeMigrated;

    /// <summary>The dispatcher worker loop is running.</summary>
    public bool WorkerRunning => _workerRunning;

    /// <summary>Shutdown began: no new calls are placed.</summary>
    public bool Stopping => _stopping;

    /// <summary>Ready for traffic.</summary>
    public bool IsReady => _storeMigrated && _workerRunning && !_stopping;

    /// <summary>Marks the store migrated.</summary>
    public void MarkStoreMigrated() => _storeMigrated = true;

    /// <summary>Marks the worker running or stopped.</summary>
    public void MarkWorkerRunning(bool running) => _workerRunning = running;

    /// <summary>Marks shutdown begun.</summary>
    public void MarkStopping() => _stopping = true;
}
