using Microsoft.Extensions.Logging;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// OPTIONS keepalive for one trunk (RFC 3261 §11): probes at <see cref="SipTrunk.KeepaliveInterval"/>,
/// one probe at a time (the next is scheduled when the previous ended, so Timer F never overlaps).
/// Any response other than 503 means the trunk is up (§11.2: OPTIONS is answered like an INVITE
/// would be; 503 means it will not take calls, RFC 3261 §21.5.4); <see cref="SipTrunk.KeepaliveFailuresToDown"/>
/// consecutive failures (timeout, transport error, 503) mean down. Time comes from the agent's TimeProvider.
/// </summary>
public sealed class SipTrunkKeepalive : IAsyncDisposable
{
    readonly SipUserAgent _ua;
    readonly CancellationTokenSource _stop = new();
    readonly object _gate = new();
    ITimer? _timer;
    Task _probe = Task.CompletedTask;
    int _failures;

    public SipTrunkKeepalive(SipUserAgent ua, SipTrunk trunk)
    {
        _ua = ua;
        Trunk = trunk;
    }

    public SipTrunk Trunk { get; }

    public SipTrunkState State { get; private set; }

    /// <summary>Status of the last probe (null: no response).</summary>
    public int? LastStatusCode { get; private set; }

    /// <summary>Raised on every change of <see cref="State"/> (Unknown → Up/Down, Up ↔ Down), on the timer thread.</summary>
    public event Action<SipTrunkStateChange>? StateChanged;

    /// <summary>Sends the first probe now and keeps probing until disposed.</summary>
    public void Start()
    {
        lock (_gate) _probe = ProbeAsync();
    }

    async Task ProbeAsync()
    {
        int? status;
        try { status = await _ua.PingAsync(Trunk, _stop.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }
        catch (System.Net.Sockets.SocketException e)
        {
            // The host name did not resolve: the trunk is unreachable.
            _ua.Log.LogInformation("Keepalive for {Trunk}: {Error}", Trunk.Name, e.Message);
            status = null;
        }
        Record(status);
        lock (_gate)
        {
            if (_stop.IsCancellationRequested) return;
            _timer?.Dispose();
            _timer = _ua.Time.CreateTimer(_ => { lock (_gate) if (!_stop.IsCancellationRequested) _probe = ProbeAsync(); }, null, Trunk.KeepaliveInterval, Timeout.InfiniteTimeSpan);
        }
    }

    void Record(int? status)
    {
        SipTrunkStateChange? change = null;
        lock (_gate)
        {
            LastStatusCode = status;
            bool ok = status is int s && s != 503;
            _failures = ok ? 0 : _failures + 1;
            var next = ok ? SipTrunkState.Up : _failures >= Math.Max(1, Trunk.KeepaliveFailuresToDown) || State == SipTrunkState.Unknown ? SipTrunkState.Down : State;
            if (next != State)
            {
                change = new SipTrunkStateChange(Trunk, State, next, status, _ua.Time.GetUtcNow());
                State = next;
            }
        }
        if (change is not null)
        {
            _ua.Log.LogInformation("Trunk {Trunk} is {State} (OPTIONS: {Status})", Trunk.Name, change.Current, status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no response");
            StateChanged?.Invoke(change);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task probe;
        lock (_gate)
        {
            _stop.Cancel();
            _timer?.Dispose();
            probe = _probe;
        }
        try { await probe.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
