using Gateway.Fax.T30;

namespace Gateway.Fax.T38;

// Transmitting: each T.30 command becomes a timed series of IFP packets (T.38 §7.3-7.4), with the habits
// that keep real peers happy: ≥ 1 s between v21-preamble and HDLC data, ≥ 40 ms of zeros after the page
// before t4-non-ecm-sig-end, no-signal after every sig-end, indicators repeated.
// A scheduled packet is a small description (a Step) that refers to its payload where it already is: the
// session's HDLC frame, the coded page (T30Session.TakeImageData), or nothing for zeros (TCF, padding). The
// payload is put in T.38 bit order only when the packet is due, into one small chunk buffer, and encoded into
// the reused output queue: nothing is allocated per packet, and no page or frame is copied.
public sealed partial class T38Terminal
{
    private readonly PriorityQueue<Step, (DateTimeOffset At, long Order)> _schedule = new(64);
    private DateTimeOffset _txClock;
    private long _order;
    private byte[]? _chunk;

    private enum StepKind : byte
    {
        None,
        Indicator,
        Data,
        NonEcmRun,
    }

    // Kind None: no packet (only Complete). Indicator: Code is the T38Indicator. Data: Code is the T38DataType; a
    // Field with the octets [Offset, Offset + Length) of Payload in T.30 bit order, where octets past the end of
    // Payload are zeros (Length 0: a field without data), then Trailing if set. NonEcmRun: the rest of a non-ECM
    // transmission, [Offset, Offset + Length) of Payload likewise: one chunk is sent and the step comes back for the
    // next chunk one chunk's line time later, so a page is one queue entry, not one per packet.
    private readonly record struct Step(StepKind Kind, int Code, T38FieldType Field, ReadOnlyMemory<byte> Payload, int Offset, int Length, T38FieldType? Trailing, bool Complete);

    private void At(DateTimeOffset when, Step step) => _schedule.Enqueue(step, (when, _order++));

    private void Indicator(DateTimeOffset when, T38Indicator indicator)
    {
        for (var i = 0; i < Math.Max(1, _options.IndicatorRepeats); i++)
            At(when, new Step(StepKind.Indicator, (int)indicator, default, default, 0, 0, null, false));
    }

    private void Data(DateTimeOffset when, T38DataType type, T38FieldType field, ReadOnlyMemory<byte> payload, int offset, int length, T38FieldType? trailing = null) =>
        At(when, new Step(StepKind.Data, (int)type, field, payload, offset, length, trailing, false));

    private void SigEnd(DateTimeOffset when, T38DataType type, T38FieldType field)
    {
        for (var i = 0; i < Math.Max(1, _options.IndicatorRepeats); i++)
            Data(when, type, field, default, 0, 0);
    }

    private void Complete(DateTimeOffset when) => At(when, new Step(StepKind.None, 0, default, default, 0, 0, null, true));

    // Encodes a due step into the output queue (PER needs at most 4 octets of framing per field plus 4 for the packet).
    private void Encode(in Step step, DateTimeOffset at)
    {
        switch (step.Kind)
        {
            case StepKind.NonEcmRun:
                {
                    var type = (T38DataType)step.Code;
                    var rate = ModemOf(type).GetValueOrDefault().BitRate();
                    var n = Math.Min(ChunkOf(rate), step.Length);
                    Encode(step with { Kind = StepKind.Data, Length = n }, at);
                    if (step.Length > n)
                        At(at + LineTime(n * 8, rate), step with { Offset = step.Offset + n, Length = step.Length - n });
                    break;
                }
            case StepKind.Indicator:
                {
                    var room = _out.Reserve(4);
                    _out.Commit(IfpCodec.EncodeIndicator((T38Indicator)step.Code, _options.Version, room));
                    break;
                }
            case StepKind.Data:
                {
                    var room = _out.Reserve(4 + 4 + step.Length + 4);
                    var data = new IfpField(step.Field, Chunk(step));
                    var n = step.Trailing is { } trailing
                        ? IfpCodec.EncodeData((T38DataType)step.Code, _options.Version, room, data, new IfpField(trailing))
                        : IfpCodec.EncodeData((T38DataType)step.Code, _options.Version, room, data);
                    _out.Commit(n);
                    break;
                }
        }
    }

