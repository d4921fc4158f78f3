using System.Globalization;
using Gateway.Sip.Dialogs;
using Gateway.Sip.Headers;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transactions;
using Gateway.Sip.Transport;

namespace Gateway.Sip.UserAgent;

public sealed partial class SipCall
{
    SipEndPoint _destination;
    readonly IReadOnlyList<SipEndPoint> _targets = [];
    int _targetIndex;
    readonly NameAddress _from, _to;
    readonly SipUri _requestUri;
    SipRequest? _invite;
    ClientInviteTransaction? _inviteTx;
    uint _cseq = 1;
    int _inviteAuthAttempts;
    bool _retried422, _gotProvisional, _cancelRequested, _cancelSent, _hangUpRequested;
    int? _sessionExpires;
    SipRequest? _ack;
    uint _lastRSeq;

    internal void StartInvite()
    {
        lock (_gate)
        {
            _invite = BuildInvite();
            SendInvite(_invite);
        }
    }

    SipRequest BuildInvite()
    {
        var req = _ua.NewRequest(SipMethod.Invite, _requestUri, _from, _to, CallId, _cseq, _ua.ContactUri(Trunk!.FromUser, _destination.Transport));
        req.AddHeader(HeaderNames.Allow, _ua.Options.Allow);
        req.AddHeader(HeaderNames.Supported, "timer, 100rel");
        if (_sessionExpires is int se)
        {
            // RFC 4028 §7.1: no refresher parameter, the UAS chooses; Min-SE states our floor.
            req.AddHeader(HeaderNames.SessionExpires, se.ToString(CultureInfo.InvariantCulture));
            req.AddHeader(HeaderNames.MinSE, Math.Max(Trunk.MinSessionExpires, Math.Min(se, 90)).ToString(CultureInfo.InvariantCulture));
        }
        if (Trunk.PAssertedIdentity is { } pai) req.AddHeader(HeaderNames.PAssertedIdentity, pai);
        AddAuthorization(req);
        req.AddHeader(HeaderNames.ContentType, "application/sdp");
        req.Body = SdpWriter.ToBytes(LocalSdp);
        return req;
    }

    void SendInvite(SipRequest req)
    {
        var tx = _ua.Transactions.CreateClientInvite(req, _destination);
        _inviteTx = tx;
        tx.ResponseReceived += r => OnInviteResponse(tx, r);
        tx.TimedOut += () => OnInviteTimeout(tx);
        tx.Start();
    }

    void OnInviteTimeout(ClientInviteTransaction tx)
    {
        if (tx != _inviteTx) return;
        lock (_gate)
        {
            // RFC 3263 §4.3: no response (Timer B) or a transport error → the next target, if any.
            if (!_cancelRequested && !_gotProvisional && State == SipCallState.Calling && TryNextTarget()) { Retry(); return; }
        }
        // §17.1.1.2: Timer B is reported as 408; §17.1.4: a transport error as 503.
        Finish(_cancelSent ? SipCallEndReason.Cancelled : tx.FailedByTransport ? SipCallEndReason.TransportError : SipCallEndReason.TimedOut);
    }

    void OnInviteResponse(ClientInviteTransaction tx, SipResponse r)
    {
        var post = new List<Action>();
        lock (_gate)
        {
            if (r.IsProvisional) { if (tx == _inviteTx) OnProvisional(r, post); }
            else if (r.IsSuccess) On2xx(r, post);
            else if (tx == _inviteTx) OnFailure(r, post);
        }
        foreach (var a in post) a();
    }

    void OnProvisional(SipResponse r, List<Action> post)
    {
        if (State != SipCallState.Calling && State != SipCallState.Early) return;
        _gotProvisional = true;
        if (r.StatusCode > 100 && r.To?.Tag is not null && _dialog is null)
        {
            _dialog = SipDialog.FromUacResponse(_invite!, r, _ua.ContactUri(Trunk!.FromUser, _destination.Transport));
            State = SipCallState.Early;
        }
        if (RequiresReliable(r)) SendPrack(r);
        if (RemoteSdp is null && ParseSdp(r) is { } sdp)
        {
            RemoteSdp = sdp;
            post.Add(() => EarlyMedia?.Invoke(sdp));
        }
        post.Add(() => Provisional?.Invoke(r));
        if (_cancelRequested && !_cancelSent) SendCancel();
    }

