using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transactions;

/// <summary>
/// The INVITE server transaction of RFC 3261 §17.2.1 (Figure 7) with RFC 6026's Accepted state.
/// Non-2xx finals are retransmitted by Timer G until the ACK (Timer H gives up); in Accepted the
/// transaction also performs the UAS core's 2xx retransmission (§13.3.1.4: T1 doubling to T2 until
/// the ACK arrives or 64·T1 pass), so the dialog only has to report the ACK.
/// </summary>
public sealed class ServerInviteTransaction : SipTransaction
{
    readonly TransactionTimer _g, _h, _i;
    TimeSpan _gInterval;
    SipResponse? _last;

    public ServerInviteTransaction(SipRequest invite, SipEndPoint remote, ISipSender sender, TimeProvider time, SipTimers? timers = null)
        : base(invite, remote, sender, time, timers ?? SipTimers.Default)
    {
        _g = new TransactionTimer(time, OnTimerG, OnTimerError);
        _h = new TransactionTimer(time, OnTimerH, OnTimerError);
        _i = new TransactionTimer(time, Terminate, OnTimerError);
        State = TransactionState.Proceeding;
    }

    /// <summary>No ACK for our final response within 64·T1 (Timer H, or Timer L for 2xx).</summary>
    public event Action? AckTimedOut;

    /// <summary>The ACK for our 2xx (passed up for the dialog, §13.3.1.4) or for our non-2xx (absorbed).</summary>
    public event Action<SipRequest>? AckReceived;

    public SipResponse? LastResponse { get { lock (Gate) return _last; } }

    public void SendResponse(SipResponse r)
    {
        lock (Gate)
        {
            if (State != TransactionState.Proceeding) throw new InvalidOperationException($"Cannot send {r.StatusCode} in state {State}.");
            _last = r;
            Sender.Send(r, Remote);
            if (r.IsProvisional) return;
            State = r.IsSuccess ? TransactionState.Accepted : TransactionState.Completed;
            if (!Remote.IsReliable) { _gInterval = Timers.T1; _g.Start(_gInterval); }
            _h.Start(Timers.TransactionTimeout);
        }
    }

    /// <summary>A retransmitted INVITE: resend the last response (§17.2.1).</summary>
    public void OnRetransmittedRequest()
    {
        lock (Gate)
            if (_last is not null && State is TransactionState.Proceeding or TransactionState.Completed or TransactionState.Accepted)
                Sender.Send(_last, Remote);
    }

    public void OnAck(SipRequest ack)
    {
        bool deliver = false, terminate = false;
        lock (Gate)
        {
            if (State == TransactionState.Completed)
            {
                State = TransactionState.Confirmed;
                _g.Stop(); _h.Stop();
                if (Remote.IsReliable) terminate = true; else _i.Start(Timers.T4); // Timer I
            }
            else if (State == TransactionState.Accepted)
            {
                _g.Stop(); _h.Stop();
                deliver = true; terminate = true;
            }
        }
        if (deliver) AckReceived?.Invoke(ack);
        if (terminate) Terminate();
    }

    void OnTimerG()
    {
        lock (Gate)
        {
            if (State is not (TransactionState.Completed or TransactionState.Accepted) || _last is null) return;
            Sender.Send(_last, Remote);
            _gInterval = TimeSpan.FromTicks(Math.Min((_gInterval * 2).Ticks, Timers.T2.Ticks));
            _g.Start(_gInterval);
        }
    }

    void OnTimerH()
    {
        bool fire;
        lock (Gate) fire = State is TransactionState.Completed or TransactionState.Accepted;
        Terminate();
        if (fire) AckTimedOut?.Invoke();
    }

    private protected override void StopTimers() { _g.Stop(); _h.Stop(); _i.Stop(); }
}
