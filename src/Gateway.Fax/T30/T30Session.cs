using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.T30;

/// <summary>
/// One T.30 facsimile session (T.30 §5, Annex A for ECM), sans-IO: it never touches samples, sockets or
/// the wall clock. The same type serves the calling and called terminal, transmitting or receiving
/// (polling included), over any physical layer: the G.711 modem pump or the T.38 terminal.
/// <para>
/// Contract (docs/fax-t30-t38.md §1): the physical layer drains commands with <see cref="TryGetCommand"/>
/// after every call into the session, executes transmissions in order and reports each with
/// <see cref="OnTransmitComplete"/>; it reports what it receives with <see cref="OnCarrier"/>,
/// <see cref="OnCarrierLost"/>, <see cref="OnHdlcFrame"/>, <see cref="OnTcfReceived"/> and
/// <see cref="OnImageData"/>; and it calls <see cref="Tick"/> whenever the clock passes <see cref="NextDeadline"/>.
/// </para>
/// </summary>
public sealed partial class T30Session
{
    private readonly T30Settings _settings;
    private readonly TimeProvider _time;
    private readonly IT30PageSource? _source;
    private readonly IT30PageSink? _sink;
    private readonly Queue<T30Command> _commands = new();
    private readonly Queue<Action?> _completions = new();
    private readonly List<T30Frame> _pendingFrames = [];
    private readonly Dictionary<T30Phase, TimeSpan> _phaseTimes = [];
    private State _state = State.Idle;
    private DateTimeOffset? _deadline;
    private TimerKind _timerKind;
    private DateTimeOffset _t1Start;
    private DateTimeOffset _startTime;
    private DateTimeOffset _phaseStart;
    private T30Phase _phase = T30Phase.A;
    private T30Result _result = new();

    /// <summary>Creates a session. A transmitter needs <paramref name="source"/>; a receiver needs <paramref name="sink"/>; a terminal may have both.</summary>
    public T30Session(T30Settings settings, TimeProvider time, IT30PageSource? source = null, IT30PageSink? sink = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        if (source is null && sink is null)
            throw new ArgumentException("A T.30 session needs a page source (to send) or a page sink (to receive).");
        if (settings.EcmFrameSize is not (64 or 256))
            throw new ArgumentException("The ECM frame size is 64 or 256 octets (T.4 §A.3.6.2).", nameof(settings));
        if (settings.EcmMaxBurst is { } burst && burst <= TimeSpan.Zero && burst != Timeout.InfiniteTimeSpan)
            throw new ArgumentException("EcmMaxBurst is a positive time, or Timeout.InfiniteTimeSpan for 256-frame blocks.", nameof(settings));
        _settings = settings;
        _time = time;
        _source = source;
        _sink = sink;
    }

    /// <summary>The phase the session is in.</summary>
    public T30Phase Phase => _phase;

    /// <summary>True once the call is over (<see cref="Result"/> is final and a HangUp command was issued).</summary>
    public bool IsCompleted => _state == State.Done;

    /// <summary>The outcome so far; final once <see cref="IsCompleted"/>.</summary>
    public T30Result Result => _result with { PhaseTimes = new Dictionary<T30Phase, TimeSpan>(_phaseTimes) };

    /// <summary>When <see cref="Tick"/> must next be called, or null when no timer runs.</summary>
    public DateTimeOffset? NextDeadline => _deadline;

    /// <summary>Raised when a frame is sent or received (for logs and tests); the bool is true for received frames.</summary>
    public event Action<T30Frame, bool>? FrameTraced;

