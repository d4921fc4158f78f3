namespace Gateway.Media.Rtp;

/// <summary>
/// Extends 16-bit sequence numbers across wraps and notices a new source, after RFC 3550 Appendix A.1:
/// a jump larger than <see cref="MaxDropout"/> or a change of SSRC restarts the sequence.
/// </summary>
public sealed class RtpSequenceTracker
{
    /// <summary>RFC 3550 A.1 MAX_DROPOUT.</summary>
    public const int MaxDropout = 3000;

    /// <summary>RFC 3550 A.1 MAX_MISORDER.</summary>
    public const int MaxMisorder = 100;

    private bool _started;
    private uint _ssrc;
    private long _highest;

    /// <summary>The SSRC currently followed; valid once a packet was accepted.</summary>
    public uint Ssrc => _ssrc;

    /// <summary>How many times the far end restarted (new SSRC or a large jump).</summary>
    public int Restarts { get; private set; }

    /// <summary>Maps a packet to its extended sequence number.</summary>
    /// <returns>The extended sequence number, or -1 for a stale duplicate too old to place.</returns>
    /// <param name="restarted">True when this packet starts a new sequence: a consumer should flush its buffers.</param>
    public long Extend(uint ssrc, ushort sequenceNumber, out bool restarted)
    {
        restarted = false;
        if (!_started || ssrc != _ssrc)
        {
            restarted = _started;
            if (_started)
            {
                Restarts++;
            }

            _started = true;
            _ssrc = ssrc;
            _highest = sequenceNumber;
            return _highest;
        }

        ushort highest16 = (ushort)_highest;
        int delta = (ushort)(sequenceNumber - highest16); // forward distance modulo 2^16
        if (delta == 0)
        {
            return _highest; // duplicate of the newest
        }

        if (delta < MaxDropout)
        {
            _highest += delta; // in order, possibly with a gap; crossing 65535 → 0 extends the cycle count
            return _highest;
        }

        int backward = 65536 - delta;
        if (backward <= MaxMisorder)
        {
            long extended = _highest - backward; // late or duplicate packet
            return extended < 0 ? -1 : extended;
        }

        // A big jump: the sender restarted its sequence (RFC 3550 A.1 treats two in a row as a restart;
        // for 20 ms audio we restart at once, losing at most one frame of alignment).
        Restarts++;
        restarted = true;
        _highest = sequenceNumber;
        return _highest;
    }
}
