namespace Gateway.Fax.T30.Frames;

/// <summary>
/// DCS (digital command signal): the transmitter's choice of modem and page coding, T.30 §5.3.6.2.3 and Table 2:
/// <code>
/// bit 10      receiver fax operation (set: "go to receive")
/// bits 11-14  modem: 0000 V.27ter 2400, 0100 V.27ter 4800, 1000 V.29 9600, 1100 V.29 7200,
///             0001 V.17 14400, 0101 V.17 12000, 1001 V.17 9600, 1101 V.17 7200   (written b11 b12 b13 b14)
/// bit 15      fine (R8 × 7.7)                   bit 31  T.6 coding (MMR)
/// bit 16      two-dimensional coding (MR)       bit 41  superfine (R8 × 15.4)
/// bits 17-18  width: 00 A4, 10 B4, 01 A3        bit 42  300 × 300
/// bits 19-20  length: 00 A4, 10 B4, 01 unlim.   bit 43  R16 × 15.4 / 400 × 400
/// bits 21-23  minimum scan line time            bit 44  inch-based resolution
/// bit 27      ECM                               bit 49  subaddress (SUB) follows
/// bit 28      ECM frame size: 0 = 256 octets,   bit 50  sender identification (SID) follows
///             1 = 64 octets
/// </code>
/// Note (interop): libspandsp 0.0.6 decodes bit 28 inverted (t30.c: set → 256) but only uses it for its own
/// transmissions; its receiver takes the frame size from the first FCD frame, so both sizes work
/// (see docs/fax-t30-t38.md).
/// </summary>
public sealed record DcsFrame
{
    /// <summary>Bit 10: receiver fax operation.</summary>
    public bool ReceiveFaxDocument { get; init; } = true;
    /// <summary>Bits 11-14: the image modem and rate.</summary>
    public FaxModem Modem { get; init; } = FaxModem.V17_14400;
    /// <summary>Bit 15: fine resolution.</summary>
    public bool Fine { get; init; }
    /// <summary>Bit 16: T.4 two-dimensional coding (MR).</summary>
    public bool TwoDimensional { get; init; }
    /// <summary>Bits 17-18: recording width.</summary>
    public RecordingWidth Width { get; init; }
    /// <summary>Bits 19-20: recording length.</summary>
    public RecordingLength Length { get; init; }
    /// <summary>Bits 21-23: minimum scan line time in use.</summary>
    public MinScanLineTime MinScanLineTime { get; init; } = MinScanLineTime.Ms0;
    /// <summary>Bit 27: ECM.</summary>
    public bool Ecm { get; init; }
    /// <summary>Bit 28: 64-octet ECM frames (clear = 256).</summary>
    public bool Ecm64OctetFrames { get; init; }
    /// <summary>Bit 31: T.6 coding.</summary>
    public bool T6 { get; init; }
    /// <summary>Bit 41: superfine.</summary>
    public bool Superfine { get; init; }
    /// <summary>Bit 42: 300 × 300.</summary>
    public bool R300 { get; init; }
    /// <summary>Bit 43: R16 / 400 × 400.</summary>
    public bool R16 { get; init; }
    /// <summary>Bit 44: inch-based resolution.</summary>
    public bool Inch { get; init; }
    /// <summary>Bit 49: a SUB frame is sent.</summary>
    public bool SubaddressTransmission { get; init; }
    /// <summary>Bit 50: a SID frame is sent.</summary>
    public bool SenderIdTransmission { get; init; }

    /// <summary>The ECM frame size in octets (64 or 256).</summary>
    public int EcmFrameSize => Ecm64OctetFrames ? 64 : 256;

