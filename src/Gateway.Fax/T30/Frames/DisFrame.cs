namespace Gateway.Fax.T30.Frames;

/// <summary>
/// DIS (digital identification signal) and DTC (digital transmit command): the capabilities of a
/// terminal, T.30 §5.3.6.2.1 and Table 2. The fields this gateway reads and writes:
/// <code>
/// bit  3      real-time Internet fax (T.38)        bit 27  error correction mode (ECM)
/// bit  6      V.8 capabilities                     bit 31  T.6 coding (MMR)
/// bit  7      64-octet ECM frames preferred        bit 33  field not valid (FNV) capability
/// bit  9      ready to transmit (polling)          bit 41  R8 × 15.4 lines/mm (superfine)
/// bit 10      ready to receive                     bit 42  300 × 300 pels/25.4 mm
/// bits 11-14  modems: 0000 V.27ter fallback,       bit 43  R16 × 15.4 and/or 400 × 400
///             0100 V.27ter, 1000 V.29,             bit 44  inch-based resolution preferred
///             1100 V.27ter+V.29,                   bit 45  metric-based resolution preferred
///             1101 V.27ter+V.29+V.17               bit 46  min scan time at superfine = half of fine
/// bit 15      R8 × 7.7 lines/mm (fine)             bit 47  selective polling
/// bit 16      two-dimensional coding (MR)          bit 49  subaddressing (SUB)
/// bits 17-18  widths: 00 A4, 10 A4+B4, 01 all      bit 50  password / sender identification (SID)
/// bits 19-20  lengths: 00 A4, 10 A4+B4, 01 unlimited
/// bits 21-23  minimum scan line time (see MinScanLineTime)
/// bit 26      uncompressed mode                    bits 24, 32, 40, 48: extend field
/// </code>
/// Bits are numbered in transmission order (bit 1 = first bit of the first FIF octet).
/// </summary>
public sealed record DisFrame
{
    /// <summary>True for DTC (a calling terminal asking the called one to transmit), false for DIS.</summary>
    public bool IsDtc { get; init; }
    /// <summary>Bit 3: real-time Internet fax (T.38) terminal.</summary>
    public bool T38 { get; init; }
    /// <summary>Bit 6: V.8 capabilities.</summary>
    public bool V8 { get; init; }
    /// <summary>Bit 7: prefers 64-octet ECM frames.</summary>
    public bool Prefers64OctetFrames { get; init; }
    /// <summary>Bit 9: has a document to transmit (can be polled).</summary>
    public bool ReadyToTransmit { get; init; }
    /// <summary>Bit 10: can receive.</summary>
    public bool ReadyToReceive { get; init; } = true;
    /// <summary>Bits 11-14: image modems offered.</summary>
    public ModemSupport Modems { get; init; } = ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17;
    /// <summary>Bit 15: fine resolution (R8 × 7.7 lines/mm).</summary>
    public bool Fine { get; init; } = true;
    /// <summary>Bit 16: two-dimensional coding (T.4 MR).</summary>
    public bool TwoDimensional { get; init; } = true;
    /// <summary>Bits 17-18: widest recording width.</summary>
    public RecordingWidth MaxWidth { get; init; }
    /// <summary>Bits 19-20: longest recording length.</summary>
    public RecordingLength MaxLength { get; init; } = RecordingLength.Unlimited;
    /// <summary>Bits 21-23: minimum scan line time the receiver needs.</summary>
    public MinScanLineTime MinScanLineTime { get; init; } = MinScanLineTime.Ms0;
    /// <summary>Bit 26: uncompressed mode.</summary>
    public bool Uncompressed { get; init; }
    /// <summary>Bit 27: error correction mode.</summary>
    public bool Ecm { get; init; }
    /// <summary>Bit 31: T.6 coding (MMR).</summary>
    public bool T6 { get; init; }
    /// <summary>Bit 33: field not valid capability.</summary>
    public bool FieldNotValid { get; init; }
    /// <summary>Bit 41: superfine (R8 × 15.4 lines/mm).</summary>
    public bool Superfine { get; init; }
    /// <summary>Bit 42: 300 × 300.</summary>
    public bool R300 { get; init; }
    /// <summary>Bit 43: R16 × 15.4 and/or 400 × 400.</summary>
    public bool R16 { get; init; }
    /// <summary>Bit 44: inch-based resolution preferred.</summary>
    public bool InchPreferred { get; init; }
    /// <summary>Bit 45: metric-based resolution preferred.</summary>
    public bool MetricPreferred { get; init; }
    /// <summary>Bit 46: minimum scan time at superfine is half that at fine.</summary>
    public bool MinScanHalvesAtSuperfine { get; init; }
    /// <summary>Bit 47: selective polling.</summary>
    public bool SelectivePolling { get; init; }
    /// <summary>Bit 49: subaddressing.</summary>
    public bool Subaddressing { get; init; }
    /// <summary>Bit 50: password / sender identification.</summary>
    public bool Password { get; init; }

