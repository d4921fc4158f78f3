using Gateway.Fax.T30;

namespace Gateway.Fax.T38;

// Receiving IFP: indicators become carrier events, HDLC fields become frames, non-ECM data becomes
// image data or a TCF measurement (transferredTCF: the receiving terminal checks TCF, T.38 §7.4.1).
public sealed partial class T38Terminal
{
    private const int MaxHdlcFrame = 300;
    private readonly byte[] _hdlc = new byte[MaxHdlcFrame];
    private int _hdlcLength;
    private bool _hdlcDamaged;
    private int _lastSeq = -1;
    private T38Indicator? _rxIndicator;
    private bool _rxCarrier;
    private bool _rxNonEcmActive;
    private T30ReceiveContent _expect = T30ReceiveContent.Control;
    private long _tcfBits;
    private long _tcfZeros;
    private long _tcfLongest;

    /// <summary>
    /// One received IFP packet with its UDPTL sequence number (a gap marks the HDLC frame in progress as damaged,
    /// as spandsp does). Bad packets are counted and dropped.
    /// </summary>
    public void OnIfp(ReadOnlySpan<byte> ifp, int sequenceNumber)
    {
        if (_lastSeq >= 0 && sequenceNumber != ((_lastSeq + 1) & 0xFFFF))
        {
            SequenceGaps++;
            _hdlcDamaged |= _hdlcLength > 0;
        }
        _lastSeq = sequenceNumber & 0xFFFF;
        if (!IfpCodec.TryRead(ifp, _options.Version, out var packet, out _))
        {
            MalformedPackets++;
            return;
        }
        if (packet.Indicator is { } indicator)
            OnIndicator(indicator);
        else
            OnData(packet);
        DrainSession();
        EmitDue();
    }

    private void OnIndicator(T38Indicator indicator)
    {
        if (indicator == _rxIndicator)
            return; // a repeat (spandsp and others send each indicator several times)
        _rxIndicator = indicator;
        EndNonEcm();
        switch (indicator)
        {
            case T38Indicator.NoSignal:
                CarrierLost();
                break;
            case T38Indicator.V21Preamble:
                _hdlcLength = 0;
                _hdlcDamaged = false;
                _rxCarrier = true;
                _session.OnCarrier(FaxModem.V21);
                break;
            default:
                if (ModemOf(indicator) is { } modem)
                {
                    _hdlcLength = 0;
                    _hdlcDamaged = false;
                    _rxCarrier = true;
                    _session.OnCarrier(modem);
                    if (_expect == T30ReceiveContent.Tcf)
                        ResetTcf();
                }
                break;
        }
    }

    private void CarrierLost()
    {
        EndNonEcm();
        if (!_rxCarrier)
            return;
        _rxCarrier = false;
        _hdlcLength = 0;
        _session.OnCarrierLost();
    }

    private void OnData(IfpView packet)
    {
        var modem = ModemOf(packet.DataType);
        // Only fresh data (not a repeated end-of-signal) proves a carrier whose indicator was lost.
        var carriesData = false;
        foreach (var f in packet)
            carriesData |= f.Type is T38FieldType.HdlcData or T38FieldType.T4NonEcmData && !f.Data.IsEmpty;
        if (!_rxCarrier && carriesData && modem is { } m)
        {
            // The indicator was lost: the data itself says a carrier is up.
            _rxCarrier = true;
            _rxIndicator = null;
            _session.OnCarrier(m);
        }
        foreach (var field in packet)
        {
            switch (field.Type)
            {
                case T38FieldType.HdlcData:
                    AppendHdlc(field.Data);
                    break;
                case T38FieldType.HdlcFcsOk or T38FieldType.HdlcFcsOkSigEnd or T38FieldType.HdlcFcsBad or T38FieldType.HdlcFcsBadSigEnd:
                    if (!_rxCarrier)
                        break; // a repeat after the carrier already ended
                    AppendHdlc(field.Data);
                    if (_hdlcLength > 0)
                    {
                        var ok = field.Type is T38FieldType.HdlcFcsOk or T38FieldType.HdlcFcsOkSigEnd && !_hdlcDamaged;
                        _session.OnHdlcFrame(_hdlc.AsSpan(0, _hdlcLength), ok);
                    }
                    _hdlcLength = 0;
                    _hdlcDamaged = false;
                    if (field.Type is T38FieldType.HdlcFcsOkSigEnd or T38FieldType.HdlcFcsBadSigEnd)
                        CarrierLost();
                    break;
                case T38FieldType.HdlcSigEnd:
                    CarrierLost();
                    break;
                case T38FieldType.T4NonEcmData:
                    NonEcm(field.Data);
                    break;
                case T38FieldType.T4NonEcmSigEnd:
                    NonEcm(field.Data);
                    EndNonEcm();
                    CarrierLost();
                    break;
            }
        }
    }

