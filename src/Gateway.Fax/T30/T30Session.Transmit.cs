using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.T30;

// Transmitter: training with fallback, non-ECM pages and phase D (T.30 §5.3, Figure 5-2a); negotiation in T30Session.Negotiation.cs.
public sealed partial class T30Session
{
    private DisFrame? _remoteDis;
    private List<FaxModem> _modems = [];
    private int _modemIndex;
    private DcsFrame? _dcs;
    private T30PageEncoding _encoding;
    private int _pageIndex;
    private int _callPage;          // pages started in this call, for PPS page numbers
    private int _commandTries;
    private int _pageTries;
    private bool _trained;          // a TCF at the current modem succeeded (V.17 short training allowed)
    private Action? _repeat;        // re-sends the last command after a timeout or CRP
    private ReadOnlyMemory<byte> _pageData;
    private int _pageOffset;
    private PostPageCommand _postPage;
    private int? _firstBadPage;

    /// <summary>
    /// For <see cref="T30CommandKind.SendImage"/>: copies the next T.4 octets of the page (first bit least
    /// significant) into <paramref name="destination"/>; 0 means the page (with its RTC/EOFB) is complete.
    /// </summary>
    public int ReadImageData(Span<byte> destination)
    {
        if (_state != State.TxImage)
            return 0;
        var n = Math.Min(destination.Length, _pageData.Length - _pageOffset);
        _pageData.Span.Slice(_pageOffset, n).CopyTo(destination);
        _pageOffset += n;
        return n;
    }

    /// <summary>
    /// For <see cref="T30CommandKind.SendImage"/>: the rest of the page at once, as the session holds it (no copy;
    /// the memory is the page source's coded page and is not changed afterwards), like reading it all with
    /// <see cref="ReadImageData"/>; empty when no page is being sent.
    /// </summary>
    public ReadOnlyMemory<byte> TakeImageData()
    {
        if (_state != State.TxImage)
            return ReadOnlyMemory<byte>.Empty;
        var rest = _pageData[_pageOffset..];
        _pageOffset = _pageData.Length;
        return rest;
    }

    private void OnTransmitterMessage(T30Frame frame)
    {
        switch (_state)
        {
            case State.AwaitDis:
                if (frame.Fcf is T30Fcf.Dis or T30Fcf.Dtc && DisFrame.TryDecode(frame, out var dis, out _))
                    OnDis(dis);
                else if (frame.Kind == T30Fcf.Dcn)
                    Finish(T30CompletionCode.TxGotDcn, "DCN received while waiting for DIS.", sendDcn: false);
                break;
            case State.TxAwaitCfr:
                OnTrainingResponse(frame);
                break;
            case State.TxDcs when frame.Kind is T30Fcf.Cfr or T30Fcf.Ftt or T30Fcf.Dcn:
                // The answer overtook the end of our TCF (possible over T.38).
                OnTrainingResponse(frame);
                break;
            case State.TxAwaitPostPageResponse:
                if (_dcs is { Ecm: true })
                    OnEcmResponse(frame);
                else
                    OnPostPageResponse(frame);
                break;
            case State.TxAwaitCtr or State.TxAwaitErr or State.TxAwaitRrResponse:
                OnEcmResponse(frame);
                break;
            case State.TxImage:
                OnFrameDuringImage(frame);
                break;
        }
    }

    private void SendDcsAndTcf()
    {
        _state = State.TxDcs;
        _trained = false;
        _repeat = SendDcsAndTcf;
        var frames = new List<T30Frame>();
        if (_settings.LocalIdent.Length > 0)
            frames.Add(new IdentFrame(WithX(T30Fcf.Tsi), _settings.LocalIdent).ToFrame());
        if (_dcs!.SubaddressTransmission)
            frames.Add(new IdentFrame(WithX(T30Fcf.Sub), _settings.Subaddress!).ToFrame());
        if (_dcs.SenderIdTransmission)
            frames.Add(new IdentFrame(WithX(T30Fcf.Sid), _settings.SenderId!).ToFrame());
        frames.Add(_dcs.ToFrame(XBit));
        SendFrames(frames);
        Transmit(T30Command.Silence(_settings.ModulationGap));
        Transmit(T30Command.SendTcf(_dcs.Modem, _settings.TcfDuration), () =>
        {
            if (_state != State.TxDcs)
                return;
            _state = State.TxAwaitCfr;
            StartTimer(TimerKind.T4Response, _settings.Timers.T4);
        });
        Receive(FaxModem.V21, T30ReceiveContent.Control);
    }

