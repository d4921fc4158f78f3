using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transactions;

/// <summary>
/// The non-INVITE server transaction of RFC 3261 §17.2.2 (Figure 8): retransmitted requests get the
/// last response again; Timer J (64·T1 on UDP, 0 otherwise) keeps the Completed state.
/// </summary>
public sealed class ServerNonInviteTransaction : SipTransaction
{
    readonly TransactionTimer _j;
    SipResponse? _last;

    public ServerNonInviteTransaction(SipRequest request, SipEndPoint remote, ISipSender sender, TimeProvider time, SipTimers? timers = null)
        : base(request, remote, sender, time, timers ?? SipTimers.Default)
    {
        _j = new TransactionTimer(time, Terminate, OnTimerError);
        State = TransactionState.Trying;
    }

    public void SendResponse(SipResponse r)
    {
        bool terminate = false;
        lock (Gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding)) throw new InvalidOperationException($"Cannot send {r.StatusCode} in state {State}.");
            _last = r;
            Sender.Send(r, Remote);
            if (r.IsProvisional) { State = TransactionState.Proceeding; return; }
            State = TransactionState.Completed;
            if (Remote.IsReliable) terminate = true; else _j.Start(Timers.TransactionTimeout);
        }
        if (terminate) Terminate();
    }

    public void OnRetransmittedRequest()
    {
        lock (Gate)
            if (_last is not null && State is TransactionState.Proceeding or TransactionState.Completed) Sender.Send(_last, Remote);
    }

    private protected override void StopTimers() => _j.Stop();
}
