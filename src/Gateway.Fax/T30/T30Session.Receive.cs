using System.Buffers;
using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.T30;

// Receiver: DIS/DTC, DCS, TCF check, non-ECM pages and their confirmation (T.30 §5.3, Figure 5-2b).
public sealed partial class T30Session
{
    private DcsFrame? _rxDcs;
    private readonly System.Buffers.ArrayBufferWriter<byte> _rxPage = new();
    private int _rxPageIndex;
    private bool _rxPageHasData;
    private PostPageCommand? _lastRxPostPage;

    /// <summary>The capabilities we announce in DIS (or DTC when polling).</summary>
    internal DisFrame LocalCapabilities(bool dtc) => new()
    {
        IsDtc = dtc,
        ReadyToReceive = _sink is not null,
        ReadyToTransmit = _source is not null && _pageIndex < _source.PageCount,
        Modems = _settings.Modems,
        Fine = _settings.Resolutions.Contains(T30Resolution.Fine),
        Superfine = _settings.Resolutions.Contains(T30Resolution.Superfine),
        R300 = _settings.Resolutions.Contains(T30Resolution.R300),
        R16 = _settings.Resolutions.Contains(T30Resolution.R16),
        // Bit 43 reads "R16 × 15.4 lines/mm and/or 400 × 400"; bit 45 says we mean the metric one.
        MetricPreferred = _settings.Resolutions.Contains(T30Resolution.R16),
        TwoDimensional = _settings.Compressions.Contains(T30Compression.MR),
        T6 = _settings.Ecm && _settings.Compressions.Contains(T30Compression.MMR),
        Ecm = _settings.Ecm,
        MaxWidth = _settings.MaxWidth,
        MaxLength = RecordingLength.Unlimited,
        MinScanLineTime = _settings.MinScanLineTime,
        Subaddressing = true,
        Password = true,
    };

    /// <summary>Called terminal: [CSI,] DIS; calling terminal that wants to receive (polling): [CIG,] DTC. Then wait for a command.</summary>
    private void SendDis()
    {
        var dtc = _settings.IsCaller;
        var frames = new List<T30Frame>();
        if (_settings.LocalIdent.Length > 0)
            frames.Add(new IdentFrame(dtc ? T30Fcf.Cig : T30Fcf.Csi, _settings.LocalIdent).ToFrame());
        frames.Add(LocalCapabilities(dtc).ToFrame());
        _state = State.AwaitCommand;
        StopTimer();
        _pendingFrames.Clear();
        SendFrames(frames, () =>
        {
            // T.30 §5.2 (Figure 5-2b): DIS is repeated every T4 until a command arrives or T1 runs out.
            if (_state == State.AwaitCommand && _pendingFrames.Count == 0)
                StartTimer(TimerKind.T4DisRepeat, _settings.Timers.T4);
        });
        Receive(FaxModem.V21, T30ReceiveContent.Control);
    }

    private void OnReceiverMessage(T30Frame frame)
    {
        switch (_state)
        {
            case State.AwaitCommand or State.RxAwaitTcf:
                OnPhaseBCommand(frame);
                break;
            case State.RxAwaitImage or State.RxImage or State.RxAwaitPostPage:
                if (_rxDcs is { Ecm: true })
                    OnEcmCommand(frame);
                else
                    OnPostPageCommand(frame);
                break;
            case State.RxAwaitDcn:
                if (frame.Kind == T30Fcf.Dcn)
                    Finish(T30CompletionCode.Ok, $"{_result.PagesConfirmed} page(s) received.", sendDcn: false);
                else if (frame.Kind is T30Fcf.Eop or T30Fcf.Pps or T30Fcf.Eor && _lastResponse is not null)
                    SendFrame(_lastResponse, AwaitDcnAgain); // our MCF was lost: say it again
                break;
        }
    }

    private void AwaitDcnAgain()
    {
        if (_state != State.RxAwaitDcn)
            return;
        Receive(FaxModem.V21, T30ReceiveContent.Control);
        StartTimer(TimerKind.T2Command, _settings.Timers.T2);
    }