    /// <summary>Encodes the frame; <paramref name="xBit"/> is true when sent by the station that received DIS.</summary>
    public T30Frame ToFrame(bool xBit = true, bool final = true)
    {
        Span<byte> fif = stackalloc byte[7];
        fif.Clear();
        T30Bits.Set(fif, 10, ReceiveFaxDocument);
        T30Bits.SetField(fif, 11, 4, ModemCode(Modem));
        T30Bits.Set(fif, 15, Fine);
        T30Bits.Set(fif, 16, TwoDimensional);
        T30Bits.Set(fif, 17, Width == RecordingWidth.B4);
        T30Bits.Set(fif, 18, Width == RecordingWidth.A3);
        T30Bits.Set(fif, 19, Length == RecordingLength.B4);
        T30Bits.Set(fif, 20, Length == RecordingLength.Unlimited);
        T30Bits.SetField(fif, 21, 3, (int)MinScanLineTime);
        T30Bits.Set(fif, 27, Ecm);
        T30Bits.Set(fif, 28, Ecm && Ecm64OctetFrames);
        T30Bits.Set(fif, 31, T6);
        T30Bits.Set(fif, 41, Superfine);
        T30Bits.Set(fif, 42, R300);
        T30Bits.Set(fif, 43, R16);
        T30Bits.Set(fif, 44, Inch);
        T30Bits.Set(fif, 49, SubaddressTransmission);
        T30Bits.Set(fif, 50, SenderIdTransmission);
        return new T30Frame((byte)(T30Fcf.Dcs | (xBit ? T30Fcf.XBit : 0)), T30Bits.Finish(fif), final);
    }

    /// <summary>Decodes a DCS frame; an unassigned modem code is an error.</summary>
    public static bool TryDecode(T30Frame frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DcsFrame? dcs, out T30FrameError error)
    {
        dcs = null;
        if (frame.Kind != T30Fcf.Dcs)
        {
            error = T30FrameError.WrongFcf;
            return false;
        }
        var f = frame.Information.Span;
        if (f.Length < 3 || TryModem(T30Bits.GetField(f, 11, 4)) is not { } modem)
        {
            error = T30FrameError.BadInformationLength;
            return false;
        }
        dcs = new DcsFrame
        {
            ReceiveFaxDocument = T30Bits.Get(f, 10),
            Modem = modem,
            Fine = T30Bits.Get(f, 15),
            TwoDimensional = T30Bits.Get(f, 16),
            Width = T30Bits.Get(f, 18) ? RecordingWidth.A3 : T30Bits.Get(f, 17) ? RecordingWidth.B4 : RecordingWidth.A4,
            Length = T30Bits.Get(f, 20) ? RecordingLength.Unlimited : T30Bits.Get(f, 19) ? RecordingLength.B4 : RecordingLength.A4,
            MinScanLineTime = (MinScanLineTime)T30Bits.GetField(f, 21, 3),
            Ecm = T30Bits.Get(f, 27),
            Ecm64OctetFrames = T30Bits.Get(f, 28),
            T6 = T30Bits.Get(f, 31),
            Superfine = T30Bits.Get(f, 41),
            R300 = T30Bits.Get(f, 42),
            R16 = T30Bits.Get(f, 43),
            Inch = T30Bits.Get(f, 44),
            SubaddressTransmission = T30Bits.Get(f, 49),
            SenderIdTransmission = T30Bits.Get(f, 50),
        };
        error = T30FrameError.None;
        return true;
    }

    /// <summary>The bits 11-14 code of a modem (value b11 + 2·b12 + 4·b13 + 8·b14).</summary>
    public static int ModemCode(FaxModem modem) => modem switch
    {
        FaxModem.V27ter2400 => 0b0000,
        FaxModem.V27ter4800 => 0b0010,
        FaxModem.V29_9600 => 0b0001,
        FaxModem.V29_7200 => 0b0011,
        FaxModem.V17_14400 => 0b1000,
        FaxModem.V17_12000 => 0b1010,
        FaxModem.V17_9600 => 0b1001,
        FaxModem.V17_7200 => 0b1011,
        _ => throw new ArgumentOutOfRangeException(nameof(modem), modem, "V.21 is not an image modem."),
    };

    /// <summary>The modem for a bits 11-14 code, or null when the code is unassigned.</summary>
    public static FaxModem? TryModem(int code) => code switch
    {
        0b0000 => FaxModem.V27ter2400,
        0b0010 => FaxModem.V27ter4800,
        0b0001 => FaxModem.V29_9600,
        0b0011 => FaxModem.V29_7200,
        0b1000 => FaxModem.V17_14400,
        0b1010 => FaxModem.V17_12000,
        0b1001 => FaxModem.V17_9600,
        0b1011 => FaxModem.V17_7200,
        _ => null,
    };
}
