namespace Gateway.Fax.T30.Frames;

/// <summary>
/// FCD, facsimile coded data (T.4 §A.3.6.2, T.30 §A.3): one ECM frame of image data.
/// <code>
/// +------+---------+-----+--------------+--------------------------+
/// | 0xFF | 0x03    | FCD | frame number | 64 or 256 octets of data |
/// +------+---------+-----+--------------+--------------------------+
/// </code>
/// The block ends with three RCP frames (control 0x13). The last frame of a page may be shorter.
/// </summary>
public sealed record FcdFrame(int FrameNumber, ReadOnlyMemory<byte> Data)
{
    /// <summary>Encodes the frame.</summary>
    public T30Frame ToFrame()
    {
        var fif = new byte[1 + Data.Length];
        fif[0] = (byte)FrameNumber;
        Data.Span.CopyTo(fif.AsSpan(1));
        return new T30Frame(T30Fcf.Fcd, fif, final: false);
    }

    /// <summary>
    /// The frame's octets (address, control, FCD, frame number, data) in one array: what <c>ToFrame().ToArray()</c>
    /// gives, without the intermediate frame (a page in ECM is one of these per 64 or 256 octets).
    /// </summary>
    public static byte[] Encode(int frameNumber, ReadOnlySpan<byte> data)
    {
        var octets = new byte[4 + data.Length];
        octets[0] = T30Frame.Address;
        octets[1] = T30Frame.ControlNonFinal;
        octets[2] = T30Fcf.Fcd;
        octets[3] = (byte)frameNumber;
        data.CopyTo(octets.AsSpan(4));
        return octets;
    }

    /// <summary>Decodes; a frame without data or with more than 256 octets is an error (spandsp #38: a 3-octet FCD crashed 0.0.6).</summary>
    public static bool TryDecode(T30Frame frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FcdFrame? fcd, out T30FrameError error)
    {
        fcd = null;
        if (frame.Fcf != T30Fcf.Fcd)
        {
            error = T30FrameError.WrongFcf;
            return false;
        }
        if (frame.Information.Length is < 2 or > 257)
        {
            error = T30FrameError.BadInformationLength;
            return false;
        }
        fcd = new FcdFrame(frame.Information.Span[0], frame.Information[1..]);
        error = T30FrameError.None;
        return true;
    }
}
