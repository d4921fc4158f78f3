using System.Globalization;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;

namespace Gateway.Sip.UserAgent;

public sealed partial class SipCall
{
    bool _reInviteInProgress;
    ITimer? _refreshTimer;
    int _activeSessionExpires;
    bool _weRefresh;

    /// <summary>
    /// Sends a re-INVITE with <paramref name="offer"/> (o= version set from our last SDP, RFC 3264 §8).
    /// Never two at once (§14.1); 491 is retried after a random 2.1–4 s in 10 ms steps; 401/407 are
    /// answered; 408/481 end the dialog; other failures keep the old session.
    /// </summary>
    public async Task<SipReInviteResult> SendReInviteAsync(SdpSession offer, CancellationToken ct = default)
    {
        SdpSession sdp;
        lock (_gate)
        {
            if (State != SipCallState.Confirmed || _dialog is null) throw new InvalidOperationException("A re-INVITE needs a confirmed dialog.");
            if (_reInviteInProgress || _serverInvite is { State: Transactions.TransactionState.Proceeding })
                throw new InvalidOperationException("An INVITE is already in progress on this dialog (RFC 3261 §14.1).");
            _reInviteInProgress = true;
            sdp = SdpOfferAnswer.WithVersion(LocalSdp, offer.Clone());
        }
        try
        {
            int authAttempts = 0;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                Message.SipRequest req;
                Transport.SipEndPoint hop;
                lock (_gate)
                {
                    if (State != SipCallState.Confirmed) return new SipReInviteResult(481, null);
                    req = _dialog!.CreateRequest(SipMethod.Invite);
                    _ua.AddVia(req);
                    req.AddHeader(HeaderNames.Allow, _ua.Options.Allow);
                    req.AddHeader(HeaderNames.Supported, "timer");
                    if (_activeSessionExpires > 0)
                        req.AddHeader(HeaderNames.SessionExpires, $"{_activeSessionExpires.ToString(CultureInfo.InvariantCulture)};refresher={(_weRefresh ? "uac" : "uas")}");
                    AddAuthorization(req);
                    req.AddHeader(HeaderNames.ContentType, "application/sdp");
                    req.Body = SdpWriter.ToBytes(sdp);
                    hop = NextHopEndPoint();
                }
                var r = await RunInviteTransactionAsync(req, hop, ct).ConfigureAwait(false);
                if (r is null)
                {
                    _ = SendByeAsync(SipCallEndReason.DialogLost);
                    return new SipReInviteResult(408, null);
                }
                if (r.IsSuccess)
                {
                    SdpSession? answer = ParseSdp(r);
                    lock (_gate)
                    {
                        var ack = _dialog!.CreateRequest(SipMethod.Ack, req.CSeq!.Value.Number);
                        _ua.AddVia(ack);
                        _ua.Send(ack, hop);
                        _dialog.RefreshRemoteTarget(r);
                        LocalSdp = sdp;
                        if (answer is not null) RemoteSdp = answer;
                    }
                    return new SipReInviteResult(r.StatusCode, answer);
                }
                switch (r.StatusCode)
                {
                    case 491:
                        // §14.1: we own the Call-ID (we placed the call) → 2.1–4 s; otherwise 0–2 s. In 10 ms units.
                        int ms = IsOutbound ? 2100 + 10 * Random.Shared.Next(0, 191) : 10 * Random.Shared.Next(0, 201);
                        await Task.Delay(TimeSpan.FromMilliseconds(ms), _ua.Time, ct).ConfigureAwait(false);
                        continue;
                    case 401 or 407:
                        bool ok;
                        lock (_gate) ok = AcceptChallenge(r, ref authAttempts);
                        if (ok) continue;
                        return new SipReInviteResult(r.StatusCode, null);
                    case 408 or 481:
                        _ = SendByeAsync(SipCallEndReason.DialogLost);
                        return new SipReInviteResult(r.StatusCode, null);
                    default:
                        return new SipReInviteResult(r.StatusCode, null);
                }
            }
            return new SipReInviteResult(491, null);
        }
        finally
        {
            lock (_gate) _reInviteInProgress = false;
        }
    }

    Task<SipResponse?> RunInviteTransactionAsync(SipRequest req, Transport.SipEndPoint hop, CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<SipResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Transactions.ClientInviteTransaction tx;
        try { tx = _ua.Transactions.CreateClientInvite(req, hop); }
        catch (ObjectDisposedException) { return Task.FromCanceled<SipResponse?>(_ua.Closing); }
        tx.ResponseReceived += r => { if (r.IsFinal) tcs.TrySetResult(r); };
        tx.TimedOut += () => tcs.TrySetResult(null);
        _ua.AwaitCancellation(tcs, ct);
        tx.Start();
        return tcs.Task;
    }

    /// <summary>Ends the call: CANCEL while unanswered (§9.1), BYE once confirmed (§15.1).</summary>
    public Task<SipCallEndReason> HangUpAsync()
    {
        SipCallState s;
        lock (_gate)
        {
            s = State;
            _hangUpRequested = true;
        }
        return s switch
        {
            SipCallState.Calling or SipCallState.Early => CancelAsync(),
            SipCallState.Confirmed => SendByeAsync(SipCallEndReason.LocalHangUp),
            _ => Completion,
        };
    }

    async Task<SipCallEndReason> SendByeAsync(SipCallEndReason reason)
    {
        SipRequest bye;
        Transport.SipEndPoint hop;
        lock (_gate)
        {
            if (State == SipCallState.Terminated || _dialog is null) return Completion.IsCompleted ? Completion.Result : reason;
            State = SipCallState.Terminated;
            bye = _dialog.CreateRequest(SipMethod.Bye);
            _ua.AddVia(bye);
            AddAuthorization(bye);
            hop = NextHopEndPoint();
        }
        var r = await _ua.SendNonInviteAsync(bye, hop).ConfigureAwait(false);
        if (r is { StatusCode: 401 or 407 })
        {
            int attempts = 0;
            bool ok;
            lock (_gate) ok = AcceptChallenge(r, ref attempts);
            if (ok)
            {
                lock (_gate)
                {
                    bye = _dialog.CreateRequest(SipMethod.Bye);
                    _ua.AddVia(bye);
                    AddAuthorization(bye);
                }
                await _ua.SendNonInviteAsync(bye, hop).ConfigureAwait(false);
            }
        }
        // §15.1.1: 481 and 408 also mean the session is over.
        Finish(reason);
        return reason;
    }

    /// <summary>
    /// RFC 4028 §7.2 / §10: after our INVITE's 2xx, refresh at half the interval when we are the
    /// refresher; otherwise send BYE at interval − min(32 s, interval/3) without a refresh from them.
    /// </summary>
    void StartSessionTimer(SipResponse ok)
    {
        var se = ok.GetHeader(HeaderNames.SessionExpires);
        if (se is null) return;
        var parts = se.Split(';', StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int interval) || interval <= 0) return;
        _activeSessionExpires = interval;
        _weRefresh = !parts.Skip(1).Any(p => p.Equals("refresher=uas", StringComparison.OrdinalIgnoreCase));
        ScheduleSessionTimer();
    }

    void ScheduleSessionTimer()
    {
        _refreshTimer?.Dispose();
        if (_activeSessionExpires <= 0) return;
        var due = _weRefresh
            ? TimeSpan.FromSeconds(_activeSessionExpires / 2.0)
            : TimeSpan.FromSeconds(_activeSessionExpires - Math.Min(32, _activeSessionExpires / 3.0));
        _refreshTimer = _ua.Time.CreateTimer(_ => OnSessionTimer(), null, due, Timeout.InfiniteTimeSpan);
    }

    void RestartSessionTimerOnRefresh()
    {
        if (!_weRefresh) ScheduleSessionTimer();
    }

    void OnSessionTimer()
    {
        if (!_weRefresh) { _ = SendByeAsync(SipCallEndReason.DialogLost); return; }
        _ = RefreshAsync();
    }

    async Task RefreshAsync()
    {
        SdpSession current;
        lock (_gate)
        {
            if (State != SipCallState.Confirmed || _reInviteInProgress) { ScheduleSessionTimer(); return; }
            current = LocalSdp;
        }
        // RFC 4028 §7.4: the refresh re-INVITE repeats the current SDP (unchanged o= version).
        try { await SendReInviteAsync(current).ConfigureAwait(false); }
        catch (InvalidOperationException) { }
        lock (_gate) if (State == SipCallState.Confirmed) ScheduleSessionTimer();
    }
}
