namespace Gateway.Fax.T30.Frames;

/// <summary>
/// One T.30 HDLC frame as it travels (without flags and FCS), T.30 §5.3.4-§5.3.6:
/// <code>
/// +---------+---------+-----+------------------+
/// | address | control | FCF | FIF (0..n octets)|
/// |  0xFF   | 03 / 13 |     |                  |
/// +---------+---------+-----+------------------+
/// </code>
/// Control 0x13 marks the last frame of a message (the "final" bit, T.30 §5.3.5). Octets are stored with
/// the first transmitted bit least significant.
/// </summary>
public sealed class T30Frame
{
    /// <summary>The only address T.30 uses (all stations, T.30 §5.3.4).</summary>
    public const byte Address = 0xFF;
    /// <summary>Control field of a frame that is not the last of its message.</summary>
    public const byte ControlNonFinal = 0x03;
    /// <summary>Control field of the last frame of a message (final bit set).</summary>
    public const byte ControlFinal = 0x13;

    /// <summary>Creates a frame.</summary>
    public T30Frame(byte fcf, ReadOnlySpan<byte> information, bool final = true)
    {
        Fcf = fcf;
        Information = information.ToArray();
        IsFinal = final;
    }

    /// <summary>The facsimile control field (with its X bit as sent).</summary>
    public byte Fcf { get; }

    /// <summary>The facsimile information field.</summary>
    public ReadOnlyMemory<byte> Information { get; }

    /// <summary>True when the control field has the final bit.</summary>
    public bool IsFinal { get; }

    /// <summary>The FCF with the X bit cleared.</summary>
    public byte Kind => T30Fcf.WithoutX(Fcf);

    /// <summary>The frame's octets: address, control, FCF, FIF.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[3 + Information.Length];
        bytes[0] = Address;
        bytes[1] = IsFinal ? ControlFinal : ControlNonFinal;
        bytes[2] = Fcf;
        Information.Span.CopyTo(bytes.AsSpan(3));
        return bytes;
    }

    /// <summary>Parses a received frame; a malformed one gives a typed error and no frame.</summary>
    public static bool TryParse(ReadOnlySpan<byte> octets, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T30Frame? frame, out T30FrameError error)
    {
        frame = null;
        if (octets.Length < 3)
        {
            error = T30FrameError.TooShort;
            return false;
        }
        if (octets[0] != Address)
        {
            error = T30FrameError.BadAddress;
            return false;
        }
        if (octets[1] is not (ControlFinal or ControlNonFinal))
        {
            error = T30FrameError.BadControl;
            return false;
        }
        frame = new T30Frame(octets[2], octets[3..], octets[1] == ControlFinal);
        error = T30FrameError.None;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Information.Length == 0 ? T30Fcf.Name(Fcf) : $"{T30Fcf.Name(Fcf)} [{Convert.ToHexString(Information.Span)}]";
}
