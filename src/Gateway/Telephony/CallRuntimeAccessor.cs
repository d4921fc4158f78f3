namespace Gateway.Telephony;

/// <summary>
/// Lets the dispatcher's options (built before the service container) ask the <see cref="CallRuntime"/> about
/// trunk health once the container has created it; until then every trunk counts as available.
/// </summary>
public sealed class CallRuntimeAccessor
{
    private volatile CallRuntime? _runtime;

    /// <summary>The runtime, once created.</summary>
    public CallRuntime? Runtime => _runtime;

    /// <summary>Called by the container's factory.</summary>
    public void Set(CallRuntime runtime) => _runtime = runtime;
}