    // The step's octets in T.38 bit order (T.38 §7.4: the first octet's first bit on the line is its most significant),
    // in the chunk buffer, valid until the next step is encoded. A step never holds more than MaxData octets.
    private ReadOnlyMemory<byte> Chunk(in Step step)
    {
        var chunk = (_chunk ??= new byte[MaxData]).AsSpan(0, step.Length);
        var present = Math.Clamp(step.Payload.Length - step.Offset, 0, step.Length);
        if (present > 0)
            BitReverse.Copy(step.Payload.Span.Slice(step.Offset, present), chunk);
        chunk[present..].Clear();
        return _chunk.AsMemory(0, step.Length);
    }

    // Room for data in one IFP: header, count, field type, 2-octet length and a trailing data-less field.
    private int MaxData => _options.MaxIfpSize - 7;

    // Octets of non-ECM data per packet: the line time of ChunkTime at the modem's rate.
    private int ChunkOf(int rate) => Math.Clamp((int)(rate * _options.ChunkTime.TotalSeconds / 8), 1, MaxData);

    private static TimeSpan LineTime(int bits, int rate) => TimeSpan.FromSeconds(bits / (double)rate);

    // The last transmission scheduled that carries a signal: its data type, whether it is HDLC, and when it starts.
    private (T38DataType Type, bool Hdlc, DateTimeOffset Start)? _lastSignal;

    /// <summary>
    /// <see cref="T30CommandKind.AbortTransmission"/>: drops every packet not yet sent of the transmissions
    /// scheduled so far; if a signal has started, ends it now the way T.38 ends a signal (sig-end of its data
    /// type, then no-signal, T.38 §7.4); reports each dropped transmission complete, now.
    /// </summary>
    private void AbortScheduled()
    {
        var now = _time.GetUtcNow();
        var owed = 0;
        while (_schedule.TryDequeue(out var step, out _))
        {
            if (step.Complete)
                owed++;
        }
        if (owed == 0)
            return;
        if (_lastSignal is { } signal && signal.Start <= now)
        {
            SigEnd(now, signal.Type, signal.Hdlc ? T38FieldType.HdlcSigEnd : T38FieldType.T4NonEcmSigEnd);
            Indicator(now, T38Indicator.NoSignal);
        }
        _lastSignal = null;
        _txClock = now;
        for (var i = 0; i < owed; i++)
            Complete(now);
    }

    private void ScheduleTransmission(T30Command command)
    {
        var now = _time.GetUtcNow();
        var t = _txClock > now ? _txClock : now;
        if (command.Kind is T30CommandKind.SendHdlc or T30CommandKind.SendTcf or T30CommandKind.SendImage)
            _lastSignal = (DataTypeOf(command.Modem), command.Kind == T30CommandKind.SendHdlc, t);
        switch (command.Kind)
        {
            case T30CommandKind.Silence:
                t += command.Duration;
                break;
            case T30CommandKind.SendHdlc:
                t = ScheduleHdlc(t, command);
                break;
            case T30CommandKind.SendTcf:
                {
                    // TCF: zeros for its duration at the modem's rate (T.30 §5.3.6.2.1): a run without payload.
                    var length = command.Modem.BitRate() * (int)command.Duration.TotalMilliseconds / 8000;
                    t = ScheduleNonEcm(t, command.Modem, TrainingIndicator(command.Modem, shortTraining: false), ReadOnlyMemory<byte>.Empty, length, padding: false);
                    break;
                }
            case T30CommandKind.SendImage:
                {
                    // The whole page as the session holds it (not copied): it is read chunk by chunk as the run is sent.
                    var page = _session.TakeImageData();
                    t = ScheduleNonEcm(t, command.Modem, TrainingIndicator(command.Modem, command.ShortTraining), page, page.Length, padding: true);
                    break;
                }
        }
        _txClock = t;
        Complete(t);
    }

