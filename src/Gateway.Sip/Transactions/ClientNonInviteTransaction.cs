using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transactions;

/// <summary>
/// The non-INVITE client transaction of RFC 3261 §17.1.2 (Figure 6): Timer E retransmits at T1
/// doubling up to T2 (at T2 once a 1xx arrived), Timer F gives up after 64·T1, Timer K absorbs
/// retransmitted finals for T4.
/// </summary>
public sealed class ClientNonInviteTransaction : SipTransaction
{
    readonly TransactionTimer _e, _f, _k;
    TimeSpan _eInterval;

    public ClientNonInviteTransaction(SipRequest request, SipEndPoint remote, ISipSender sender, TimeProvider time, SipTimers? timers = null)
        : base(request, remote, sender, time, timers ?? SipTimers.Default)
    {
        if (request.Method is SipMethod.Invite or SipMethod.Ack) throw new ArgumentException("INVITE and ACK do not use a non-INVITE transaction.", nameof(request));
        _e = new TransactionTimer(time, OnTimerE, OnTimerError);
        _f = new TransactionTimer(time, OnTimerF, OnTimerError);
        _k = new TransactionTimer(time, Terminate, OnTimerError);
        State = TransactionState.Trying;
    }

    public event Action<SipResponse>? ResponseReceived;
    public event Action? TimedOut;

    /// <summary>True when <see cref="TimedOut"/> was raised by a transport error (§17.1.4), not by the timer.</summary>
    public bool FailedByTransport { get; private set; }

    public void Start()
    {
        lock (Gate)
        {
            Sender.Send(Request, Remote);
            if (!Remote.IsReliable) { _eInterval = Timers.T1; _e.Start(_eInterval); }
            _f.Start(Timers.TransactionTimeout);
        }
    }

    void OnTimerE()
    {
        lock (Gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding)) return;
            Sender.Send(Request, Remote);
            // §17.1.2.2: min(2·interval, T2) in Trying; T2 in Proceeding.
            _eInterval = State == TransactionState.Proceeding ? Timers.T2 : TimeSpan.FromTicks(Math.Min((_eInterval * 2).Ticks, Timers.T2.Ticks));
            _e.Start(_eInterval);
        }
    }

    void OnTimerF()
    {
        bool fire;
        lock (Gate) fire = State is TransactionState.Trying or TransactionState.Proceeding;
        if (!fire) return;
        Terminate();
        TimedOut?.Invoke();
    }

    public void OnResponse(SipResponse r)
    {
        bool deliver = false, terminateNow = false;
        lock (Gate)
        {
            if (State is TransactionState.Trying or TransactionState.Proceeding)
            {
                deliver = true;
                if (r.IsProvisional) State = TransactionState.Proceeding;
                else
                {
                    State = TransactionState.Completed;
                    _e.Stop(); _f.Stop();
                    if (Remote.IsReliable) terminateNow = true;
                    else _k.Start(Timers.T4);
                }
            }
        }
        if (deliver) ResponseReceived?.Invoke(r);
        if (terminateNow) Terminate();
    }

    public void OnTransportError()
    {
        bool fire;
        lock (Gate)
        {
            fire = State is TransactionState.Trying or TransactionState.Proceeding;
            if (fire) FailedByTransport = true;
        }
        Terminate();
        if (fire) TimedOut?.Invoke();
    }

    private protected override void StopTimers() { _e.Stop(); _f.Stop(); _k.Stop(); }
}
