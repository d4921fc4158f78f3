using Gateway.Fax.T30;

namespace Gateway.Fax.T38;

// Transmitting: each T.30 command becomes a timed series of IFP packets (T.38 §7.3-7.4), with the habits
// that keep real peers happy: ≥ 1 s between v21-preamble and HDLC data, ≥ 40 ms of zeros after the page
// before t4-non-ecm-sig-end, no-signal after every sig-end, indicators repeated.
public sealed partial class T38Terminal
{
    private readonly PriorityQueue<Step, (DateTimeOffset At, long Order)> _schedule = new();
    private DateTimeOffset _txClock;
    private long _order;

    private readonly record struct Step(byte[]? Ifp, bool Complete);

    private void At(DateTimeOffset when, byte[]? ifp, bool complete = false) =>
        _schedule.Enqueue(new Step(ifp, complete), (when, _order++));

    private void Indicator(DateTimeOffset when, T38Indicator indicator)
    {
        var ifp = IfpCodec.Encode(IfpPacket.ForIndicator(indicator), _options.Version);
        for (var i = 0; i < Math.Max(1, _options.IndicatorRepeats); i++)
            At(when, ifp);
    }

    private void Data(DateTimeOffset when, T38DataType type, params IfpField[] fields) =>
        At(when, IfpCodec.Encode(IfpPacket.ForData(type, fields), _options.Version));

    private void SigEnd(DateTimeOffset when, T38DataType type, T38FieldType field)
    {
        var ifp = IfpCodec.Encode(IfpPacket.ForData(type, new IfpField(field)), _options.Version);
        for (var i = 0; i < Math.Max(1, _options.IndicatorRepeats); i++)
            At(when, ifp);
    }

    // Room for data in one IFP: header, count, field type, 2-octet length and a trailing data-less field.
    private int MaxData => _options.MaxIfpSize - 7;

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
            At(now, null, complete: true);
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
                t = ScheduleNonEcm(t, command.Modem, TrainingIndicator(command.Modem, shortTraining: false), new byte[command.Modem.BitRate() * (int)command.Duration.TotalMilliseconds / 8000], padding: false);
                break;
            case T30CommandKind.SendImage:
                {
                    var page = new List<byte>();
                    var buffer = new byte[4096];
                    int n;
                    while ((n = _session.ReadImageData(buffer)) > 0)
                        page.AddRange(buffer.AsSpan(0, n));
                    t = ScheduleNonEcm(t, command.Modem, TrainingIndicator(command.Modem, command.ShortTraining), page.ToArray(), padding: true);
                    break;
                }
        }
        _txClock = t;
        At(t, null, complete: true);
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
        if (_options.RepeatDcn && frames.Count == 1 && frames[0].Length == 3 && (frames[0][2] & 0xFE) == T30Fcf.Dcn)
            frames = [frames[0], frames[0]];
        for (var f = 0; f < frames.Count; f++)
        {
            var frame = BitReverse.ToArray(frames[f]);
            var last = f == frames.Count - 1;
            var offset = 0;
            while (frame.Length - offset > MaxData)
            {
                Data(t, type, new IfpField(T38FieldType.HdlcData, frame.AsMemory(offset, MaxData)));
                t += LineTime(MaxData * 8, rate);
                offset += MaxData;
            }
            // The last piece of a frame travels with its FCS verdict; the data-less field goes last (see IfpCodec).
            Data(t, type,
                new IfpField(T38FieldType.HdlcData, frame.AsMemory(offset)),
                new IfpField(last ? T38FieldType.HdlcFcsOkSigEnd : T38FieldType.HdlcFcsOk));
            // Frame octets, FCS (16 bits) and a flag (8 bits) at the line rate.
            t += LineTime((frame.Length - offset) * 8 + 24, rate);
        }
        Indicator(t, T38Indicator.NoSignal);
        return t;
    }

    private DateTimeOffset ScheduleNonEcm(DateTimeOffset t, FaxModem modem, T38Indicator training, byte[] data, bool padding)
    {
        var type = DataTypeOf(modem);
        var rate = modem.BitRate();
        Indicator(t, training);
        t += modem.TrainingTime(training is T38Indicator.V17_7200ShortTraining or T38Indicator.V17_9600ShortTraining
            or T38Indicator.V17_12000ShortTraining or T38Indicator.V17_14400ShortTraining);
        var pad = padding ? (int)(rate * _options.ZeroPaddingAfterPage.TotalSeconds / 8) + 1 : 0;
        var all = new byte[data.Length + pad];
        BitReverse.Copy(data, all);
        var chunk = Math.Clamp((int)(rate * _options.ChunkTime.TotalSeconds / 8), 1, MaxData);
        for (var offset = 0; offset < all.Length; offset += chunk)
        {
            var n = Math.Min(chunk, all.Length - offset);
            Data(t, type, new IfpField(T38FieldType.T4NonEcmData, all.AsMemory(offset, n)));
            t += LineTime(n * 8, rate);
        }
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
