using System.Buffers;
using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.T30;

// Error correction mode (T.30 Annex A, T.4 Annex A): blocks of up to 256 FCD frames, PPS, PPR with
// selective retransmission, CTC/CTR after four PPRs, EOR/ERR, RNR/RR.
public sealed partial class T30Session
{
    private const int MaxFramesPerBlock = 256;
    private const int PprLimit = 4; // T.30 §A.4.4: CTC or EOR after the fourth PPR for a block

    // transmitter
    private int _ecmBlockStart;     // first page frame of the current block
    private int _ecmBlockFrames;    // frames in the current block
    private int _ecmBlock;          // block number within the page
    private int _ecmPageFrames;     // frames in the page
    private List<int> _ecmToSend = [];
    private int _pprCount;
    private bool _ecmProgress;
    private DateTimeOffset? _t5Start;
    private bool _blockHadErrors;

    // receiver
    private byte[]?[]? _rxEcmBlockFrames; // made when an ECM block is first received (a transmitter never needs it)

    private byte[]?[] RxEcmFrames => _rxEcmBlockFrames ??= new byte[]?[MaxFramesPerBlock];
    private int _rxEcmBlock;
    private int _rxEcmFrameCount = -1;

    private int FrameSize => _settings.EcmFrameSize;

    private void StartEcmPage()
    {
        _ecmPageFrames = Math.Max(1, (_pageData.Length + FrameSize - 1) / FrameSize);
        _ecmBlockStart = 0;
        _ecmBlock = 0;
        StartEcmBlock();
    }

    private void StartEcmBlock()
    {
        _ecmBlockFrames = Math.Min(FramesPerBurst(), _ecmPageFrames - _ecmBlockStart);
        _ecmToSend = Enumerable.Range(0, _ecmBlockFrames).ToList();
        _pprCount = 0;
        _ecmProgress = false;
        _blockHadErrors = false;
        _t5Start = null;
        SendEcmBurst();
    }

    /// <summary>
    /// How many frames one block (partial page) may hold so that its burst fits <see cref="T30Settings.EcmMaxBurst"/>.
    /// A receiver that loses our carrier in the burst starts T2 (T.30 §5.4.3.1) and waits for our PPS; if the burst
    /// runs past its T2 it goes back to phase B and the whole page is lost, while a PPS in time is answered with PPR
    /// and only the lost frames are sent again (T.30 §A.4.2). The block size is the transmitter's choice, up to 256
    /// frames, announced by the frame count of PPS (T.30 §A.4.3, T.4 §A.3.6); a short block is followed by PPS-NULL
    /// and the next block of the page. On-air time per frame: address, control, FCF, frame number, data, FCS and a
    /// shared flag, with 5 % for zero-bit insertion; before the frames the training (V.17 short after a good TCF,
    /// T.30 §5.3.2.3) and 200 ms of flags (T.30 §5.3.1); after them three RCP frames.
    /// </summary>
    private int FramesPerBurst()
    {
        var limit = _settings.EcmMaxBurst ?? _settings.Timers.T2 - TimeSpan.FromSeconds(2);
        if (limit == Timeout.InfiniteTimeSpan)
            return MaxFramesPerBlock;
        var modem = _dcs!.Modem;
        var bitTime = 1.05 * 8 / modem.BitRate();
        var fixedPart = modem.TrainingTime(shortTraining: _trained && modem.IsV17()).TotalSeconds + 0.2 + 3 * 6 * bitTime;
        var perFrame = (FrameSize + 7) * bitTime;
        var frames = (int)((limit.TotalSeconds - fixedPart) / perFrame);
        return Math.Clamp(frames, 1, MaxFramesPerBlock);
    }

    private bool LastBlockOfPage => _ecmBlockStart + _ecmBlockFrames >= _ecmPageFrames;