    static bool RequiresReliable(SipResponse r) =>
        r.StatusCode > 100 && r.GetHeaderValues(HeaderNames.Require).Exists(v => v.Equals("100rel", StringComparison.OrdinalIgnoreCase)) && r.GetHeader(HeaderNames.RSeq) is not null;

    /// <summary>RFC 3262 §7.2: PRACK with RAck = RSeq, CSeq number and method of the INVITE; once per RSeq.</summary>
    void SendPrack(SipResponse r)
    {
        if (!uint.TryParse(r.GetHeader(HeaderNames.RSeq), NumberStyles.None, CultureInfo.InvariantCulture, out uint rseq) || rseq <= _lastRSeq || r.To?.Tag is null) return;
        _lastRSeq = rseq;
        var early = SipDialog.FromUacResponse(_invite!, r, _ua.ContactUri(Trunk!.FromUser, _destination.Transport));
        if (_dialog is not null && _dialog.RemoteTag == early.RemoteTag) early = _dialog;
        var prack = early.CreateRequest(SipMethod.Prack);
        _ua.AddVia(prack);
        prack.AddHeader(HeaderNames.RAck, $"{rseq} {_invite!.CSeq!.Value.Number} INVITE");
        AddAuthorization(prack);
        _ = _ua.SendNonInviteAsync(prack, _dialog == early ? NextHopEndPoint() : _destination);
    }

    void On2xx(SipResponse r, List<Action> post)
    {
        var tag = r.To?.Tag ?? "";
        var contact = _ua.ContactUri(Trunk!.FromUser, _destination.Transport);
        if (State is SipCallState.Confirmed or SipCallState.Terminated)
        {
            if (_dialog is not null && tag == _dialog.RemoteTag)
            {
                if (_ack is not null) _ua.Send(_ack, NextHopEndPoint()); // §13.2.2.4: ACK each retransmitted 2xx
                return;
            }
            // §13.2.2.4: a 2xx from another fork: ACK it, then BYE it.
            var fork = SipDialog.FromUacResponse(_invite!, r, contact);
            var forkAck = BuildAck(fork);
            var hop = ResolveHop(fork);
            _ua.Send(forkAck, hop);
            var bye = fork.CreateRequest(SipMethod.Bye);
            _ua.AddVia(bye);
            _ = _ua.SendNonInviteAsync(bye, hop);
            return;
        }
        _dialog = SipDialog.FromUacResponse(_invite!, r, contact);
        _ack = BuildAck(_dialog);
        _ua.Send(_ack, NextHopEndPoint());
        var sdp = ParseSdp(r) ?? RemoteSdp;
        RemoteSdp = sdp;
        State = SipCallState.Confirmed;
        _answer.TrySetResult(new SipInviteResult(r.StatusCode, r.ReasonPhrase, sdp));
        if (_cancelSent || _hangUpRequested)
        {
            // §9.1: the 200 raced our CANCEL; the call is up, so end it with BYE.
            var reason = _cancelSent ? SipCallEndReason.Cancelled : SipCallEndReason.LocalHangUp;
            post.Add(() => _ = SendByeAsync(reason));
            return;
        }
        StartSessionTimer(r);
        if (sdp is not null) post.Add(() => Answered?.Invoke(sdp));
    }

    SipEndPoint ResolveHop(SipDialog d)
    {
        var saved = _dialog;
        _dialog = d;
        try { return NextHopEndPoint(); } finally { _dialog = saved; }
    }

    /// <summary>§13.2.2.4: ACK for a 2xx: in-dialog request with the INVITE's CSeq number and credentials, new branch.</summary>
    SipRequest BuildAck(SipDialog d)
    {
        var ack = d.CreateRequest(SipMethod.Ack, _invite!.CSeq!.Value.Number);
        _ua.AddVia(ack);
        foreach (var h in new[] { HeaderNames.Authorization, HeaderNames.ProxyAuthorization })
            if (_invite.GetHeader(h) is { } v) ack.AddHeader(h, v);
        return ack;
    }