    private DateTimeOffset ScheduleHdlc(DateTimeOffset t, T30Command command)
    {
        var modem = command.Modem;
        var type = DataTypeOf(modem);
        if (modem == FaxModem.V21)
        {
            Indicator(t, T38Indicator.V21Preamble);
            t += _options.V21PreambleTime;
        }
        else
        {
            Indicator(t, TrainingIndicator(modem, shortTraining: false));
            t += modem.TrainingTime() + _options.HighSpeedFlagsTime;
        }
        var rate = modem.BitRate();
        var frames = command.Frames;
        var repeatDcn = _options.RepeatDcn && frames.Count == 1 && frames[0].Length == 3 && (frames[0][2] & 0xFE) == T30Fcf.Dcn;
        var count = repeatDcn ? 2 : frames.Count;
        for (var f = 0; f < count; f++)
        {
            // The session's frame itself is the payload: it is not changed after the command was issued.
            var source = frames[repeatDcn ? 0 : f];
            var last = f == count - 1;
            var offset = 0;
            while (source.Length - offset > MaxData)
            {
                Data(t, type, T38FieldType.HdlcData, source, offset, MaxData);
                t += LineTime(MaxData * 8, rate);
                offset += MaxData;
            }
            // The last piece of a frame travels with its FCS verdict; the data-less field goes last (see IfpCodec).
            Data(t, type, T38FieldType.HdlcData, source, offset, source.Length - offset, last ? T38FieldType.HdlcFcsOkSigEnd : T38FieldType.HdlcFcsOk);
            // Frame octets, FCS (16 bits) and a flag (8 bits) at the line rate.
            t += LineTime((source.Length - offset) * 8 + 24, rate);
        }
        Indicator(t, T38Indicator.NoSignal);
        return t;
    }

    // Non-ECM data (the first `length` octets of `payload` in T.30 bit order, zeros past its end: TCF has none), then
    // zero padding.
    private DateTimeOffset ScheduleNonEcm(DateTimeOffset t, FaxModem modem, T38Indicator training, ReadOnlyMemory<byte> payload, int length, bool padding)
    {
        var type = DataTypeOf(modem);
        var rate = modem.BitRate();
        Indicator(t, training);
        t += modem.TrainingTime(training is T38Indicator.V17_7200ShortTraining or T38Indicator.V17_9600ShortTraining
            or T38Indicator.V17_12000ShortTraining or T38Indicator.V17_14400ShortTraining);
        var pad = padding ? (int)(rate * _options.ZeroPaddingAfterPage.TotalSeconds / 8) + 1 : 0;
        var total = length + pad;
        if (total > 0)
            At(t, new Step(StepKind.NonEcmRun, (int)type, T38FieldType.T4NonEcmData, payload, 0, total, null, false));
        // The run's end, added up chunk by chunk exactly as the run steps itself forward.
        var chunk = ChunkOf(rate);
        for (var offset = 0; offset < total; offset += chunk)
            t += LineTime(Math.Min(chunk, total - offset) * 8, rate);
        SigEnd(t, type, T38FieldType.T4NonEcmSigEnd);
        Indicator(t, T38Indicator.NoSignal);
        return t;
    }

    private static T38DataType DataTypeOf(FaxModem modem) => modem switch
    {
        FaxModem.V21 => T38DataType.V21,
        FaxModem.V27ter2400 => T38DataType.V27ter2400,
        FaxModem.V27ter4800 => T38DataType.V27ter4800,
        FaxModem.V29_7200 => T38DataType.V29_7200,
        FaxModem.V29_9600 => T38DataType.V29_9600,
        FaxModem.V17_7200 => T38DataType.V17_7200,
        FaxModem.V17_9600 => T38DataType.V17_9600,
        FaxModem.V17_12000 => T38DataType.V17_12000,
        _ => T38DataType.V17_14400,
    };

    private static T38Indicator TrainingIndicator(FaxModem modem, bool shortTraining) => modem switch
    {
        FaxModem.V27ter2400 => T38Indicator.V27ter2400Training,
        FaxModem.V27ter4800 => T38Indicator.V27ter4800Training,
        FaxModem.V29_7200 => T38Indicator.V29_7200Training,
        FaxModem.V29_9600 => T38Indicator.V29_9600Training,
        FaxModem.V17_7200 => shortTraining ? T38Indicator.V17_7200ShortTraining : T38Indicator.V17_7200LongTraining,
        FaxModem.V17_9600 => shortTraining ? T38Indicator.V17_9600ShortTraining : T38Indicator.V17_9600LongTraining,
        FaxModem.V17_12000 => shortTraining ? T38Indicator.V17_12000ShortTraining : T38Indicator.V17_12000LongTraining,
        _ => shortTraining ? T38Indicator.V17_14400ShortTraining : T38Indicator.V17_14400LongTraining,
    };
}