    /// <summary>Sends the frames still owed for this block, three RCPs, then PPS (T.30 §A.4.1, T.4 §A.3.6).</summary>
    private void SendEcmBurst()
    {
        SetPhase(T30Phase.C);
        _state = State.TxImage;
        var frames = new List<byte[]>(_ecmToSend.Count + 3);
        foreach (var n in _ecmToSend)
        {
            var offset = (_ecmBlockStart + n) * FrameSize;
            var length = Math.Clamp(_pageData.Length - offset, 0, FrameSize);
            frames.Add(FcdFrame.Encode(n, _pageData.Span.Slice(offset, length)));
        }
        var rcp = new T30Frame(T30Fcf.Rcp, []).ToArray();
        frames.Add(rcp);
        frames.Add(rcp);
        frames.Add(rcp);
        Transmit(T30Command.Silence(_settings.ModulationGap));
        Transmit(T30Command.SendHdlc(_dcs!.Modem, frames), () =>
        {
            if (_state != State.TxImage)
                return;
            SetPhase(T30Phase.D);
            _commandTries = 0;
            SendPps();
        });
    }

    private void SendPps()
    {
        _repeat = SendPps;
        var command = LastBlockOfPage ? _postPage : PostPageCommand.None;
        SendCommand([new PpsFrame(command, _callPage, _ecmBlock, _ecmBlockFrames).ToFrame(XBit)], State.TxAwaitPostPageResponse);
    }

    private void OnEcmResponse(T30Frame frame)
    {
        var awaiting = _state;
        switch (frame.Kind)
        {
            case T30Fcf.Mcf when awaiting is State.TxAwaitPostPageResponse or State.TxAwaitRrResponse:
                StopTimer();
                BlockDone(confirmed: !_blockHadErrors);
                break;
            case T30Fcf.Ppr when awaiting is State.TxAwaitPostPageResponse or State.TxAwaitRrResponse:
                StopTimer();
                if (!PprFrame.TryDecode(frame, out var ppr, out _))
                {
                    Finish(T30CompletionCode.TxEcmPhaseD, "PPR with a bad frame map.", sendDcn: true);
                    return;
                }
                OnPpr(ppr);
                break;
            case T30Fcf.Rnr when awaiting is State.TxAwaitPostPageResponse or State.TxAwaitRrResponse:
                StopTimer();
                _t5Start ??= Now;
                if (Now - _t5Start.Value >= _settings.Timers.T5)
                {
                    Finish(T30CompletionCode.TxT5Expired, "The receiver stayed not ready past T5.", sendDcn: true);
                    return;
                }
                _commandTries = 0;
                SendRr();
                break;
            case T30Fcf.Ctr when awaiting == State.TxAwaitCtr:
                StopTimer();
                _pprCount = 0;
                _trained = false;
                SendEcmBurst();
                break;
            case T30Fcf.Err when awaiting == State.TxAwaitErr:
                StopTimer();
                _blockHadErrors = true;
                BlockDone(confirmed: false);
                break;
            case T30Fcf.Dis when frame.Fcf == T30Fcf.Dis && awaiting is State.TxAwaitPostPageResponse or State.TxAwaitRrResponse:
                // The receiver lost the burst and went back to phase B: the page starts again from its first block.
                ResendPageAfterDis();
                break;
            case T30Fcf.Dcn:
                Finish(T30CompletionCode.TxGotDcn, "DCN received in phase D (ECM).", sendDcn: false);
                break;
        }
    }

    private void SendRr()
    {
        _repeat = SendRr;
        SendCommand([new T30Frame(WithX(T30Fcf.Rr), [])], State.TxAwaitRrResponse);
    }

