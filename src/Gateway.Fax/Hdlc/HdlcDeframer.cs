namespace Gateway.Fax.Hdlc;

/// <summary>
/// Recovers HDLC frames from a demodulated bit stream: hunts for flags, removes inserted zeros,
/// detects aborts (seven or more ones) and checks the FCS (ISO/IEC 13239 §4.3, T.30 §5.3.7).
/// Push one bit at a time; a result other than <see cref="HdlcDeframerResult.None"/> reports a frame
/// (good or with a typed error). Allocation-free after construction.
/// </summary>
public sealed class HdlcDeframer
{
    private readonly byte[] _buffer;
    private readonly int _maxBits;
    private int _bitCount;
    private int _ones;
    private bool _inFrame;
    private bool _overflow;
    private int _frameLength;

    /// <param name="maxFrameOctets">The largest frame accepted, FCS included (T.30 ECM frames are 256 + 6 octets).</param>
    public HdlcDeframer(int maxFrameOctets = 270)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameOctets, 3);
        _buffer = new byte[maxFrameOctets + 2];
        _maxBits = (maxFrameOctets + 1) * 8;
    }

    /// <summary>Flags seen since construction (a carrier with flags is how T.30 receivers know a frame is coming).</summary>
    public long FlagCount { get; private set; }

    /// <summary>The error of the last reported bad frame.</summary>
    public HdlcFrameError LastError { get; private set; }

    /// <summary>The octets of the last good frame, without its FCS. Valid until the next <see cref="Push"/>.</summary>
    public ReadOnlySpan<byte> Frame => _buffer.AsSpan(0, _frameLength);

    /// <summary>Forgets any partial frame and hunts for the next flag.</summary>
    public void Reset()
    {
        _bitCount = 0;
        _ones = 0;
        _inFrame = false;
        _overflow = false;
    }

    /// <summary>Feeds one received bit (only the lowest bit of <paramref name="bit"/> is used).</summary>
    public HdlcDeframerResult Push(int bit)
    {
        bit &= 1;
        if (bit == 1)
        {
            _ones++;
            if (_ones == 7 && _inFrame)
            {
                // Abort: seven ones. Any frame in progress is lost; hunt for the next flag.
                var had = _bitCount > 8;
                _inFrame = false;
                _bitCount = 0;
                if (had)
                {
                    LastError = HdlcFrameError.Aborted;
                    return HdlcDeframerResult.BadFrame;
                }
                return HdlcDeframerResult.None;
            }
            if (_ones <= 6)
                Append(1);
            return HdlcDeframerResult.None;
        }

        var ones = _ones;
        _ones = 0;
        if (ones == 5)
            return HdlcDeframerResult.None; // an inserted zero
        if (ones == 6)
            return OnFlag();
        if (ones > 6)
            return HdlcDeframerResult.None; // end of an abort or idle ones; the next flag resynchronises
        Append(0);
        return HdlcDeframerResult.None;
    }

    private void Append(int bit)
    {
        if (!_inFrame)
            return;
        if (_bitCount >= _maxBits)
        {
            _overflow = true;
            return;
        }
        var index = _bitCount >> 3;
        if ((_bitCount & 7) == 0)
            _buffer[index] = 0;
        if (bit != 0)
            _buffer[index] |= (byte)(1 << (_bitCount & 7));
        _bitCount++;
    }

    private HdlcDeframerResult OnFlag()
    {
        FlagCount++;
        var wasInFrame = _inFrame;
        // The flag's leading zero and six ones were appended as data before they could be recognised.
        var bits = _bitCount - 7;
        var overflow = _overflow;
        _inFrame = true;
        _bitCount = 0;
        _overflow = false;
        if (!wasInFrame || bits <= 0)
            return HdlcDeframerResult.None;
        if (overflow)
        {
            LastError = HdlcFrameError.TooLong;
            return HdlcDeframerResult.BadFrame;
        }
        if ((bits & 7) != 0)
        {
            LastError = HdlcFrameError.NotOctetAligned;
            return HdlcDeframerResult.BadFrame;
        }
        var octets = bits >> 3;
        if (octets < 3)
        {
            LastError = HdlcFrameError.TooShort;
            return HdlcDeframerResult.BadFrame;
        }
        if (!HdlcFcs.Check(_buffer.AsSpan(0, octets)))
        {
            _frameLength = octets - 2;
            LastError = HdlcFrameError.BadFcs;
            return HdlcDeframerResult.BadFrame;
        }
        _frameLength = octets - 2;
        return HdlcDeframerResult.Frame;
    }
}
