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

    public void Dispose()
    {
        lock (Gate) StopTimers();
        GC.SuppressFinalize(this);
    }
}