    private void OnPpr(PprFrame ppr)
    {
        var requested = ppr.Requested.Where(n => n < _ecmBlockFrames).ToList();
        if (requested.Count == 0)
        {
            // A PPR that asks for nothing we sent: treat the block as received.
            BlockDone(confirmed: true);
            return;
        }
        if (requested.Count < _ecmToSend.Count)
            _ecmProgress = true;
        _result = _result with { EcmRetransmittedFrames = _result.EcmRetransmittedFrames + requested.Count };
        _ecmToSend = requested;
        if (++_pprCount < PprLimit)
        {
            SendEcmBurst();
            return;
        }
        _pprCount = 0;
        _commandTries = 0;
        if (_ecmProgress && _modemIndex + 1 < _modems.Count)
        {
            // T.30 §A.4.4: continue to correct at a lower rate.
            _modemIndex++;
            _result = _result with { Fallbacks = _result.Fallbacks + 1 };
            _dcs = _dcs! with { Modem = _modems[_modemIndex] };
            _result = _result with { Modem = _dcs.Modem };
            _ecmProgress = false;
            SendCtc();
        }
        else
        {
            SendEor();
        }
    }

    private void SendCtc()
    {
        _repeat = SendCtc;
        SendCommand([new CtcFrame(_dcs!.Modem).ToFrame(XBit)], State.TxAwaitCtr);
    }

    private void SendEor()
    {
        _repeat = SendEor;
        var command = LastBlockOfPage ? _postPage : PostPageCommand.None;
        SendCommand([new EorFrame(command).ToFrame(XBit)], State.TxAwaitErr);
    }

    private void BlockDone(bool confirmed)
    {
        _commandTries = 0;
        if (!LastBlockOfPage)
        {
            _ecmBlockStart += _ecmBlockFrames;
            _ecmBlock++;
            var hadErrors = _blockHadErrors || !confirmed;
            StartEcmBlock();
            _blockHadErrors = hadErrors;
            return;
        }
        // A page that went through with EOR/ERR is delivered but not confirmed as good.
        PageConfirmed(retrain: false, confirmed: confirmed && !_blockHadErrors);
    }

    // ---- receiver ----

    private void ResetEcmBlock()
    {
        if (_rxEcmBlockFrames is not null)
            Array.Clear(_rxEcmBlockFrames);
        _rxEcmFrameCount = -1;
    }

    private void OnEcmImageFrame(T30Frame frame)
    {
        if (_rxDcs is not { Ecm: true } || _state is not (State.RxAwaitImage or State.RxImage))
            return;
        if (_state == State.RxAwaitImage)
            OnImageCarrier(_rxDcs.Modem);
        if (frame.Fcf == T30Fcf.Fcd && FcdFrame.TryDecode(frame, out var fcd, out _))
            RxEcmFrames[fcd.FrameNumber] = fcd.Data.ToArray();
    }

    private void OnEcmCommand(T30Frame frame)
    {
        switch (frame.Kind)
        {
            case T30Fcf.Pps:
                if (!PpsFrame.TryDecode(frame, out var pps, out _))
                {
                    Finish(T30CompletionCode.RxEcmPhaseD, "PPS with a bad information field.", sendDcn: true);
                    return;
                }
                StopTimer();
                OnPps(pps);
                break;
            case T30Fcf.Eor:
                if (!EorFrame.TryDecode(frame, out var eor, out _))
                {
                    Finish(T30CompletionCode.RxEcmPhaseD, "EOR with a bad information field.", sendDcn: true);
                    return;
                }
                StopTimer();
                // T.30 §A.4.4: the transmitter gives up on the missing frames; keep what we have.
                CommitBlock();
                EndOfBlock(eor.Command, new T30Frame(WithX(T30Fcf.Err), []));
                break;
            case T30Fcf.Ctc:
                if (!CtcFrame.TryDecode(frame, out var ctc, out _))
                {
                    Finish(T30CompletionCode.RxEcmPhaseD, "CTC with a bad modem code.", sendDcn: true);
                    return;
                }
                StopTimer();
                _rxDcs = _rxDcs! with { Modem = ctc.Modem };
                _result = _result with { Modem = ctc.Modem, Fallbacks = _result.Fallbacks + 1 };
                Respond(new T30Frame(WithX(T30Fcf.Ctr), []), State.RxAwaitImage, ctc.Modem, T30ReceiveContent.EcmFrames, TimerKind.T2Carrier);
                break;
            case T30Fcf.Rr when _lastResponse is not null:
                StopTimer();
                Respond(_lastResponse, _state == State.RxAwaitPostPage ? State.RxAwaitImage : _state, _rxDcs!.Modem, T30ReceiveContent.EcmFrames, TimerKind.T2Carrier);
                break;
            case T30Fcf.Dcs:
                _state = State.AwaitCommand;
                OnPhaseBCommand(frame);
                break;
            case T30Fcf.Dcn:
                Finish(T30CompletionCode.RxDcnEarly, "DCN before the end of the document (ECM).", sendDcn: false);
                break;
        }
    }

