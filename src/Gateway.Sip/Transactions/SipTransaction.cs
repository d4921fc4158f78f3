using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transactions;

/// <summary>Common parts of the four transaction kinds (RFC 3261 §17): state, key, timers, termination.</summary>
public abstract class SipTransaction : IDisposable
{
    private protected readonly object Gate = new();
    private protected readonly ISipSender Sender;
    private protected readonly TimeProvider Time;
    private protected readonly SipTimers Timers;

    private protected SipTransaction(SipRequest request, SipEndPoint remote, ISipSender sender, TimeProvider time, SipTimers timers)
    {
        Request = request; Remote = remote; Sender = sender; Time = time; Timers = timers;
        Branch = request.TopVia?.Branch ?? throw new ArgumentException("The request has no Via branch (§8.1.1.7).", nameof(request));
    }

    public SipRequest Request { get; }
    public SipEndPoint Remote { get; }
    public string Branch { get; }
    public TransactionState State { get; private protected set; }

    /// <summary>Raised once when the transaction reaches Terminated.</summary>
    public event Action<SipTransaction>? Terminated;

    /// <summary>
    /// A timer callback threw (the transport refused a retransmission, an event handler failed). The
    /// exception is caught so it cannot end the process from a timer thread; this reports it.
    /// </summary>
    public event Action<SipTransaction, Exception>? TimerFaulted;

    private protected void Terminate()
    {
        bool raise;
        lock (Gate)
        {
            raise = State != TransactionState.Terminated;
            State = TransactionState.Terminated;
            StopTimers();
        }
        if (raise) Terminated?.Invoke(this);
    }

    private protected abstract void StopTimers();

    private protected void OnTimerError(Exception e)
    {
        try { TimerFaulted?.Invoke(this, e); }
        catch (Exception) { /* a failing error handler must not escape the timer thread either */ }
    }

    /// <summary>
    /// Abandons the transaction: no timer fires afterwards and nothing more is sent, and no event is
    /// raised (the user agent is shutting down). A timer callback already waiting for the lock sees the
    /// Terminated state and does nothing.
    /// </summary>
    public void Dispose()
    {
        lock (Gate)
        {
            State = TransactionState.Terminated;
            StopTimers();
        }
        GC.SuppressFinalize(this);
    }
}