    private void OnPhaseBCommand(T30Frame frame)
    {
        switch (frame.Kind)
        {
            case T30Fcf.Dcs when frame.Fcf != T30Fcf.Dis:
                if (!DcsFrame.TryDecode(frame, out var dcs, out _))
                {
                    Finish(T30CompletionCode.RxInvalidCommand, "DCS with an unassigned modem code.", sendDcn: true);
                    return;
                }
                if (_sink is null || !Acceptable(dcs))
                {
                    Finish(T30CompletionCode.RxInvalidCommand, "DCS asks for something we did not offer.", sendDcn: true);
                    return;
                }
                StopTimer();
                _rxDcs = dcs;
                _result = _result with
                {
                    Modem = dcs.Modem,
                    Ecm = dcs.Ecm,
                    EcmFrameSize = dcs.Ecm ? dcs.EcmFrameSize : 0,
                    Resolution = RxResolution(dcs),
                    Compression = RxCompression(dcs),
                };
                _state = State.RxAwaitTcf;
                Receive(dcs.Modem, T30ReceiveContent.Tcf);
                StartTimer(TimerKind.T2Carrier, _settings.Timers.T2);
                break;
            case T30Fcf.Dis when frame.Fcf == T30Fcf.Dtc:
                // Polled: the caller wants our document.
                if (DisFrame.TryDecode(frame, out var dtc, out _) && _source is not null)
                {
                    StopTimer();
                    _remoteDis = dtc;
                    StartTransmitter(dtc);
                }
                else
                    Finish(T30CompletionCode.RemoteCannotTransmit, "DTC received but we have nothing to send.", sendDcn: true);
                break;
            case T30Fcf.Dcn:
                Finish(_result.PagesConfirmed > 0 ? T30CompletionCode.Ok : T30CompletionCode.RxDcnEarly,
                    _result.PagesConfirmed > 0 ? $"{_result.PagesConfirmed} page(s) received." : "DCN before any page.", sendDcn: false);
                break;
        }
    }

    private bool Acceptable(DcsFrame dcs)
    {
        var family = dcs.Modem.IsV17() ? ModemSupport.V17 : dcs.Modem.IsV29() ? ModemSupport.V29 : ModemSupport.V27ter;
        if (!_settings.Modems.HasFlag(family))
            return false;
        if (dcs.Ecm && !_settings.Ecm)
            return false;
        if (!_settings.Compressions.Contains(RxCompression(dcs)))
            return false;
        return _settings.Resolutions.Contains(RxResolution(dcs)) && dcs.Width <= _settings.MaxWidth;
    }

    // DCS bit 43 with bit 44 (inch) set is 400 × 400: the same pels across as R16 and 2 % more lines, so
    // it is taken as R16 rather than refused (T.30 Table 2).
    private static T30Resolution RxResolution(DcsFrame dcs) =>
        dcs.R16 ? T30Resolution.R16
        : dcs.R300 ? T30Resolution.R300
        : dcs.Superfine ? T30Resolution.Superfine
        : dcs.Fine ? T30Resolution.Fine
        : T30Resolution.Standard;

    private static T30Compression RxCompression(DcsFrame dcs) =>
        dcs.T6 ? T30Compression.MMR : dcs.TwoDimensional ? T30Compression.MR : T30Compression.MH;

    private T30PageEncoding RxEncoding => new(RxCompression(_rxDcs!), RxResolution(_rxDcs!), _rxDcs!.Width, 0);

    /// <summary>The physical layer measured the TCF it was asked to receive (T.30 §5.3.2.1).</summary>
    public void OnTcfReceived(TcfQuality quality)
    {
        if (_state != State.RxAwaitTcf)
            return;
        StopTimer();
        var needed = (long)(_rxDcs!.Modem.BitRate() * _settings.TcfMinimumZeroRun.TotalSeconds);
        if (quality.LongestZeroRun >= needed)
        {
            _rxPageHasData = false;
            _rxPage.Clear();
            Respond(new T30Frame(WithX(T30Fcf.Cfr), []), State.RxAwaitImage, _rxDcs.Modem,
                _rxDcs.Ecm ? T30ReceiveContent.EcmFrames : T30ReceiveContent.Image, TimerKind.T2Carrier);
            if (_rxDcs.Ecm)
                ResetEcmBlock();
        }
        else
        {
            Respond(new T30Frame(WithX(T30Fcf.Ftt), []), State.AwaitCommand, FaxModem.V21, T30ReceiveContent.Control);
        }
    }

    /// <summary>Non-ECM page data arrived (T.4 octets, first bit least significant).</summary>
    public void OnImageData(ReadOnlySpan<byte> data)
    {
        if (_state is not (State.RxAwaitImage or State.RxImage) || _rxDcs is null || _rxDcs.Ecm)
            return;
        if (_state == State.RxAwaitImage)
            OnImageCarrier(_rxDcs.Modem);
        _rxPage.Write(data);
        _rxPageHasData = true;
    }