    private void OnPps(PpsFrame pps)
    {
        var page = _rxPageIndex & 0xFF;
        var block = _rxEcmBlock & 0xFF;
        if (pps.Page != page || pps.Block != block)
        {
            // Our MCF was lost and the transmitter repeats the previous block's PPS (spandsp does the same check).
            var repeatOfLast = (pps.Page == page && pps.Block == ((block - 1) & 0xFF)) ||
                               (pps.Page == ((page - 1) & 0xFF) && _rxEcmBlock == 0);
            if (repeatOfLast && _lastResponse is not null)
            {
                Respond(_lastResponse, State.RxAwaitImage, _rxDcs!.Modem, T30ReceiveContent.EcmFrames, TimerKind.T2Carrier);
                return;
            }
            Finish(T30CompletionCode.RxEcmPhaseD, $"PPS for page {pps.Page} block {pps.Block}, expected {page}/{block}.", sendDcn: true);
            return;
        }
        // T.30 leaves the count ambiguous on retransmissions; like spandsp, keep the largest seen.
        _rxEcmFrameCount = Math.Max(_rxEcmFrameCount, pps.FrameCount);
        var missing = new List<int>();
        for (var n = 0; n < _rxEcmFrameCount; n++)
            if (RxEcmFrames[n] is null)
                missing.Add(n);
        if (missing.Count > 0)
        {
            _result = _result with { EcmRetransmittedFrames = _result.EcmRetransmittedFrames + missing.Count };
            Respond(new PprFrame(missing).ToFrame(XBit), State.RxAwaitImage, _rxDcs!.Modem, T30ReceiveContent.EcmFrames, TimerKind.T2Carrier);
            return;
        }
        CommitBlock();
        EndOfBlock(pps.Command, new T30Frame(WithX(T30Fcf.Mcf), []));
    }

    private void CommitBlock()
    {
        for (var n = 0; n < Math.Max(0, _rxEcmFrameCount); n++)
            if (RxEcmFrames[n] is { } data)
                _rxPage.Write(data);
        _rxPageHasData = true;
        _rxEcmBlock++;
        ResetEcmBlock();
    }

    private void EndOfBlock(PostPageCommand command, T30Frame response)
    {
        if (command == PostPageCommand.None)
        {
            Respond(response, State.RxAwaitImage, _rxDcs!.Modem, T30ReceiveContent.EcmFrames, TimerKind.T2Carrier);
            return;
        }
        var quality = _sink!.OnPage(_rxPageIndex, _rxPage.WrittenSpan.ToArray(), RxEncoding);
        _result = _result with
        {
            BadRows = _result.BadRows + quality.BadRows,
            PagesTransferred = _result.PagesTransferred + 1,
            PagesConfirmed = _result.PagesConfirmed + 1,
        };
        _rxPageIndex++;
        _rxEcmBlock = 0;
        _rxPage.Clear();
        _rxPageHasData = false;
        _lastRxPostPage = command;
        // In ECM a page that passed the FCS checks is confirmed (T.30 §A.4.2); RTN is not used.
        AfterPostPageResponse(response, command, rtn: false);
    }
}
