namespace Gateway.Fax.T30.Frames;

/// <summary>
/// PPS, partial page signal (T.30 §A.4.3, Figure A.8): sent after each ECM block.
/// <code>
/// +-----+------+-------------+--------------+---------------------+
/// | PPS | FCF2 | page number | block number | frames in block - 1 |
/// +-----+------+-------------+--------------+---------------------+
/// </code>
/// FCF2 is NULL (more blocks of this page), MPS, EOM or EOP (with the X bit as the FCF). Page and block
/// numbers count from 0 modulo 256.
/// </summary>
public sealed record PpsFrame(PostPageCommand Command, int Page, int Block, int FrameCount)
{
    /// <summary>Encodes the frame.</summary>
    public T30Frame ToFrame(bool xBit)
    {
        var x = xBit ? T30Fcf.XBit : (byte)0;
        var fcf2 = Command == PostPageCommand.None ? (byte)0 : (byte)((byte)Command | x);
        return new T30Frame((byte)(T30Fcf.Pps | x), [fcf2, (byte)Page, (byte)Block, (byte)(FrameCount - 1)]);
    }

    /// <summary>Decodes; the FIF must be 4 octets and FCF2 one of the post-page commands.</summary>
    public static bool TryDecode(T30Frame frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PpsFrame? pps, out T30FrameError error)
    {
        pps = null;
        if (frame.Kind != T30Fcf.Pps)
        {
            error = T30FrameError.WrongFcf;
            return false;
        }
        var f = frame.Information.Span;
        if (f.Length < 4 || !TryCommand(f[0], out var command))
        {
            error = T30FrameError.BadInformationLength;
            return false;
        }
        pps = new PpsFrame(command, f[1], f[2], f[3] + 1);
        error = T30FrameError.None;
        return true;
    }

    internal static bool TryCommand(byte fcf2, out PostPageCommand command)
    {
        command = (PostPageCommand)T30Fcf.WithoutX(fcf2);
        return command is PostPageCommand.None or PostPageCommand.Mps or PostPageCommand.Eom or PostPageCommand.Eop
            or PostPageCommand.PriMps or PostPageCommand.PriEom or PostPageCommand.PriEop;
    }
}
