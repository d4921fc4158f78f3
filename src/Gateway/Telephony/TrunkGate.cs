using Gateway.Calls;
using Gateway.Sip.UserAgent;
using Polly;
using Polly.CircuitBreaker;

namespace Gateway.Telephony;

/// <summary>
/// One trunk's door for calls: a Polly circuit breaker that counts calls ending in
/// <see cref="FailureClass.NetworkError"/> (5xx, timeouts, no response). While the breaker is open no call
/// is dialed; the first call after the break first sends OPTIONS (RFC 3261 §11) and dials only if the trunk
/// answered it, so a dead trunk is tested with one cheap request, not with a customer's fax.
/// </summary>
public sealed class TrunkGate
{
    private readonly ResiliencePipeline<FaxCallOutcome> _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly Func<CancellationToken, Task<int?>> _probe;
    private readonly TimeProvider _time;
    private volatile bool _probeBeforeNextCall;
    private volatile bool _keepaliveDown;
    private long _reopensAtTicks;

    /// <param name="probe">Sends OPTIONS to the trunk; returns its final status or null when nothing answered.</param>
    public TrunkGate(SipTrunk trunk, TrunkBreakerOptions options, Func<CancellationToken, Task<int?>> probe, TimeProvider time)
    {
        Trunk = trunk;
        _probe = probe;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder<FaxCallOutcome> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<FaxCallOutcome>
            {
                FailureRatio = Math.Clamp(options.FailureRatio, 0.01, 1.0),
                MinimumThroughput = Math.Max(2, options.MinimumThroughput),
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(1, options.SamplingSeconds)),
                BreakDuration = TimeSpan.FromSeconds(Math.Max(1, options.BreakSeconds)),
                StateProvider = _state,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not null and not OperationCanceledException ||
                    args.Outcome.Result?.Failure == FailureClass.NetworkError),
                OnOpened = args =>
                {
                    Interlocked.Exchange(ref _reopensAtTicks, (time.GetUtcNow() + args.BreakDuration).UtcTicks);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    _probeBeforeNextCall = true;
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The trunk this gate guards.</summary>
    public SipTrunk Trunk { get; }

    /// <summary>Closed (calls go), Open (trunk down), HalfOpen (the next call probes first).</summary>
    public CircuitState State => _state.CircuitState;

    /// <summary>
    /// Whether the dispatcher should give this trunk a call now: the breaker is closed, or its break is over
    /// and the next call will probe (<see cref="CircuitState.Open"/> alone does not say whether the break ended).
    /// </summary>
    public bool AcceptsCalls => !_keepaliveDown && State switch
    {
        CircuitState.Closed or CircuitState.HalfOpen => true,
        CircuitState.Open => _time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _reopensAtTicks),
        _ => false,
    };

    /// <summary>True while the trunk's OPTIONS keepalive (<see cref="SipTrunkKeepalive"/>) says it is down.</summary>
    public bool KeepaliveDown => _keepaliveDown;

    /// <summary>
    /// Takes the keepalive's verdict (RFC 3261 §11): while it says down no call is dialed and the dispatcher
    /// claims nothing for the trunk; once it says up again, calls go (subject to the breaker as before).
    /// The keepalive does not count in the breaker: it already waits for consecutive failures.
    /// </summary>
    public void OnKeepalive(SipTrunkStateChange change) => _keepaliveDown = change.Current == SipTrunkState.Down;

    /// <summary>
    /// Runs <paramref name="call"/> through the breaker. When the trunk is down the call is not made and the
    /// outcome is a <see cref="FailureClass.NetworkError"/> that says so.
    /// </summary>
    public async Task<FaxCallOutcome> RunAsync(Func<CancellationToken, Task<FaxCallOutcome>> call, CancellationToken ct)
    {
        DateTimeOffset started = _time.GetUtcNow();
        if (_keepaliveDown)
        {
            return NotDialed(started, $"trunk '{Trunk.Name}' is down (OPTIONS keepalive unanswered or 503); call not made", 0);
        }

        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    if (_probeBeforeNextCall)
                    {
                        _probeBeforeNextCall = false;
                        int? status = await _probe(token).ConfigureAwait(false);
                        // Any final response proves the trunk is reachable and processing requests; 5xx
                        // (or none) does not (RFC 3261 §21.5: the server itself failed).
                        if (status is null or >= 500)
                        {
                            return NotDialed(started, status is null
                                ? $"trunk '{Trunk.Name}' did not answer the OPTIONS probe"
                                : $"trunk '{Trunk.Name}' answered the OPTIONS probe with {status}", status ?? 0);
                        }
                    }

                    return await call(token).ConfigureAwait(false);
                },
                ct).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            return NotDialed(started, $"trunk '{Trunk.Name}' is down (circuit open after repeated network errors); call not made", 0);
        }
    }

    private FaxCallOutcome NotDialed(DateTimeOffset started, string reason, int status) => new()
    {
        Failure = FailureClass.NetworkError,
        Reason = reason,
        SipStatus = status,
        StartedAt = started,
        EndedAt = _time.GetUtcNow(),
    };
}
