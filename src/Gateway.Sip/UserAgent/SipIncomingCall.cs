using Gateway.Sip.Dialogs;
using Gateway.Sip.Message;
using Gateway.Sip.Parsing;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transactions;
using Gateway.Sip.Transport;

namespace Gateway.Sip.UserAgent;

/// <summary>
/// An INVITE we received (UAS, RFC 3261 §13.3): ring, send early media, answer with SDP or reject.
/// Answering returns the <see cref="SipCall"/> that carries the dialog.
/// </summary>
public sealed class SipIncomingCall
{
    readonly SipUserAgent _ua;
    readonly ServerInviteTransaction _tx;
    readonly string _localTag = SipUserAgent.NewTag();
    bool _final;

    internal SipIncomingCall(SipUserAgent ua, SipRequest invite, SipEndPoint source, ServerInviteTransaction tx)
    {
        _ua = ua; Invite = invite; Source = source; _tx = tx;
        if (invite.Body.Length > 0 && SdpParser.TryParse(invite.Body.Span, out var sdp, out _)) Offer = sdp;
    }

    public SipRequest Invite { get; }
    public SipEndPoint Source { get; }
    /// <summary>The SDP offer of the INVITE; null for an offerless INVITE (then our answer is the offer, §13.2.1).</summary>
    public SdpSession? Offer { get; }

    /// <summary>The caller sent CANCEL before we answered (we already replied 487).</summary>
    public event Action? Cancelled;

    public void Ring() => Provisional(180, null);

    /// <summary>183 Session Progress with SDP (early media, RFC 3960).</summary>
    public void SessionProgress(SdpSession sdp) => Provisional(183, sdp);

    void Provisional(int code, SdpSession? sdp)
    {
        lock (this)
        {
            if (_final) return;
            var r = SipResponse.For(Invite, code, _localTag);
            r.AddHeader(HeaderNames.Contact, $"<{_ua.ContactUri("gateway", Source.Transport)}>");
            if (sdp is not null) { r.AddHeader(HeaderNames.ContentType, "application/sdp"); r.Body = SdpWriter.ToBytes(sdp); }
            _tx.SendResponse(r);
        }
    }

    /// <summary>Rejects with a final status, e.g. 486 Busy Here or 603 Decline.</summary>
    public void Reject(int status, string? reason = null)
    {
        lock (this)
        {
            if (_final) return;
            _final = true;
            _tx.SendResponse(SipResponse.For(Invite, status, _localTag, reason));
        }
    }

    /// <summary>Answers 200 OK with <paramref name="sdp"/> (§13.3.1.4); the transaction retransmits it until the ACK.</summary>
    public SipCall Answer(SdpSession sdp)
    {
        lock (this)
        {
            if (_final) throw new InvalidOperationException("The INVITE already has a final response.");
            _final = true;
            var contact = _ua.ContactUri("gateway", Source.Transport);
            var dialog = SipDialog.FromUasRequest(Invite, _localTag, contact);
            var call = new SipCall(_ua, dialog, Source, sdp, Offer, _tx);
            _ua.Register(call);
            var ok = SipResponse.For(Invite, 200, _localTag);
            foreach (var rr in Invite.GetHeaderValues(HeaderNames.RecordRoute)) ok.AddHeader(HeaderNames.RecordRoute, rr); // §12.1.1
            ok.AddHeader(HeaderNames.Contact, $"<{contact}>");
            ok.AddHeader(HeaderNames.Allow, _ua.Options.Allow);
            ok.AddHeader(HeaderNames.ContentType, "application/sdp");
            ok.Body = SdpWriter.ToBytes(sdp);
            _tx.SendResponse(ok);
            return call;
        }
    }

    internal void OnCancelled()
    {
        lock (this)
        {
            if (_final) return;
            _final = true;
            _tx.SendResponse(SipResponse.For(Invite, 487, _localTag));
        }
        Cancelled?.Invoke();
    }
}
