namespace Gateway.Fax.Hdlc;

/// <summary>
/// Turns HDLC frames into the bit stream a modulator sends: flags (0x7E), the frame and its FCS with
/// zero-bit insertion after five consecutive ones, each octet least significant bit first
/// (T.30 §5.3.1, ISO/IEC 13239 §4.3). Used by the audio path (V.21 control frames and ECM image
/// frames); T.38 carries frames as octets and does not need it. Consecutive frames share one flag.
/// </summary>
public sealed class HdlcBitEncoder
{
    private const byte Flag = 0x7E;
    private readonly Queue<byte[]> _frames = new();
    private byte[] _bits = new byte[64];
    private int _pos;
    private int _len;
    private int _pendingFlags;
    private bool _lastWasFlag;

    /// <summary>True when no flag or frame bit remains to be sent.</summary>
    public bool IsIdle => _pos >= _len && _pendingFlags == 0 && _frames.Count == 0;

    /// <summary>Queues <paramref name="count"/> flags (a preamble: T.30 §5.3.1 asks for 1 s ±15 % of flags at V.21).</summary>
    public void QueueFlags(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _pendingFlags += count;
    }

    /// <summary>
    /// Drops every flag and frame not yet sent, including the rest of the frame being sent (a transmission cut
    /// short: whatever the modulator sends next, its marking ones, aborts the frame at the receiver).
    /// </summary>
    public void Clear()
    {
        _frames.Clear();
        _pendingFlags = 0;
        _pos = 0;
        _len = 0;
        _lastWasFlag = false;
    }

    /// <summary>Queues a frame (address, control, FCF and information, without FCS); the FCS is appended here.</summary>
    public void QueueFrame(ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty)
            throw new ArgumentException("An HDLC frame needs at least one octet.", nameof(frame));
        var buffer = new byte[frame.Length + 2];
        frame.CopyTo(buffer);
        HdlcFcs.Write(frame, buffer.AsSpan(frame.Length));
        _frames.Enqueue(buffer);
    }

    /// <summary>The next bit to send (0 or 1), or -1 when everything queued has been sent.</summary>
    public int NextBit()
    {
        if (_pos >= _len && !Refill())
            return -1;
        return _bits[_pos++];
    }

    /// <summary>Fills <paramref name="bits"/> with up to its length of bits (one bit per element); returns how many were written.</summary>
    public int Read(Span<byte> bits)
    {
        var n = 0;
        while (n < bits.Length)
        {
            var b = NextBit();
            if (b < 0)
                break;
            bits[n++] = (byte)b;
        }
        return n;
    }

    private bool Refill()
    {
        _pos = 0;
        _len = 0;
        if (_pendingFlags > 0)
        {
            _pendingFlags--;
            AppendFlag();
            return true;
        }
        if (_frames.Count == 0)
            return false;
        var frame = _frames.Dequeue();
        var worst = 8 + frame.Length * 8 * 6 / 5 + 16;
        if (_bits.Length < worst)
            _bits = new byte[worst];
        if (!_lastWasFlag)
            AppendFlag();
        var ones = 0;
        foreach (var octet in frame)
        {
            for (var i = 0; i < 8; i++)
            {
                var b = (byte)((octet >> i) & 1);
                _bits[_len++] = b;
                ones = b == 1 ? ones + 1 : 0;
                if (ones == 5)
                {
                    _bits[_len++] = 0; // zero-bit insertion, ISO/IEC 13239 §4.3.1
                    ones = 0;
                }
            }
        }
        AppendFlag();
        return true;
    }

    private void AppendFlag()
    {
        for (var i = 0; i < 8; i++)
            _bits[_len++] = (byte)((Flag >> i) & 1);
        _lastWasFlag = true;
    }
}
