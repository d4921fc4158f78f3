namespace Gateway.Calls;

public sealed partial class FaxCallMachine
{
    private void OnFaxing(FaxCallEvent e)
    {
        switch (e)
        {
            case FaxCallEvent.DisReceived:
                _disSeen = true;
                _deadline = _enteredAt + _settings.Timeouts.Fax; // a machine is there: only the safety cap now
                MaybeRequestT38();
                break;
            case FaxCallEvent.PageConfirmed p:
                _pagesConfirmed = p.PagesConfirmed;
                break;
            case FaxCallEvent.T38RequestAnswered a when _t38RequestDeadline is not null:
                _t38RequestDeadline = null;
                if (a.Accepted)
                {
                    SwitchToT38();
                }

                // 488/415/timeouts: stay on G.711; T.30 has lost nothing (ARCHITECTURE.md step 6).
                break;
            case FaxCallEvent.T38Offered:
                OnAnsweredCommon(e);
                break;
            case FaxCallEvent.FaxFinished f:
                _faxResult = f.Result;
                _pagesConfirmed = Math.Max(_pagesConfirmed, f.Result.PagesConfirmed);
                _disSeen |= f.Result.DisSeen;

                // T.30 phase E: hang up at once, never wait for media silence.
                HangUp(new FaxCallCommand.SendBye(), FaxOutcome($"T.30 ended: {f.Result.Code}"));
                break;
            case FaxCallEvent.ByeReceived:
                Finish(FaxOutcome("the far end hung up during T.30"));
                break;
            case FaxCallEvent.Tick:
                if (_t38RequestDeadline is { } t38 && _time.GetUtcNow() >= t38)
                {
                    _t38RequestDeadline = null; // no answer in time: keep faxing over G.711
                }

                if (Expired)
                {
                    string why = _disSeen ? "fax phase exceeded its time limit" : "no DIS within T1: no fax machine came";
                    HangUp(new FaxCallCommand.SendBye(), FaxOutcome(why));
                }

                break;
            default:
                break;
        }
    }

    private void OnHangingUp(FaxCallEvent e)
    {
        switch (e)
        {
            case FaxCallEvent.Rejected r:
                _sipStatus = _sipStatus == 0 ? r.Status : _sipStatus; // 487 to our CANCEL
                Finish(_pendingOutcome!);
                break;
            case FaxCallEvent.Answered:
            case FaxCallEvent.ByeReceived:
            case FaxCallEvent.CallCleared:
                // 200 crossing our CANCEL (the SIP layer ACKs and BYEs it, RFC 3261 §9.1), or BYE done.
                Finish(_pendingOutcome!);
                break;
            case FaxCallEvent.Tick when Expired:
                Finish(_pendingOutcome!);
                break;
            default:
                break;
        }
    }

    /// <summary>Events every answered state treats alike: BYE, a T.38 offer.</summary>
    private void OnAnsweredCommon(FaxCallEvent e)
    {
        switch (e)
        {
            case FaxCallEvent.ByeReceived:
                FailureClass failure = _consented || AnsweredBy == AnsweredBy.Fax ? FailureClass.NotAFax : FailureClass.NoReply;
                Finish(Describe(failure, $"the far end hung up while {State}"));
                break;
            case FaxCallEvent.T38Offered when _settings.T38 == T38Policy.Off:
                _commands.Add(new FaxCallCommand.RejectT38());
                break;
            case FaxCallEvent.T38Offered:
                // A far end that switches to T.38 has a fax machine (or gateway) on the line: that is consent.
                _commands.Add(new FaxCallCommand.AcceptT38());
                if (State == FaxCallState.Faxing)
                {
                    SwitchToT38();
                }
                else
                {
                    if (AnsweredBy is AnsweredBy.None or AnsweredBy.Silence)
                    {
                        AnsweredBy = AnsweredBy.Fax;
                    }

                    StartFax(FaxTransport.T38);
                }

                break;
            default:
                break;
        }
    }