    private void AppendHdlc(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            return;
        if (_hdlcLength + data.Length > MaxHdlcFrame)
        {
            _hdlcDamaged = true;
            return;
        }
        BitReverse.Copy(data, _hdlc.AsSpan(_hdlcLength));
        _hdlcLength += data.Length;
    }

    private void NonEcm(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || !_rxCarrier)
            return;
        _rxNonEcmActive = true;
        if (_expect == T30ReceiveContent.Tcf)
        {
            // Bit order does not matter for counting, but runs cross octets in line order (LSB first after reversal).
            foreach (var b in data)
            {
                var octet = BitReverse.Reverse(b);
                if (octet == 0)
                {
                    _tcfZeros += 8;
                    _tcfBits += 8;
                    continue;
                }
                for (var i = 0; i < 8; i++)
                {
                    _tcfBits++;
                    if ((octet & (1 << i)) == 0)
                        _tcfZeros++;
                    else
                    {
                        _tcfLongest = Math.Max(_tcfLongest, _tcfZeros);
                        _tcfZeros = 0;
                    }
                }
            }
            _tcfLongest = Math.Max(_tcfLongest, _tcfZeros);
            return;
        }
        if (_expect == T30ReceiveContent.Image)
        {
            Span<byte> buffer = stackalloc byte[Math.Min(data.Length, 2048)];
            for (var offset = 0; offset < data.Length; offset += buffer.Length)
            {
                var n = Math.Min(buffer.Length, data.Length - offset);
                BitReverse.Copy(data.Slice(offset, n), buffer);
                _session.OnImageData(buffer[..n]);
            }
        }
    }

    private void EndNonEcm()
    {
        if (!_rxNonEcmActive)
            return;
        _rxNonEcmActive = false;
        if (_expect == T30ReceiveContent.Tcf)
            _session.OnTcfReceived(new TcfQuality(_tcfBits, _tcfLongest));
    }

    private void ResetTcf()
    {
        _tcfBits = 0;
        _tcfZeros = 0;
        _tcfLongest = 0;
    }

    private static FaxModem? ModemOf(T38Indicator indicator) => indicator switch
    {
        T38Indicator.V21Preamble => FaxModem.V21,
        T38Indicator.V27ter2400Training => FaxModem.V27ter2400,
        T38Indicator.V27ter4800Training => FaxModem.V27ter4800,
        T38Indicator.V29_7200Training => FaxModem.V29_7200,
        T38Indicator.V29_9600Training => FaxModem.V29_9600,
        T38Indicator.V17_7200ShortTraining or T38Indicator.V17_7200LongTraining => FaxModem.V17_7200,
        T38Indicator.V17_9600ShortTraining or T38Indicator.V17_9600LongTraining => FaxModem.V17_9600,
        T38Indicator.V17_12000ShortTraining or T38Indicator.V17_12000LongTraining => FaxModem.V17_12000,
        T38Indicator.V17_14400ShortTraining or T38Indicator.V17_14400LongTraining => FaxModem.V17_14400,
        _ => null,
    };

    private static FaxModem? ModemOf(T38DataType type) => type switch
    {
        T38DataType.V21 => FaxModem.V21,
        T38DataType.V27ter2400 => FaxModem.V27ter2400,
        T38DataType.V27ter4800 => FaxModem.V27ter4800,
        T38DataType.V29_7200 => FaxModem.V29_7200,
        T38DataType.V29_9600 => FaxModem.V29_9600,
        T38DataType.V17_7200 => FaxModem.V17_7200,
        T38DataType.V17_9600 => FaxModem.V17_9600,
        T38DataType.V17_12000 => FaxModem.V17_12000,
        T38DataType.V17_14400 => FaxModem.V17_14400,
        _ => null,
    };
}
