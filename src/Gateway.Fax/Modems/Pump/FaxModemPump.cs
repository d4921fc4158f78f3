using Gateway.Fax.Hdlc;
using Gateway.Fax.T30;

namespace Gateway.Fax.Modems.Pump;

/// <summary>
/// The G.711/linear audio physical layer of a <see cref="T30Session"/> (the contract in docs/fax-t30-t38.md §1):
/// executes its transmissions in order (V.21 HDLC with the 1 s flag preamble, TCF and non-ECM pages or ECM
/// frames on V.27 ter/V.29/V.17, the 75 ms gaps it asks for as <see cref="T30CommandKind.Silence"/>) and runs
/// the V.21 receiver all the time, turning flags, frames and carrier changes into session events.
/// Sans-IO: call <see cref="Process"/> once per block of received samples (any size, usually 160 = 20 ms) to get
/// the block to send; time comes from the session's <see cref="TimeProvider"/> for its timers.
/// Receiving on the high-speed modems is not implemented: the pump is a sender; a session that asks to receive
/// image data keeps hearing only V.21.
/// </summary>
public sealed class FaxModemPump : IModemBitSink
{
    private readonly T30Session _session;
    private readonly FaxModemPumpOptions _options;
    private readonly TimeProvider _time;
    private readonly Queue<T30Command> _pending = new();
    private readonly HdlcBitEncoder _encoder = new();
    private readonly HdlcBitSource _hdlcSource;
    private readonly ZeroBitSource _zeros = new();
    private readonly ImageBitSource _image;
    private readonly V21Modulator _v21;
    private readonly V21Demodulator _v21Rx;
    private readonly HdlcDeframer _deframer = new();
    private V27terModulator? _v27ter2400;
    private V27terModulator? _v27ter4800;
    private V29Modulator? _v29;
    private V17Modulator? _v17;
    private IFaxModulator? _current;
    private int _silenceLeft;
    private bool _inSilence;
    private bool _flagsAnnounced;
    private long _flagsAtCarrier;
    private bool _hungUp;
    private FaxModem? _v17TrainedAt;
    private T30CommandKind _currentKind;
    private int _owedCompletions;   // transmissions dropped by an abort, reported when the one on the line ends

    /// <summary>Creates the pump for <paramref name="session"/> (not started yet).</summary>
    public FaxModemPump(T30Session session, TimeProvider time, FaxModemPumpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(time);
        _session = session;
        _time = time;
        _options = options ?? new FaxModemPumpOptions();
        _hdlcSource = new HdlcBitSource(_encoder);
        _image = new ImageBitSource(session);
        _v21 = new V21Modulator(null, _options.V21LevelDbm0);
        _v21Rx = new V21Demodulator(this);
    }

    /// <summary>True once the session hung up and the last transmission has been sent.</summary>
    public bool IsCompleted => _hungUp && _current is null && !_inSilence && _pending.Count == 0;

    /// <summary>True while the pump is sending (a modulation or a gap).</summary>
    public bool IsTransmitting => _current is not null || _inSilence;

    /// <summary>What is being sent now (SendHdlc, SendTcf, SendImage or Silence), or null when idle; for line monitoring.</summary>
    public T30CommandKind? Transmitting => _inSilence ? T30CommandKind.Silence : _current is null ? null : _currentKind;

    /// <summary>The modem of <see cref="Transmitting"/> (V.21 for control frames and gaps).</summary>
    public FaxModem TransmittingModem { get; private set; }

    /// <summary>True when <see cref="Transmitting"/> began with the V.17 short training (T.30 §5.3.2.3).</summary>
    public bool TransmittingShortTraining { get; private set; }

    /// <summary>Starts the session.</summary>
    public void Start()
    {
        _session.Start();
        Drain();
    }

    /// <summary>
    /// Feeds <paramref name="received"/> to the V.21 receiver and fills <paramref name="transmit"/> (same length or
    /// longer; the first received.Length samples are written) with what to send. Runs the session's timers first.
    /// </summary>
    public void Process(ReadOnlySpan<short> received, Span<short> transmit)
    {
        if (transmit.Length < received.Length)
            throw new ArgumentException("The transmit block must be at least as long as the received block.", nameof(transmit));
        if (_session.NextDeadline is { } due && _time.GetUtcNow() >= due)
        {
            _session.Tick();
            Drain();
        }
        _v21Rx.Demodulate(received);
        Fill(transmit[..received.Length]);
    }

    private void Fill(Span<short> block)
    {
        var done = 0;
        while (done < block.Length)
        {
            if (_inSilence)
            {
                var n = Math.Min(_silenceLeft, block.Length - done);
                block.Slice(done, n).Clear();
                done += n;
                if ((_silenceLeft -= n) == 0)
                {
                    _inSilence = false;
                    Complete();
                }
                continue;
            }
            if (_current is null)
            {
                block[done..].Clear();
                return;
            }
            var written = _current.Modulate(block[done..]);
            done += written;
            if (_current.IsFinished || written == 0)
            {
                _current = null;
                Complete();
            }
        }
    }

    private void Complete()
    {
        var count = 1 + _owedCompletions;
        _owedCompletions = 0;
        for (var i = 0; i < count; i++)
            _session.OnTransmitComplete();
        Drain();
        StartNext();
    }