    /// <summary>Takes the next command for the physical layer.</summary>
    public bool TryGetCommand([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T30Command? command) => _commands.TryDequeue(out command);

    /// <summary>Starts phase B: the called terminal sends DIS, the calling one waits for it (T.30 §5.2, Figure 5-2).</summary>
    public void Start()
    {
        if (_state != State.Idle)
            throw new InvalidOperationException("The session has already started.");
        _startTime = _phaseStart = _t1Start = Now;
        SetPhase(T30Phase.B);
        if (_source is not null && _sink is null && _settings.StartPage >= _source.PageCount)
        {
            Finish(T30CompletionCode.NoPages, $"Nothing to send: start page {_settings.StartPage + 1} of {_source.PageCount}.", sendDcn: false);
            return;
        }
        if (_settings.IsCaller)
        {
            _state = State.AwaitDis;
            Receive(FaxModem.V21, T30ReceiveContent.Control);
            StartTimer(TimerKind.T1, _settings.Timers.T1);
        }
        else
        {
            SendDis();
        }
    }

    /// <summary>Ends the call at once: sends DCN (unless the line is known to be gone) and hangs up.</summary>
    public void Abort(string reason = "Aborted locally.")
    {
        if (_state is State.Idle or State.Done)
            return;
        Finish(T30CompletionCode.Aborted, reason, sendDcn: true);
    }

    /// <summary>The physical layer lost the line (BYE, media timeout): no DCN can be sent.</summary>
    public void OnLineLost()
    {
        if (_state is State.Idle or State.Done)
            return;
        if (_state == State.RxAwaitDcn)
            Finish(T30CompletionCode.Ok, "Document received; the line dropped instead of DCN.", sendDcn: false);
        else
            Finish(T30CompletionCode.CallDropped, "The line dropped during the call.", sendDcn: false);
    }

    /// <summary>The physical layer finished the oldest transmission command.</summary>
    public void OnTransmitComplete()
    {
        if (_completions.TryDequeue(out var action))
            action?.Invoke();
    }

    /// <summary>A carrier (V.21 flags or an image modem's training) was detected.</summary>
    public void OnCarrier(FaxModem modem)
    {
        if (_state == State.Done)
            return;
        if (modem == FaxModem.V21)
        {
            // T.30 §5.4.3.1: once a response's flags arrive, allow time to finish the frame.
            if (_timerKind is TimerKind.T4Response && _deadline is { } d)
            {
                var extended = Now + _settings.Timers.T4Flagged;
                if (extended > d)
                    _deadline = extended;
            }
            return;
        }
        OnImageCarrier(modem);
    }

    /// <summary>The carrier that was being received ended.</summary>
    public void OnCarrierLost()
    {
        if (_state == State.Done)
            return;
        OnImageCarrierLost();
    }

    /// <summary>An HDLC frame arrived (without FCS): V.21 control or ECM image frames. <paramref name="fcsOk"/> is false for a corrupted one.</summary>
    public void OnHdlcFrame(ReadOnlySpan<byte> frame, bool fcsOk)
    {
        if (_state is State.Done or State.Idle)
            return;
        if (!T30Frame.TryParse(frame, out var parsed, out _))
            return; // Not T.30: ignore, as a receiver ignores line noise.
        if (!fcsOk)
        {
            OnBadFrame(parsed);
            return;
        }
        FrameTraced?.Invoke(parsed, true);
        if (parsed.Fcf is T30Fcf.Fcd or T30Fcf.Rcp)
        {
            OnEcmImageFrame(parsed);
            return;
        }
        if (!parsed.IsFinal)
        {
            if (_pendingFrames.Count < 16)
                _pendingFrames.Add(parsed);
            return;
        }
        var optional = _pendingFrames.ToArray();
        _pendingFrames.Clear();
        OnMessage(parsed, optional);
    }

    /// <summary>Drives timers: call when the clock reaches <see cref="NextDeadline"/> (calling early is harmless).</summary>
    public void Tick()
    {
        if (_deadline is not { } deadline || Now < deadline)
            return;
        var kind = _timerKind;
        Diagnostic?.Invoke($"expired {kind} in {_state}");
        _deadline = null;
        _timerKind = TimerKind.None;
        OnTimeout(kind);
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private void SetPhase(T30Phase phase)
    {
        var now = Now;
        _phaseTimes[_phase] = _phaseTimes.GetValueOrDefault(_phase) + (now - _phaseStart);
        _phaseStart = now;
        _phase = phase;
    }

    /// <summary>Raised with a short note on timer starts and expiries (for logs and tests).</summary>
    public event Action<string>? Diagnostic;

    private void StartTimer(TimerKind kind, TimeSpan after)
    {
        Diagnostic?.Invoke($"start {kind} {after.TotalSeconds:F2} s in {_state}");
        _timerKind = kind;
        _deadline = Now + after;
    }

    private void StopTimer()
    {
        _timerKind = TimerKind.None;
        _deadline = null;
    }

    private void Transmit(T30Command command, Action? onDone = null)
    {
        _commands.Enqueue(command);
        _completions.Enqueue(onDone);
    }

    private void SendFrames(IReadOnlyList<T30Frame> frames, Action? onDone = null)
    {
        foreach (var f in frames)
            FrameTraced?.Invoke(f, false);
        Transmit(T30Command.SendHdlc(FaxModem.V21, frames.Select(f => f.ToArray()).ToArray()), onDone);
    }

    private void SendFrame(T30Frame frame, Action? onDone = null) => SendFrames([frame], onDone);

    private void SendSimple(byte fcf, Action? onDone = null) => SendFrame(new T30Frame(WithX(fcf), []), onDone);

    private void Receive(FaxModem modem, T30ReceiveContent expect) => _commands.Enqueue(T30Command.Receive(modem, expect));

    /// <summary>The X bit is 1 on frames from the station that received DIS: the caller (T.30 §5.3.6.1).</summary>
    private byte WithX(byte fcf) => _settings.IsCaller ? (byte)(fcf | T30Fcf.XBit) : fcf;

    private bool XBit => _settings.IsCaller;

    /// <summary>Sends a response frame, then listens for the next command with T2 running.</summary>
    /// <remarks>
    /// The state changes at once, so an answer that overtakes the end of our own transmission (possible over
    /// T.38) is not lost; the Receive command is queued behind the transmission and the timer starts when the
    /// transmission ends, unless the far end has already moved on.
    /// </remarks>
    private void Respond(T30Frame frame, State next, FaxModem listen, T30ReceiveContent expect, TimerKind timer = TimerKind.T2Command)
    {
        _lastResponse = frame;
        _state = next;
        StopTimer();
        SendFrame(frame, () =>
        {
            if (_state == next)
                StartTimer(timer, _settings.Timers.T2);
        });
        Receive(listen, expect);
    }


    private T30Frame? _lastResponse;

    private void Finish(T30CompletionCode code, string text, bool sendDcn)
    {
        if (_state == State.Done)
            return;
        StopTimer();
        _result = _result with { Code = code, Text = text };
        _state = State.Done;
        SetPhase(T30Phase.E);
        if (sendDcn)
        {
            Transmit(T30Command.Silence(_settings.ModulationGap));
            SendSimple(T30Fcf.Dcn);
        }
        _commands.Enqueue(T30Command.HangUp());
        SetPhase(T30Phase.E);
        _result = _result with { Duration = Now - _startTime };
    }

    private void OnMessage(T30Frame frame, T30Frame[] optional)
    {
        foreach (var f in optional.Append(frame))
        {
            switch (f.Fcf)
            {
                case T30Fcf.Nsf or T30Fcf.Nsc:
                    _result = _result with { RemoteNsfVendor = NsfFrame.Decode(f).Vendor };
                    break;
                case T30Fcf.Csi or T30Fcf.Cig:
                    if (IdentFrame.TryDecode(f, out var csi, out _))
                        _result = _result with { RemoteIdent = csi.Text };
                    break;
            }
            switch (f.Kind)
            {
                case T30Fcf.Tsi when f.Fcf is not T30Fcf.Csi:
                    if (IdentFrame.TryDecode(f, out var tsi, out _))
                        _result = _result with { RemoteIdent = tsi.Text };
                    break;
                case T30Fcf.Sub:
                    if (IdentFrame.TryDecode(f, out var sub, out _))
                        _result = _result with { ReceivedSubaddress = sub.Text };
                    break;
                case T30Fcf.Sid:
                    if (IdentFrame.TryDecode(f, out var sid, out _))
                        _result = _result with { ReceivedSenderId = sid.Text };
                    break;
                case T30Fcf.Nss:
                    _result = _result with { RemoteNsfVendor = NsfFrame.Decode(f).Vendor ?? _result.RemoteNsfVendor };
                    break;
            }
        }
        if (frame.Kind == T30Fcf.Crp && IsAwaitingResponse)
        {
            RepeatLastCommand();
            return;
        }
        if (IsTransmitterState)
            OnTransmitterMessage(frame);
        else
            OnReceiverMessage(frame);
    }

    private void OnBadFrame(T30Frame frame)
    {
        // T.30 §5.4.3.2 (receiver): a command received with errors may be answered with CRP so the
        // transmitter repeats it; we do so only for final frames while waiting for a command.
        if (frame.IsFinal && _state is State.AwaitCommand or State.RxAwaitPostPage or State.RxAwaitDcn)
        {
            _pendingFrames.Clear();
            SendSimple(T30Fcf.Crp);
        }
    }

    private void OnTimeout(TimerKind kind)
    {
        switch (kind)
        {
            case TimerKind.T1:
                Finish(T30CompletionCode.T1Expired, "No DIS from the far end within T1.", sendDcn: false);
                break;
            case TimerKind.T4Response:
                OnResponseTimeout();
                break;
            case TimerKind.T2Command:
            case TimerKind.T2Carrier:
                OnCommandTimeout(kind);
                break;
            case TimerKind.T4DisRepeat:
                if (Now - _t1Start >= _settings.Timers.T1)
                    Finish(T30CompletionCode.RxNoCommand, "No command after DIS within T1.", sendDcn: true);
                else
                    SendDis();
                break;
            case TimerKind.T5:
                Finish(T30CompletionCode.TxT5Expired, "The receiver stayed not ready past T5.", sendDcn: true);
                break;
        }
    }

    private enum TimerKind
    {
        None,
        T1,
        T2Command,
        T2Carrier,
        T4Response,
        T4DisRepeat,
        T5,
    }

    private enum State
    {
        Idle,
        AwaitDis,
        AwaitCommand,
        // transmitter
        TxDcs,
        TxAwaitCfr,
        TxImage,
        TxAwaitPostPageResponse,
        TxAwaitCtr,
        TxAwaitErr,
        TxAwaitRrResponse,
        TxDcnThenDone,
        // receiver
        RxAwaitTcf,
        RxAwaitImage,
        RxImage,
        RxAwaitPostPage,
        RxAwaitDcn,
        Done,
    }

    private bool IsTransmitterState => _state is State.AwaitDis or State.TxDcs or State.TxAwaitCfr or State.TxImage
        or State.TxAwaitPostPageResponse or State.TxAwaitCtr or State.TxAwaitErr or State.TxAwaitRrResponse or State.TxDcnThenDone;

    private bool IsAwaitingResponse => _state is State.TxAwaitCfr or State.TxAwaitPostPageResponse or State.TxAwaitCtr or State.TxAwaitErr or State.TxAwaitRrResponse;
}
