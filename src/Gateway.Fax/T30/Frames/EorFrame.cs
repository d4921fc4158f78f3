namespace Gateway.Fax.T30.Frames;

/// <summary>
/// EOR, end of retransmission (T.30 §A.4.4): the transmitter gives up correcting the current block after
/// four PPRs; FCF2 says what follows (NULL, MPS, EOM or EOP). The receiver answers ERR.
/// </summary>
public sealed record EorFrame(PostPageCommand Command)
{
    /// <summary>Encodes the frame.</summary>
    public T30Frame ToFrame(bool xBit)
    {
        var x = xBit ? T30Fcf.XBit : (byte)0;
        var fcf2 = Command == PostPageCommand.None ? (byte)0 : (byte)((byte)Command | x);
        return new T30Frame((byte)(T30Fcf.Eor | x), [fcf2]);
    }

    /// <summary>Decodes; the FIF must hold FCF2.</summary>
    public static bool TryDecode(T30Frame frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EorFrame? eor, out T30FrameError error)
    {
        eor = null;
        var f = frame.Information.Span;
        if (frame.Kind != T30Fcf.Eor)
        {
            error = T30FrameError.WrongFcf;
            return false;
        }
        if (f.Length < 1 || !PpsFrame.TryCommand(f[0], out var command))
        {
            error = T30FrameError.BadInformationLength;
            return false;
        }
        eor = new EorFrame(command);
        error = T30FrameError.None;
        return true;
    }
}