    void OnFailure(SipResponse r, List<Action> post)
    {
        if (State is not (SipCallState.Calling or SipCallState.Early)) return;
        if (r.StatusCode is 401 or 407 && !_cancelRequested && AcceptChallenge(r, ref _inviteAuthAttempts))
        {
            Retry();
            return;
        }
        if (r.StatusCode == 503 && !_cancelRequested && TryNextTarget())
        {
            Retry(); // RFC 3263 §4.3: a 503 also moves on to the next target
            return;
        }
        if (r.StatusCode == 422 && !_retried422 && !_cancelRequested
            && int.TryParse(r.GetHeader(HeaderNames.MinSE)?.Split(';')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int minSe))
        {
            // RFC 4028 §7.4: retry with Session-Expires at least the Min-SE of the 422.
            _retried422 = true;
            _sessionExpires = Math.Max(minSe, _sessionExpires ?? 0);
            Retry();
            return;
        }
        _answer.TrySetResult(new SipInviteResult(r.StatusCode, r.ReasonPhrase, null));
        var reason = _cancelSent && r.StatusCode == 487 ? SipCallEndReason.Cancelled : SipCallEndReason.Rejected;
        post.Add(() => Finish(reason));
    }

    /// <summary>Moves to the next RFC 3263 target; false when none is left.</summary>
    bool TryNextTarget()
    {
        if (_targetIndex + 1 >= _targets.Count) return false;
        _destination = _targets[++_targetIndex];
        _ua.ApplyTrunkPolicy(Trunk!, _destination);
        return true;
    }

    /// <summary>§8.1.3.5: the retry is a new transaction with the same Call-ID, From tag and CSeq + 1.</summary>
    void Retry()
    {
        _cseq++;
        _dialog = null;
        State = SipCallState.Calling;
        _gotProvisional = false;
        _invite = BuildInvite();
        SendInvite(_invite);
    }

    /// <summary>
    /// Cancels a call that is not answered yet (§9.1). The CANCEL waits for the first provisional
    /// response; a 200 that crosses it is ACKed and then ended with BYE.
    /// </summary>
    public Task<SipCallEndReason> CancelAsync()
    {
        lock (_gate)
        {
            if (State is SipCallState.Calling or SipCallState.Early && IsOutbound)
            {
                _cancelRequested = true;
                if (_gotProvisional && !_cancelSent) SendCancel();
            }
        }
        return Completion;
    }

    /// <summary>§9.1: same Request-URI, Call-ID, To, From, Route and CSeq number as the INVITE; the INVITE's top Via.</summary>
    void SendCancel()
    {
        _cancelSent = true;
        var inv = _invite!;
        var cancel = new SipRequest(SipMethod.Cancel, inv.RequestUri.Clone());
        cancel.AddHeader(HeaderNames.Via, inv.TopVia!.ToString());
        cancel.AddHeader(HeaderNames.MaxForwards, "70");
        cancel.AddHeader(HeaderNames.From, inv.GetHeader(HeaderNames.From)!);
        cancel.AddHeader(HeaderNames.To, inv.GetHeader(HeaderNames.To)!);
        cancel.AddHeader(HeaderNames.CallId, CallId);
        cancel.AddHeader(HeaderNames.CSeq, $"{inv.CSeq!.Value.Number} CANCEL");
        foreach (var route in inv.GetHeaderValues(HeaderNames.Route)) cancel.AddHeader(HeaderNames.Route, route);
        _ = _ua.SendNonInviteAsync(cancel, _inviteTx?.Remote ?? _destination); // §9.1: where the INVITE went
    }

    internal void OnStray2xx(SipResponse r)
    {
        lock (_gate)
        {
            if (_dialog is not null && r.To?.Tag == _dialog.RemoteTag && _ack is not null && r.CSeq?.Number == _ack.CSeq?.Number)
                _ua.Send(_ack, NextHopEndPoint());
        }
    }
}