    private void OnImageCarrier(FaxModem modem)
    {
        if (_state == State.RxAwaitImage)
        {
            StopTimer();
            SetPhase(T30Phase.C);
            _state = State.RxImage;
        }
    }

    private void OnImageCarrierLost()
    {
        if (_state != State.RxImage)
            return;
        SetPhase(T30Phase.D);
        _state = State.RxAwaitPostPage;
        Receive(FaxModem.V21, T30ReceiveContent.Control);
        StartTimer(TimerKind.T2Command, _settings.Timers.T2);
    }

    private void OnPostPageCommand(T30Frame frame)
    {
        var kind = frame.Kind;
        if (kind is T30Fcf.Mps or T30Fcf.Eom or T30Fcf.Eop or T30Fcf.PriMps or T30Fcf.PriEom or T30Fcf.PriEop)
        {
            StopTimer();
            var command = (PostPageCommand)kind;
            T30Frame response;
            if (!_rxPageHasData && _lastResponse is not null && _lastRxPostPage == command)
            {
                response = _lastResponse; // a repeat: our answer was lost, the page was already taken
            }
            else
            {
                var quality = _sink!.OnPage(_rxPageIndex, _rxPage.WrittenSpan.ToArray(), RxEncoding);
                _result = _result with { BadRows = _result.BadRows + quality.BadRows, PagesTransferred = _result.PagesTransferred + 1 };
                if (quality.Acceptable)
                {
                    _rxPageIndex++;
                    _result = _result with { PagesConfirmed = _result.PagesConfirmed + 1 };
                    response = new T30Frame(WithX(T30Fcf.Mcf), []);
                }
                else
                {
                    response = new T30Frame(WithX(T30Fcf.Rtn), []);
                }
                _rxPage.Clear();
                _rxPageHasData = false;
            }
            _lastRxPostPage = command;
            AfterPostPageResponse(response, command, rtn: response.Kind == T30Fcf.Rtn);
            return;
        }
        if (kind == T30Fcf.Dcs)
        {
            // RTN was answered by a new DCS/TCF: back to phase B.
            _state = State.AwaitCommand;
            OnPhaseBCommand(frame);
            return;
        }
        if (kind == T30Fcf.Dcn)
            Finish(T30CompletionCode.RxDcnEarly, "DCN before the end of the document.", sendDcn: false);
    }

    private void AfterPostPageResponse(T30Frame response, PostPageCommand command, bool rtn)
    {
        if (rtn)
        {
            // The transmitter retrains with DCS/TCF and sends the page again.
            SetPhase(T30Phase.B);
            Respond(response, State.AwaitCommand, FaxModem.V21, T30ReceiveContent.Control);
            return;
        }
        switch (command)
        {
            case PostPageCommand.Mps or PostPageCommand.PriMps:
                Respond(response, State.RxAwaitImage, _rxDcs!.Modem,
                    _rxDcs.Ecm ? T30ReceiveContent.EcmFrames : T30ReceiveContent.Image, TimerKind.T2Carrier);
                break;
            case PostPageCommand.Eom or PostPageCommand.PriEom:
                SetPhase(T30Phase.B);
                _lastResponse = response;
                _state = State.AwaitCommand;
                SendFrame(response);
                Transmit(T30Command.Silence(_settings.ModulationGap));
                _t1Start = Now;
                SendDis();
                break;
            default:
                SetPhase(T30Phase.E);
                Respond(response, State.RxAwaitDcn, FaxModem.V21, T30ReceiveContent.Control);
                break;
        }
    }

    private void OnCommandTimeout(TimerKind kind)
    {
        switch (_state)
        {
            case State.RxAwaitTcf:
                // No TCF arrived: answer FTT so the transmitter tries again (spandsp does the same).
                Respond(new T30Frame(WithX(T30Fcf.Ftt), []), State.AwaitCommand, FaxModem.V21, T30ReceiveContent.Control);
                break;
            case State.RxAwaitImage:
                Finish(T30CompletionCode.RxNoCarrier, "No image carrier within T2 after CFR/MCF.", sendDcn: true);
                break;
            case State.RxAwaitDcn:
                Finish(T30CompletionCode.Ok, $"{_result.PagesConfirmed} page(s) received; no DCN within T2.", sendDcn: false);
                break;
            case State.RxAwaitPostPage or State.RxImage:
                Finish(T30CompletionCode.RxNoPostPageCommand, "No post-page command within T2.", sendDcn: true);
                break;
            default:
                Finish(T30CompletionCode.RxNoCommand, $"No command within T2 ({kind}).", sendDcn: true);
                break;
        }
    }
}
