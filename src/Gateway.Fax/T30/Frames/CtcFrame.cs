namespace Gateway.Fax.T30.Frames;

/// <summary>
/// CTC, continue to correct (T.30 §A.4.4): after four PPRs the transmitter may keep correcting at a
/// new (usually lower) rate. The FIF repeats DCS octets 1-2, of which bits 11-14 carry the modem.
/// The receiver answers CTR.
/// </summary>
public sealed record CtcFrame(FaxModem Modem)
{
    /// <summary>Encodes the frame.</summary>
    public T30Frame ToFrame(bool xBit)
    {
        Span<byte> fif = stackalloc byte[2];
        fif.Clear();
        T30Bits.SetField(fif, 11, 4, DcsFrame.ModemCode(Modem));
        return new T30Frame((byte)(T30Fcf.Ctc | (xBit ? T30Fcf.XBit : 0)), fif);
    }

    /// <summary>Decodes; the FIF must be 2 octets with an assigned modem code.</summary>
    public static bool TryDecode(T30Frame frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CtcFrame? ctc, out T30FrameError error)
    {
        ctc = null;
        if (frame.Kind != T30Fcf.Ctc)
        {
            error = T30FrameError.WrongFcf;
            return false;
        }
        if (frame.Information.Length < 2 || DcsFrame.TryModem(T30Bits.GetField(frame.Information.Span, 11, 4)) is not { } modem)
        {
            error = T30FrameError.BadInformationLength;
            return false;
        }
        ctc = new CtcFrame(modem);
        error = T30FrameError.None;
        return true;
    }
}