    /// <summary>Encodes the frame (address, control, FCF, FIF). The X bit is not used on DIS; DTC carries its own FCF.</summary>
    public T30Frame ToFrame(bool final = true)
    {
        Span<byte> fif = stackalloc byte[7];
        fif.Clear();
        T30Bits.Set(fif, 3, T38);
        T30Bits.Set(fif, 6, V8);
        T30Bits.Set(fif, 7, Prefers64OctetFrames);
        T30Bits.Set(fif, 9, ReadyToTransmit);
        T30Bits.Set(fif, 10, ReadyToReceive);
        T30Bits.SetField(fif, 11, 4, EncodeModems(Modems));
        T30Bits.Set(fif, 15, Fine);
        T30Bits.Set(fif, 16, TwoDimensional);
        T30Bits.Set(fif, 17, MaxWidth == RecordingWidth.B4);
        T30Bits.Set(fif, 18, MaxWidth == RecordingWidth.A3);
        T30Bits.Set(fif, 19, MaxLength == RecordingLength.B4);
        T30Bits.Set(fif, 20, MaxLength == RecordingLength.Unlimited);
        T30Bits.SetField(fif, 21, 3, (int)MinScanLineTime);
        T30Bits.Set(fif, 26, Uncompressed);
        T30Bits.Set(fif, 27, Ecm);
        T30Bits.Set(fif, 31, T6);
        T30Bits.Set(fif, 33, FieldNotValid);
        T30Bits.Set(fif, 41, Superfine);
        T30Bits.Set(fif, 42, R300);
        T30Bits.Set(fif, 43, R16);
        T30Bits.Set(fif, 44, InchPreferred);
        T30Bits.Set(fif, 45, MetricPreferred);
        T30Bits.Set(fif, 46, MinScanHalvesAtSuperfine);
        T30Bits.Set(fif, 47, SelectivePolling);
        T30Bits.Set(fif, 49, Subaddressing);
        T30Bits.Set(fif, 50, Password);
        return new T30Frame(IsDtc ? T30Fcf.Dtc : T30Fcf.Dis, T30Bits.Finish(fif), final);
    }

    /// <summary>Decodes a DIS or DTC frame. Unknown bits are ignored; a FIF shorter than 3 octets is an error.</summary>
    public static bool TryDecode(T30Frame frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DisFrame? dis, out T30FrameError error)
    {
        dis = null;
        if (frame.Fcf is not (T30Fcf.Dis or T30Fcf.Dtc))
        {
            error = T30FrameError.WrongFcf;
            return false;
        }
        var f = frame.Information.Span;
        if (f.Length < 3)
        {
            error = T30FrameError.BadInformationLength;
            return false;
        }
        dis = new DisFrame
        {
            IsDtc = frame.Fcf == T30Fcf.Dtc,
            T38 = T30Bits.Get(f, 3),
            V8 = T30Bits.Get(f, 6),
            Prefers64OctetFrames = T30Bits.Get(f, 7),
            ReadyToTransmit = T30Bits.Get(f, 9),
            ReadyToReceive = T30Bits.Get(f, 10),
            Modems = DecodeModems(T30Bits.GetField(f, 11, 4)),
            Fine = T30Bits.Get(f, 15),
            TwoDimensional = T30Bits.Get(f, 16),
            MaxWidth = T30Bits.Get(f, 18) ? RecordingWidth.A3 : T30Bits.Get(f, 17) ? RecordingWidth.B4 : RecordingWidth.A4,
            MaxLength = T30Bits.Get(f, 20) ? RecordingLength.Unlimited : T30Bits.Get(f, 19) ? RecordingLength.B4 : RecordingLength.A4,
            MinScanLineTime = (MinScanLineTime)T30Bits.GetField(f, 21, 3),
            Uncompressed = T30Bits.Get(f, 26),
            Ecm = T30Bits.Get(f, 27),
            T6 = T30Bits.Get(f, 31),
            FieldNotValid = T30Bits.Get(f, 33),
            Superfine = T30Bits.Get(f, 41),
            R300 = T30Bits.Get(f, 42),
            R16 = T30Bits.Get(f, 43),
            InchPreferred = T30Bits.Get(f, 44),
            MetricPreferred = T30Bits.Get(f, 45),
            MinScanHalvesAtSuperfine = T30Bits.Get(f, 46),
            SelectivePolling = T30Bits.Get(f, 47),
            Subaddressing = T30Bits.Get(f, 49),
            Password = T30Bits.Get(f, 50),
        };
        error = T30FrameError.None;
        return true;
    }

    // Table 2 bits 11-14 as the value b11 + 2·b12 + 4·b13 + 8·b14.
    private static int EncodeModems(ModemSupport modems)
    {
        if (modems.HasFlag(ModemSupport.V17))
            return 0b1011;
        if (modems.HasFlag(ModemSupport.V29))
            return modems.HasFlag(ModemSupport.V27ter) ? 0b0011 : 0b0001;
        return modems.HasFlag(ModemSupport.V27ter) ? 0b0010 : 0;
    }

    private static ModemSupport DecodeModems(int code) => code switch
    {
        0b0010 => ModemSupport.V27ter,
        0b0001 => ModemSupport.V29,
        0b0011 => ModemSupport.V27ter | ModemSupport.V29,
        0b1011 or 0b1111 => ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17,
        // 0000 is "V.27 ter fallback mode" (2400 only); reserved codes fall back to it as well.
        _ => ModemSupport.V27ter,
    };
}
