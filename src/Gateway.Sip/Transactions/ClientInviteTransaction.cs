using Gateway.Sip.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Transactions;

/// <summary>
/// The INVITE client transaction of RFC 3261 §17.1.1 (Figure 5) as updated by RFC 6026 §7.2: a 2xx
/// moves it to Accepted for Timer M (64·T1) so retransmitted and forked 2xx still reach the TU.
/// Non-2xx finals are ACKed here (§17.1.1.3); the ACK for 2xx is the dialog's job (§13.2.2.4).
/// </summary>
public sealed class ClientInviteTransaction : SipTransaction
{
    readonly TransactionTimer _a, _b, _d;
    TimeSpan _aInterval;
    SipRequest? _ack;

    public ClientInviteTransaction(SipRequest invite, SipEndPoint remote, ISipSender sender, TimeProvider time, SipTimers? timers = null)
        : base(invite, remote, sender, time, timers ?? SipTimers.Default)
    {
        _a = new TransactionTimer(time, OnTimerA, OnTimerError);
        _b = new TransactionTimer(time, OnTimerB, OnTimerError);
        _d = new TransactionTimer(time, Terminate, OnTimerError);
        State = TransactionState.Calling;
    }

    /// <summary>Every 1xx, each 2xx (also retransmissions and forks while Accepted) and the first non-2xx final.</summary>
    public event Action<SipResponse>? ResponseReceived;

    /// <summary>Timer B fired (§17.1.1.2): no response in 64·T1; the TU treats it as 408.</summary>
    public event Action? TimedOut;

    /// <summary>True when <see cref="TimedOut"/> was raised by a transport error (§17.1.4), not by the timer.</summary>
    public bool FailedByTransport { get; private set; }

    public void Start()
    {
        lock (Gate)
        {
            Sender.Send(Request, Remote);
            // §17.1.1.2: Timer A only for unreliable transports; Timer B always.
            if (!Remote.IsReliable) { _aInterval = Timers.T1; _a.Start(_aInterval); }
            _b.Start(Timers.TransactionTimeout);
        }
    }

    void OnTimerA()
    {
        lock (Gate)
        {
            if (State != TransactionState.Calling) return;
            Sender.Send(Request, Remote);
            _aInterval *= 2; // §17.1.1.2: doubling, with no T2 cap for INVITE
            _a.Start(_aInterval);
        }
    }

    void OnTimerB()
    {
        bool fire;
        lock (Gate) fire = State == TransactionState.Calling;
        if (!fire) return;
        Terminate();
        TimedOut?.Invoke();
    }

    public void OnResponse(SipResponse r)
    {
        bool deliver = false, terminateNow = false;
        lock (Gate)
        {
            switch (State)
            {
                case TransactionState.Calling or TransactionState.Proceeding:
                    _a.Stop();
                    if (r.IsProvisional)
                    {
                        // §17.1.1.2: Proceeding; Timer B only guards Calling.
                        State = TransactionState.Proceeding; _b.Stop(); deliver = true;
                    }
                    else if (r.IsSuccess)
                    {
                        State = TransactionState.Accepted; _b.Stop();
                        _d.Start(Timers.TransactionTimeout); // RFC 6026 Timer M
                        deliver = true;
                    }
                    else
                    {
                        State = TransactionState.Completed; _b.Stop();
                        _ack = BuildAck(r);
                        Sender.Send(_ack, Remote);
                        if (Remote.IsReliable) terminateNow = true;
                        else _d.Start(Timers.TimerD);
                        deliver = true;
                    }
                    break;
                case TransactionState.Accepted:
                    deliver = r.IsSuccess; // RFC 6026 §7.2: 2xx go to the TU, others are dropped
                    break;
                case TransactionState.Completed:
                    if (r.IsFinal && !r.IsSuccess && _ack is not null) Sender.Send(_ack, Remote); // re-ACK retransmitted finals
                    break;
            }
        }
        if (deliver) ResponseReceived?.Invoke(r);
        if (terminateNow) Terminate();
    }

    /// <summary>A transport error (§17.1.4) ends the transaction like a 503 would.</summary>
    public void OnTransportError()
    {
        bool fire;
        lock (Gate)
        {
            fire = State is TransactionState.Calling or TransactionState.Proceeding;
            if (fire) FailedByTransport = true;
        }
        Terminate();
        if (fire) TimedOut?.Invoke();
    }

    /// <summary>§17.1.1.3: the ACK for a non-2xx final response.</summary>
    SipRequest BuildAck(SipResponse r)
    {
        var ack = new SipRequest(SipMethod.Ack, Request.RequestUri.Clone());
        var via = Request.TopVia!;
        ack.AddHeader(HeaderNames.Via, via.ToString());
        ack.AddHeader(HeaderNames.MaxForwards, "70");
        ack.AddHeader(HeaderNames.From, Request.GetHeader(HeaderNames.From)!);
        ack.AddHeader(HeaderNames.To, r.GetHeader(HeaderNames.To)!);
        ack.AddHeader(HeaderNames.CallId, Request.CallId!);
        ack.AddHeader(HeaderNames.CSeq, $"{Request.CSeq!.Value.Number} ACK");
        foreach (var route in Request.GetHeaderValues(HeaderNames.Route)) ack.AddHeader(HeaderNames.Route, route);
        return ack;
    }

    private protected override void StopTimers() { _a.Stop(); _b.Stop(); _d.Stop(); }
}
