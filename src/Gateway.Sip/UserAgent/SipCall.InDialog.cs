using System.Globalization;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transactions;
using Gateway.Sip.Transport;

namespace Gateway.Sip.UserAgent;

public sealed partial class SipCall
{
    ServerInviteTransaction? _serverInvite;
    bool _awaitingAckAnswer;

    /// <summary>Requests the far end sends inside the dialog (RFC 3261 §12.2.2).</summary>
    internal void OnInDialogRequest(SipRequest req, SipEndPoint source)
    {
        var post = new List<Action>();
        lock (_gate)
        {
            if (_dialog is null || State == SipCallState.Terminated)
            {
                if (req.Method != SipMethod.Ack) _ua.Reply(req, source, 481);
                return;
            }
            if (req.Method == SipMethod.Ack) { OnAck(req, post); }
            else if (!_dialog.AcceptRemoteSeq(req.CSeq!.Value.Number, false))
            {
                // §12.2.2: a lower CSeq is out of order.
                _ua.Reply(req, source, 500);
            }
            else
            {
                switch (req.Method)
                {
                    case SipMethod.Bye:
                        _ua.Reply(req, source, 200);
                        post.Add(() => ByeReceived?.Invoke());
                        post.Add(() => Finish(SipCallEndReason.RemoteHangUp));
                        break;
                    case SipMethod.Invite:
                        OnReInvite(req, source, post);
                        break;
                    case SipMethod.Update:
                        // Session refresh by UPDATE (RFC 4028 §9) without SDP; SDP in UPDATE is not supported (not in Allow).
                        if (req.Body.Length == 0) { _ua.Reply(req, source, 200); RestartSessionTimerOnRefresh(); }
                        else _ua.Reply(req, source, 488);
                        break;
                    case SipMethod.Options or SipMethod.Info or SipMethod.Prack:
                        _ua.Reply(req, source, 200);
                        break;
                    default:
                        _ua.Reply(req, source, 405, r => r.AddHeader(HeaderNames.Allow, _ua.Options.Allow));
                        break;
                }
            }
        }
        foreach (var a in post) a();
    }

    void OnAck(SipRequest ack, List<Action> post)
    {
        _serverInvite?.OnAck(ack);
        if (_awaitingAckAnswer)
        {
            // §13.2.1 / RFC 3264: after an offerless (re-)INVITE the answer arrives in the ACK.
            _awaitingAckAnswer = false;
            if (ParseSdp(ack) is { } sdp) { RemoteSdp = sdp; post.Add(() => RemoteSdpChanged?.Invoke(sdp)); }
        }
    }

    /// <summary>
    /// A re-INVITE from the far end (§14.2): 491 while ours is pending, 500 with Retry-After while
    /// their previous one is unanswered; an offer goes to <see cref="ReInviteHandler"/>; no offer gets
    /// our current SDP as the offer.
    /// </summary>
    void OnReInvite(SipRequest req, SipEndPoint source, List<Action> post)
    {
        var tx = _ua.Transactions.CreateServerInvite(req, source);
        if (_reInviteInProgress)
        {
            tx.SendResponse(SipResponse.For(req, 491));
            return;
        }
        // §14.2: their previous INVITE is not finished. We answer at once, so that means our 2xx still awaits
        // its ACK (RFC 6026 Accepted): the far end broke §14.1 by starting another INVITE before ACKing.
        if (_serverInvite is { State: TransactionState.Proceeding or TransactionState.Accepted })
        {
            var r500 = SipResponse.For(req, 500);
            r500.AddHeader(HeaderNames.RetryAfter, Random.Shared.Next(0, 11).ToString(CultureInfo.InvariantCulture));
            tx.SendResponse(r500);
            return;
        }
        _dialog!.RefreshRemoteTarget(req);
        var offer = ParseSdp(req);
        SdpSession? answer;
        if (offer is null)
        {
            answer = LocalSdp;
            _awaitingAckAnswer = true;
        }
        else
        {
            bool refresh = RemoteSdp is not null && offer.Origin.SessionId == RemoteSdp.Origin.SessionId && offer.Origin.SessionVersion == RemoteSdp.Origin.SessionVersion;
            var proposed = ReInviteHandler is { } h ? h(offer) : refresh ? LocalSdp : null;
            if (proposed is null)
            {
                tx.SendResponse(SipResponse.For(req, 488));
                return;
            }
            answer = SdpOfferAnswer.WithVersion(LocalSdp, proposed.Clone());
            LocalSdp = answer;
            if (!refresh) { RemoteSdp = offer; post.Add(() => RemoteSdpChanged?.Invoke(offer)); }
            else RemoteSdp = offer;
        }
        var ok = SipResponse.For(req, 200, _dialog.LocalTag);
        ok.AddHeader(HeaderNames.Contact, $"<{_dialog.LocalContact}>");
        ok.AddHeader(HeaderNames.Allow, _ua.Options.Allow);
        if (req.GetHeader(HeaderNames.SessionExpires) is { } se)
        {
            // RFC 4028 §9: echo the interval; a refresher the request did not pick is the UAC of this refresh.
            var seText = se.Contains("refresher", StringComparison.OrdinalIgnoreCase) ? se : se + ";refresher=uac";
            ok.AddHeader(HeaderNames.SessionExpires, seText);
            if (req.GetHeaderValues(HeaderNames.Supported).Exists(s => s.Equals("timer", StringComparison.OrdinalIgnoreCase)))
                ok.AddHeader(HeaderNames.Require, "timer");
        }
        ok.AddHeader(HeaderNames.ContentType, "application/sdp");
        ok.Body = SdpWriter.ToBytes(answer);
        WatchServerInvite(tx, offerless: false);
        tx.SendResponse(ok);
        RestartSessionTimerOnRefresh();
    }

    void WatchServerInvite(ServerInviteTransaction tx, bool offerless)
    {
        _serverInvite = tx;
        if (offerless) _awaitingAckAnswer = true;
        // §13.3.1.4: no ACK for our 2xx within 64·T1 ends the dialog with BYE.
        tx.AckTimedOut += () => _ = SendByeAsync(SipCallEndReason.DialogLost);
    }
}