    /// <summary>
    /// Sends a command and waits for its response on V.21 with T4 running from the end of the command
    /// (T.30 §5.4.3.1). The state changes at once so a fast response is never dropped.
    /// </summary>
    private void SendCommand(IReadOnlyList<T30Frame> frames, State awaiting)
    {
        _state = awaiting;
        StopTimer();
        Transmit(T30Command.Silence(_settings.ModulationGap));
        SendFrames(frames, () =>
        {
            if (_state == awaiting)
                StartTimer(TimerKind.T4Response, _settings.Timers.T4);
        });
        Receive(FaxModem.V21, T30ReceiveContent.Control);
    }

    private void OnTrainingResponse(T30Frame frame)
    {
        switch (frame.Kind)
        {
            case T30Fcf.Cfr:
                StopTimer();
                _trained = true;
                _commandTries = 0;
                StartPage();
                break;
            case T30Fcf.Ftt:
                StopTimer();
                _commandTries = 0;
                if (!FallBack())
                {
                    Finish(T30CompletionCode.CannotTrain, "Training failed at every rate (FTT).", sendDcn: true);
                    return;
                }
                SendDcsAndTcf();
                break;
            case T30Fcf.Dis when frame.Fcf == T30Fcf.Dis:
                // The far end missed our DCS and repeated DIS: that counts as no response (T.30 §5.4.3.1).
                StopTimer();
                OnResponseTimeout();
                break;
            case T30Fcf.Dcn:
                Finish(T30CompletionCode.TxGotDcn, "DCN received in reply to DCS.", sendDcn: false);
                break;
        }
    }

    private bool FallBack()
    {
        if (_modemIndex + 1 >= _modems.Count)
            return false;
        _modemIndex++;
        _result = _result with { Fallbacks = _result.Fallbacks + 1 };
        return Negotiate(_remoteDis!);
    }

    private void StartPage()
    {
        SetPhase(T30Phase.C);
        try
        {
            _pageData = _source!.Encode(_pageIndex, _encoding);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException or FormatException)
        {
            Finish(T30CompletionCode.PageSourceFailed, $"Page {_pageIndex + 1} could not be coded: {e.Message}", sendDcn: true);
            return;
        }
        _postPage = NextPostPageCommand();
        if (_dcs!.Ecm)
        {
            StartEcmPage();
            return;
        }
        _pageOffset = 0;
        _state = State.TxImage;
        Transmit(T30Command.Silence(_settings.ModulationGap));
        // T.30 §5.3.2.3: after a good TCF the message may use V.17 short training.
        Transmit(T30Command.SendImage(_dcs.Modem, _trained && _dcs.Modem.IsV17()), () =>
        {
            if (_state != State.TxImage)
                return;
            SetPhase(T30Phase.D);
            _commandTries = 0;
            SendPostPage();
        });
    }

    private PostPageCommand NextPostPageCommand()
    {
        if (_pageIndex + 1 >= _source!.PageCount)
            return PostPageCommand.Eop;
        // A page needing other DCS parameters goes back to phase B with EOM (T.30 §5.3.6.1.5).
        var next = _source.GetFormat(_pageIndex + 1);
        var current = _source.GetFormat(_pageIndex);
        return next == current ? PostPageCommand.Mps : PostPageCommand.Eom;
    }

    private void SendPostPage()
    {
        _repeat = SendPostPage;
        SendCommand([new T30Frame(WithX((byte)_postPage), [])], State.TxAwaitPostPageResponse);
    }

    private void OnPostPageResponse(T30Frame frame)
    {
        switch (frame.Kind)
        {
            case T30Fcf.Mcf or T30Fcf.Rtp or T30Fcf.Pip:
                StopTimer();
                PageConfirmed(retrain: frame.Kind == T30Fcf.Rtp);
                break;
            case T30Fcf.Rtn or T30Fcf.Pin:
                StopTimer();
                // T.30 §5.3.6.1.7: RTN means the page was not good; retrain (we also step down a rate) and send it again.
                if (++_pageTries >= _settings.PageTries)
                {
                    Finish(T30CompletionCode.TxPageRejected, $"Page {_pageIndex + 1} rejected {_pageTries} times ({T30Fcf.Name(frame.Fcf)}).", sendDcn: true);
                    return;
                }
                SetPhase(T30Phase.B);
                _commandTries = 0;
                FallBack();
                SendDcsAndTcf();
                break;
            case T30Fcf.Dis when frame.Fcf == T30Fcf.Dis:
                ResendPageAfterDis();
                break;
            case T30Fcf.Dcn:
                Finish(T30CompletionCode.TxGotDcn, "DCN received after a page.", sendDcn: false);
                break;
        }
    }