    private void PlayPrompt()
    {
        if (!_settings.PromptPeople)
        {
            // Without a prompt nobody can consent, so only a machine that announced itself (CED/V.21) gets a fax.
            HangUp(new FaxCallCommand.SendBye(), Describe(FailureClass.NotAFax, $"answered by {AnsweredBy.ToString().ToLowerInvariant()} without fax tones; prompting is off"));
            return;
        }

        _promptPlays++;
        Enter(FaxCallState.Prompting, _settings.Timeouts.Prompt);
        _commands.Add(new FaxCallCommand.PlayPrompt(_promptPlays));
        _commands.Add(new FaxCallCommand.StartReplyDetector());
    }

    private void Consent()
    {
        _consented = true;
        Enter(FaxCallState.SwitchDelay, _settings.Timeouts.SwitchDelay);
        _commands.Add(new FaxCallCommand.StartCng());
    }

    private void StartFax(FaxTransport transport)
    {
        Transport = transport;
        Enter(FaxCallState.Faxing, _settings.Timeouts.AwaitDis);
        _commands.Add(new FaxCallCommand.StartFax(transport));
        if (AnsweredBy == AnsweredBy.Fax)
        {
            MaybeRequestT38(); // CED heard: policy "request" asks for T.38 now rather than after DIS
        }
    }

    private void MaybeRequestT38()
    {
        if (_settings.T38 == T38Policy.Request && Transport == FaxTransport.G711 && !_t38Requested)
        {
            _t38Requested = true;
            _t38RequestDeadline = _time.GetUtcNow() + _settings.Timeouts.T38Request;
            _commands.Add(new FaxCallCommand.RequestT38());
        }
    }

    private void SwitchToT38()
    {
        if (Transport != FaxTransport.T38)
        {
            Transport = FaxTransport.T38;
            _commands.Add(new FaxCallCommand.SwitchFaxToT38());
        }
    }

    private void Enter(FaxCallState state, TimeSpan timeout)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (State != FaxCallState.Idle)
        {
            _timings.Add(new FaxCallStateTiming(State, now - _enteredAt));
        }

        State = state;
        _enteredAt = now;
        _deadline = now + timeout;
    }

    private void HangUp(FaxCallCommand how, FaxCallOutcome outcome)
    {
        _pendingOutcome = outcome;
        Enter(FaxCallState.HangingUp, _settings.Timeouts.HangUp);
        _commands.Add(how);
    }

    private void Finish(FaxCallOutcome outcome)
    {
        DateTimeOffset now = _time.GetUtcNow();
        _timings.Add(new FaxCallStateTiming(State, now - _enteredAt));
        State = FaxCallState.Ended;
        Outcome = outcome with { EndedAt = now, Timings = [.. _timings] };
        _commands.Add(new FaxCallCommand.Finish(Outcome));
    }

    /// <summary>The outcome of a call that reached T.30, from what T.30 confirmed.</summary>
    private FaxCallOutcome FaxOutcome(string reason)
    {
        FailureClass failure =
            _faxResult is { Completed: true } || (_settings.PagesTotal > 0 && _pagesConfirmed >= _settings.PagesTotal) ? FailureClass.Succeeded
            : _pagesConfirmed > 0 ? FailureClass.PartialSend
            : _disSeen ? FailureClass.NegotiationFailed
            : FailureClass.NotAFax;
        return Describe(failure, reason);
    }

    private FaxCallOutcome Describe(FailureClass failure, string reason) => new()
    {
        Failure = failure,
        Reason = reason,
        AnsweredBy = AnsweredBy,
        SipStatus = _sipStatus,
        Transport = Transport,
        BitRate = _faxResult?.BitRate ?? 0,
        Ecm = _faxResult?.Ecm ?? false,
        PagesConfirmed = _pagesConfirmed,
        PagesTotal = _settings.PagesTotal,
        RemoteIdent = _faxResult?.RemoteIdent,
        T30Result = _faxResult is { } r ? $"{r.Code}: {r.Text}" : null,
        StartedAt = _startedAt,
        AnsweredAt = _answeredAt,
    };

    private static FailureClass ToneFailure(AnswerClass tone) => tone switch
    {
        AnswerClass.Busy => FailureClass.Busy,
        AnswerClass.Congestion => FailureClass.NetworkError,
        _ => FailureClass.Rejected, // SIT: the number is not in service or cannot be reached
    };
}
