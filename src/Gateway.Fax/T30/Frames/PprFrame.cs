namespace Gateway.Fax.T30.Frames;

/// <summary>
/// PPR, partial page request (T.30 §A.4.2): a 256-bit map (32 octets) where bit n set means "frame n was
/// not received correctly, send it again". Bit n is octet n/8, mask 1 &lt;&lt; (n%8), the transmission order.
/// </summary>
public sealed class PprFrame
{
    private readonly byte[] _map;

    /// <summary>Creates a request for the frames in <paramref name="missing"/>.</summary>
    public PprFrame(IEnumerable<int> missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        _map = new byte[32];
        foreach (var n in missing)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(n);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 255);
            _map[n >> 3] |= (byte)(1 << (n & 7));
        }
    }

    private PprFrame(byte[] map) => _map = map;

    /// <summary>True when frame <paramref name="n"/> is requested again.</summary>
    public bool IsRequested(int n) => (_map[n >> 3] & (1 << (n & 7))) != 0;

    /// <summary>The frame numbers requested, ascending.</summary>
    public IEnumerable<int> Requested
    {
        get
        {
            for (var n = 0; n < 256; n++)
                if (IsRequested(n))
                    yield return n;
        }
    }

    /// <summary>Encodes the frame.</summary>
    public T30Frame ToFrame(bool xBit) => new((byte)(T30Fcf.Ppr | (xBit ? T30Fcf.XBit : 0)), _map);

    /// <summary>Decodes; the FIF must be exactly 32 octets (T.30 §A.4.2).</summary>
    public static bool TryDecode(T30Frame frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PprFrame? ppr, out T30FrameError error)
    {
        ppr = null;
        if (frame.Kind != T30Fcf.Ppr)
        {
            error = T30FrameError.WrongFcf;
            return false;
        }
        if (frame.Information.Length != 32)
        {
            error = T30FrameError.BadInformationLength;
            return false;
        }
        ppr = new PprFrame(frame.Information.ToArray());
        error = T30FrameError.None;
        return true;
    }
}