    /// <summary>
    /// <see cref="T30CommandKind.AbortTransmission"/>: the transmissions not started are dropped; the one on the
    /// line loses its bit source, so its modulator goes straight to its turn-off (V.27 ter/V.29/V.17: the
    /// scrambled marking ones and the filter tail; V.21: carrier off), ending within a few milliseconds once data
    /// flows (a training under way is finished first). Every dropped or cut transmission is reported complete,
    /// in order, when the line is quiet.
    /// </summary>
    private void AbortTransmissions()
    {
        var dropped = _pending.Count;
        _pending.Clear();
        if (_current is not null)
        {
            _owedCompletions += dropped;
            _hdlcSource.Stop();
            _image.Stop();
            _zeros.Reset(0);
            return;
        }
        if (_inSilence)
        {
            _inSilence = false;
            _silenceLeft = 0;
            dropped++;
        }
        for (var i = 0; i < dropped; i++)
            _session.OnTransmitComplete();
    }

    private void Drain()
    {
        while (_session.TryGetCommand(out var command))
        {
            switch (command.Kind)
            {
                case T30CommandKind.Receive:
                    // Only V.21 is received; it is always listening.
                    break;
                case T30CommandKind.HangUp:
                    _hungUp = true;
                    break;
                case T30CommandKind.AbortTransmission:
                    AbortTransmissions();
                    break;
                default:
                    _pending.Enqueue(command);
                    break;
            }
        }
        StartNext();
    }

    private void StartNext()
    {
        if (_current is not null || _inSilence || !_pending.TryDequeue(out var command))
            return;
        _currentKind = command.Kind;
        TransmittingModem = command.Modem;
        TransmittingShortTraining = false;
        switch (command.Kind)
        {
            case T30CommandKind.Silence:
                _silenceLeft = Math.Max(1, (int)(command.Duration.TotalSeconds * 8000));
                _inSilence = true;
                break;
            case T30CommandKind.SendHdlc when command.Modem == FaxModem.V21:
                _encoder.QueueFlags((int)Math.Ceiling(_options.V21Preamble.TotalSeconds * 300 / 8));
                foreach (var f in command.Frames)
                    _encoder.QueueFrame(f);
                _v21.Restart(_hdlcSource);
                _current = _v21;
                break;
            case T30CommandKind.SendHdlc:
                _encoder.QueueFlags((int)Math.Ceiling(_options.ImagePreamble.TotalSeconds * command.Modem.BitRate() / 8));
                foreach (var f in command.Frames)
                    _encoder.QueueFrame(f);
                // V.17 §1.5 / T.30 §5.3.2.3: after TCF trained the far end at this rate, ECM bursts use the short training.
                _current = Image(command.Modem, _hdlcSource, shortTraining: command.Modem.IsV17() && _v17TrainedAt == command.Modem);
                break;
            case T30CommandKind.SendTcf:
                _zeros.Reset((long)(command.Duration.TotalSeconds * command.Modem.BitRate()));
                _v17TrainedAt = command.Modem.IsV17() ? command.Modem : null;
                _current = Image(command.Modem, _zeros, shortTraining: false);
                break;
            case T30CommandKind.SendImage:
                _image.Reset();
                _current = Image(command.Modem, _image, command.ShortTraining);
                break;
        }
    }

    private QamModulator Image(FaxModem modem, IModemBitSource source, bool shortTraining)
    {
        var rate = modem.BitRate();
        TransmittingShortTraining = shortTraining && modem.IsV17();
        QamModulator m;
        if (modem.IsV17())
        {
            _v17 ??= new V17Modulator(rate, null, levelDbm0: _options.ImageLevelDbm0);
            _v17.Restart(rate, shortTraining, _options.Tep);
            m = _v17;
        }
        else if (modem.IsV29())
        {
            _v29 ??= new V29Modulator(rate, null, levelDbm0: _options.ImageLevelDbm0);
            _v29.Restart(rate, _options.Tep);
            m = _v29;
        }
        else if (rate == 4800)
        {
            _v27ter4800 ??= new V27terModulator(4800, null, levelDbm0: _options.ImageLevelDbm0);
            _v27ter4800.Restart(4800, _options.Tep);
            m = _v27ter4800;
        }
        else
        {
            _v27ter2400 ??= new V27terModulator(2400, null, levelDbm0: _options.ImageLevelDbm0);
            _v27ter2400.Restart(2400, _options.Tep);
            m = _v27ter2400;
        }
        m.SetSource(source);
        return m;
    }

    void IModemBitSink.OnBit(int bit)
    {
        var result = _deframer.Push(bit);
        if (!_flagsAnnounced && _deframer.FlagCount - _flagsAtCarrier >= 2)
        {
            // T.30 §5.3.1: flags mean a frame is coming (the session extends T4 to its "flags seen" value).
            _flagsAnnounced = true;
            _session.OnCarrier(FaxModem.V21);
            Drain();
        }
        if (result == HdlcDeframerResult.Frame)
        {
            _session.OnHdlcFrame(_deframer.Frame, fcsOk: true);
            Drain();
        }
        else if (result == HdlcDeframerResult.BadFrame && _deframer.LastError == HdlcFrameError.BadFcs)
        {
            _session.OnHdlcFrame(_deframer.Frame, fcsOk: false);
            Drain();
        }
    }

    void IModemBitSink.OnCarrier(bool present)
    {
        _deframer.Reset();
        _flagsAtCarrier = _deframer.FlagCount;
        if (!present && _flagsAnnounced)
        {
            _flagsAnnounced = false;
            _session.OnCarrierLost();
            Drain();
        }
    }
}