    /// <summary>
    /// A frame heard while our page or ECM burst is still on the line (the V.21 receiver runs during our
    /// transmissions; over T.38 the far end's frames arrive any time). The receiver speaks only when it is no
    /// longer receiving us: its T2 ran out after it lost our carrier (T.30 §5.4.3.1, T2: 6 ± 1 s; spandsp 7 s),
    /// and it went back to phase B with DIS (T.30 Figure 5-2, the called terminal's flow) or gave up with DCN.
    /// Half-duplex T.30 has nobody listening to the rest of our transmission, so it ends at once
    /// (<see cref="T30CommandKind.AbortTransmission"/>) instead of running on for up to a minute (a non-ECM page
    /// at 2400 bit/s lasts 70 s): DIS → train again and resend the page (<see cref="ResendPageAfterDis"/>),
    /// DCN → the call is over.
    /// </summary>
    private void OnFrameDuringImage(T30Frame frame)
    {
        if (frame.Kind == T30Fcf.Dcn)
        {
            _commands.Enqueue(T30Command.AbortTransmission());
            Finish(T30CompletionCode.TxGotDcn, $"DCN received while transmitting ({T30Fcf.Name(frame.Fcf)}).", sendDcn: false);
            return;
        }
        if (frame.Fcf != T30Fcf.Dis)
            return;
        Diagnostic?.Invoke("DIS during our image transmission: the receiver is back in phase B; stopping the page");
        _commands.Enqueue(T30Command.AbortTransmission());
        _result = _result with { ImageTransmissionsAborted = _result.ImageTransmissionsAborted + 1 };
        ResendPageAfterDis(afterAbort: true);
    }

    /// <summary>
    /// DIS in reply to a post-page command: the receiver is back in phase B and never got the page (e.g. its
    /// training on the page failed, or it lost the carrier in the middle, waited T2 and sent DIS again, as spandsp
    /// does). Train again at the same rate and resend the whole page, counted as a page try like RTN
    /// (T.30 §5.3.6.1.7), instead of repeating the post-page command into a receiver that no longer expects it.
    /// </summary>
    private void ResendPageAfterDis(bool afterAbort = false)
    {
        StopTimer();
        if (++_pageTries >= _settings.PageTries)
        {
            Finish(T30CompletionCode.TxPageRejected, $"Page {_pageIndex + 1} not received {_pageTries} times (DIS {(afterAbort ? "during" : "after")} the page).", sendDcn: true);
            return;
        }
        SetPhase(T30Phase.B);
        _commandTries = 0;
        // After a cut transmission the 75 ms gap between two of our modulations applies (T.30 §5.3.2.4);
        // after a post-page command the far end's DIS was the last signal and DCS answers it directly.
        if (afterAbort)
            Transmit(T30Command.Silence(_settings.ModulationGap));
        SendDcsAndTcf();
    }

    private void PageConfirmed(bool retrain, bool confirmed = true)
    {
        _pageTries = 0;
        _commandTries = 0;
        _callPage++;
        _result = _result with
        {
            PagesTransferred = _result.PagesTransferred + 1,
            PagesConfirmed = _result.PagesConfirmed + (confirmed ? 1 : 0),
        };
        if (!confirmed)
            _firstBadPage ??= _pageIndex;
        _result = _result with { FirstUnconfirmedPage = _firstBadPage ?? (_pageIndex + 1 < _source!.PageCount ? _pageIndex + 1 : null) };
        _pageIndex++;
        switch (_postPage)
        {
            case PostPageCommand.Eop or PostPageCommand.PriEop:
                if (_firstBadPage is { } bad)
                    Finish(T30CompletionCode.TxEcmPhaseD, $"Page {bad + 1} was delivered with uncorrected ECM frames (EOR/ERR).", sendDcn: true);
                else
                    Finish(T30CompletionCode.Ok, $"{_result.PagesConfirmed} page(s) sent and confirmed.", sendDcn: true);
                break;
            case PostPageCommand.Eom or PostPageCommand.PriEom:
                // Back to phase B: the receiver sends DIS again (T.30 §5.3.6.1.5).
                SetPhase(T30Phase.B);
                _state = State.AwaitDis;
                _t1Start = Now;
                Receive(FaxModem.V21, T30ReceiveContent.Control);
                StartTimer(TimerKind.T1, _settings.Timers.T1);
                break;
            default:
                if (retrain)
                {
                    SetPhase(T30Phase.B);
                    Negotiate(_remoteDis!);
                    SendDcsAndTcf();
                }
                else
                {
                    Negotiate(_remoteDis!);
                    StartPage();
                }
                break;
        }
    }

    private void OnResponseTimeout()
    {
        if (++_commandTries >= _settings.CommandTries)
        {
            var (code, text) = _state switch
            {
                State.TxAwaitCfr => (T30CompletionCode.TxPhaseBNoResponse, "No response to DCS/TCF after three tries."),
                _ => (T30CompletionCode.TxPhaseDNoResponse, "No response to the post-page command after three tries."),
            };
            Finish(code, text, sendDcn: true);
            return;
        }
        RepeatLastCommand();
    }

    private void RepeatLastCommand()
    {
        StopTimer();
        _repeat?.Invoke();
    }
}
