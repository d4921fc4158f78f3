namespace Gateway.Media.Rtp;

/// <summary>
/// A playout buffer for 8 kHz G.711 audio keyed by RTP timestamp (RFC 3550 §5.1), so packets of any
/// ptime land where they belong. Sans-IO: <see cref="Write"/> on arrival, <see cref="Read"/> once per
/// 20 ms tick. Allocation-free after construction.
/// </summary>
public sealed class JitterBuffer
{
    /// <summary>Samples per 20 ms frame at 8 kHz.</summary>
    public const int FrameSamples = 160;

    private const int Capacity = 8192; // ≈ 1 s of samples; a power of two for cheap masking
    private const int Mask = Capacity - 1;

    private readonly byte[] _samples = new byte[Capacity];
    // One bit per sample slot (1 KB instead of an 8 KB bool[]): a call keeps its buffer for its whole length, so this
    // is long-lived memory that every GC during the call has to promote (docs/telephony.md, session 7).
    private readonly ulong[] _present = new ulong[Capacity / 64];
    private readonly JitterBufferMode _mode;
    private readonly int _minDelay;
    private readonly int _maxDelay;
    private readonly byte _silence;

    private bool _started;
    private bool _playing;
    private uint _readTimestamp;
    private uint _highestEnd;
    private int _targetDelay;
    private int _framesAboveTarget;
    private int _framesSinceLate;

    /// <param name="mode">Fixed for fax audio, adaptive for voice.</param>
    /// <param name="initialDelayMs">Playout delay to start with (and to keep, when fixed).</param>
    /// <param name="minDelayMs">Adaptive lower bound.</param>
    /// <param name="maxDelayMs">Adaptive upper bound; at most 500 ms.</param>
    /// <param name="silence">The payload byte that decodes to zero (0xFF µ-law, 0xD5 A-law).</param>
    public JitterBuffer(JitterBufferMode mode, int initialDelayMs, int minDelayMs, int maxDelayMs, byte silence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minDelayMs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDelayMs, 500);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelayMs, minDelayMs);
        _mode = mode;
        _minDelay = minDelayMs * 8;
        _maxDelay = maxDelayMs * 8;
        _targetDelay = Math.Clamp(initialDelayMs * 8, _minDelay, _maxDelay);
        _silence = silence;
        Array.Fill(_samples, silence);
    }

    /// <summary>Current playout delay in milliseconds.</summary>
    public int TargetDelayMs => _targetDelay / 8;

    /// <summary>Packets that arrived after their samples had been played.</summary>
    public long LatePackets { get; private set; }

    /// <summary>Packets so far ahead that the buffer had to start over.</summary>
    public long Overflows { get; private set; }

    /// <summary>Frames played with at least one missing sample.</summary>
    public long ConcealedFrames { get; private set; }

    /// <summary>Forgets everything: the next packet starts a new playout (new SSRC or sequence restart).</summary>
    public void Reset()
    {
        _started = false;
        _playing = false;
        Array.Clear(_present);
    }

    /// <summary>Stores one packet's samples at their timestamp.</summary>
    public void Write(uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return;
        }

        if (!_started)
        {
            _started = true;
            _readTimestamp = timestamp;
            _highestEnd = timestamp;
        }

        int ahead = (int)(timestamp - _readTimestamp); // modulo 2^32 distance, signed
        if (ahead + payload.Length <= 0)
        {
            LatePackets++;
            GrowAfterLatePacket();
            return;
        }

        if (ahead + payload.Length > Capacity - FrameSamples)
        {
            // Too far ahead to hold: the far end jumped (or we stalled). Start over at this packet.
            Overflows++;
            Reset();
            Write(timestamp, payload);
            return;
        }

        int skip = ahead < 0 ? -ahead : 0; // the head of a packet that is partly late
        for (int i = skip; i < payload.Length; i++)
        {
            int slot = (int)((timestamp + (uint)i) & Mask);
            _samples[slot] = payload[i];
            _present[slot >> 6] |= 1UL << slot;
        }

        uint end = timestamp + (uint)payload.Length;
        if ((int)(end - _highestEnd) > 0)
        {
            _highestEnd = end;
        }
    }

    /// <summary>Plays the next 20 ms frame into <paramref name="destination"/> (160 bytes).</summary>
    public RtpFrameKind Read(Span<byte> destination)
    {
        destination = destination[..FrameSamples];
        if (!_started)
        {
            destination.Fill(_silence);
            return RtpFrameKind.NotStarted;
        }

        int buffered = (int)(_highestEnd - _readTimestamp);
        if (!_playing)
        {
            if (buffered < _targetDelay + FrameSamples)
            {
                destination.Fill(_silence);
                return RtpFrameKind.NotStarted; // priming: wait until the playout delay is filled
            }

            _playing = true; // play from the first sample received: the start of a CED or a "da" matters
        }
        else if (_mode == JitterBufferMode.Adaptive)
        {
            ShrinkWhenPersistentlyAhead(buffered);
        }

        int present = 0;
        for (int i = 0; i < FrameSamples; i++)
        {
            int slot = (int)((_readTimestamp + (uint)i) & Mask);
            if ((_present[slot >> 6] & (1UL << slot)) != 0)
            {
                destination[i] = _samples[slot];
                _present[slot >> 6] &= ~(1UL << slot);
                present++;
            }
            else
            {
                destination[i] = _silence;
            }
        }

        _readTimestamp += FrameSamples;
        if (present == FrameSamples)
        {
            return RtpFrameKind.Audio;
        }

        ConcealedFrames++;
        return present == 0 ? RtpFrameKind.Lost : RtpFrameKind.PartlyLost;
    }

    private void GrowAfterLatePacket()
    {
        if (_mode == JitterBufferMode.Adaptive && _targetDelay + FrameSamples <= _maxDelay)
        {
            // Late audio means the delay is too short: add a frame now and let the reader fall back by
            // replaying nothing (the missing frame is concealed as silence once).
            _targetDelay += FrameSamples;
            _readTimestamp -= FrameSamples;
            _framesAboveTarget = 0;
            _framesSinceLate = 0;
        }
    }

    private void ShrinkWhenPersistentlyAhead(int buffered)
    {
        // Ten seconds without a late packet: the delay may come down a frame, never below the minimum.
        if (++_framesSinceLate >= 500)
        {
            _framesSinceLate = 0;
            if (_targetDelay - FrameSamples >= _minDelay)
            {
                _targetDelay -= FrameSamples;
            }
        }

        // Two seconds with more than a frame of extra delay in hand: drop one frame of audio so the
        // mouth-to-ear delay follows the target down.
        if (buffered <= _targetDelay + (2 * FrameSamples))
        {
            _framesAboveTarget = 0;
            return;
        }

        if (++_framesAboveTarget < 100)
        {
            return;
        }

        _framesAboveTarget = 0;
        for (int i = 0; i < FrameSamples; i++)
        {
            int slot = (int)((_readTimestamp + (uint)i) & Mask);
            _present[slot >> 6] &= ~(1UL << slot);
        }

        _readTimestamp += FrameSamples;
    }
}
