using System.Security.Cryptography;

namespace Gateway.Media.Rtp;

/// <summary>
/// One G.711 RTP stream in each direction (RFC 3550), sans-IO: the media loop hands it datagrams and
/// asks it once per 20 ms tick for the frame to play and the packet to send. Allocation-free per packet.
/// </summary>
public sealed class RtpSession
{
    private readonly RtpSessionOptions _options;
    private readonly RtpSequenceTracker _sequence = new();
    private readonly JitterBuffer _jitter;
    private ushort _sendSequence;
    private uint _sendTimestamp;
    private bool _sentAny;
    private bool _comfortNoise;

    // RFC 3550 §6.4.1 / A.8 interarrival jitter, in timestamp units.
    private bool _haveTransit;
    private long _lastTransit;
    private double _jitterEstimate;

    public RtpSession(RtpSessionOptions options)
    {
        _options = options;
        _jitter = new JitterBuffer(options.JitterMode, options.JitterDelayMs, options.JitterMinDelayMs, options.JitterMaxDelayMs, options.SilenceOctet);
        Ssrc = options.Ssrc ?? (uint)RandomNumberGenerator.GetInt32(int.MaxValue);

        // RFC 3550 §5.1: initial sequence number and timestamp are random.
        _sendSequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        _sendTimestamp = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    }

    public uint Ssrc { get; }

    public RtpSessionOptions Options => _options;

    /// <summary>Called for telephone-event packets (and any other non-audio payload type).</summary>
    public RtpPayloadHandler? OtherPayloadReceived { get; set; }

    public long PacketsReceived { get; private set; }

    public long PacketsSent { get; private set; }

    /// <summary>Datagrams that were not RTP or carried a payload type we did not negotiate.</summary>
    public long PacketsDiscarded { get; private set; }

    /// <summary>The far end's SSRC changes and sequence restarts seen so far.</summary>
    public int SourceRestarts => _sequence.Restarts;

    /// <summary>Interarrival jitter in milliseconds (RFC 3550 §6.4.1).</summary>
    public double JitterMs => _jitterEstimate / 8.0;

    public JitterBuffer JitterBuffer => _jitter;

    /// <summary>Handles one received datagram.</summary>
    /// <param name="arrivalSamples">Arrival time in 8 kHz sample units from a monotonic clock.</param>
    /// <returns>False when the datagram was not an RTP packet of this session.</returns>
    public bool Receive(ReadOnlySpan<byte> datagram, long arrivalSamples)
    {
        if (!RtpPacket.TryParse(datagram, out RtpPacket packet))
        {
            PacketsDiscarded++;
            return false;
        }

        long extended = _sequence.Extend(packet.Ssrc, packet.SequenceNumber, out bool restarted);
        if (restarted)
        {
            _jitter.Reset();
            _haveTransit = false;
        }

        if (extended < 0)
        {
            PacketsDiscarded++;
            return false;
        }

        PacketsReceived++;
        UpdateJitter(packet.Timestamp, arrivalSamples);

        if (packet.PayloadType == _options.AudioPayloadType)
        {
            _comfortNoise = false;
            _jitter.Write(packet.Timestamp, packet.Payload);
        }
        else if (packet.PayloadType == _options.ComfortNoisePayloadType)
        {
            // RFC 3389 §4: CN replaces audio until the next audio packet.
            _comfortNoise = true;
        }
        else if (OtherPayloadReceived is { } handler)
        {
            handler(packet.PayloadType, packet.Marker, packet.Timestamp, packet.Payload);
        }
        else
        {
            PacketsDiscarded++;
        }

        return true;
    }

    /// <summary>Plays the next 20 ms frame: 160 G.711 octets into <paramref name="frame"/>.</summary>
    public RtpFrameKind ReadFrame(Span<byte> frame)
    {
        RtpFrameKind kind = _jitter.Read(frame);
        return _comfortNoise && kind is RtpFrameKind.Lost or RtpFrameKind.NotStarted ? RtpFrameKind.ComfortNoise : kind;
    }

    /// <summary>Builds the packet carrying the next 20 ms of our audio.</summary>
    /// <param name="frame">160 G.711 octets.</param>
    /// <param name="packet">At least 172 bytes.</param>
    /// <returns>The packet length.</returns>
    public int WriteFrame(ReadOnlySpan<byte> frame, Span<byte> packet)
    {
        // RFC 3551 §4.1: the marker bit flags the first packet of a talkspurt; we send continuously.
        int length = RtpPacket.Write(packet, !_sentAny, _options.AudioPayloadType, _sendSequence, _sendTimestamp, Ssrc, frame);
        _sentAny = true;
        _sendSequence++;
        _sendTimestamp += (uint)frame.Length;
        PacketsSent++;
        return length;
    }

    /// <summary>
    /// Builds a non-audio packet (an RFC 4733 event) stamped with the current audio timestamp, without
    /// advancing the sequence of audio time.
    /// </summary>
    public int WritePayload(byte payloadType, bool marker, uint timestamp, ReadOnlySpan<byte> payload, Span<byte> packet)
    {
        int length = RtpPacket.Write(packet, marker, payloadType, _sendSequence, timestamp, Ssrc, payload);
        _sendSequence++;
        PacketsSent++;
        return length;
    }

    /// <summary>The timestamp the next audio frame will carry.</summary>
    public uint NextSendTimestamp => _sendTimestamp;

    private void UpdateJitter(uint timestamp, long arrivalSamples)
    {
        long transit = arrivalSamples - timestamp;
        if (_haveTransit)
        {
            long d = transit - _lastTransit;
            // RFC 3550 A.8: J += (|D| - J) / 16; the 32-bit wrap of the timestamp cancels in D.
            d = (int)d;
            _jitterEstimate += (Math.Abs(d) - _jitterEstimate) / 16.0;
        }

        _lastTransit = transit;
        _haveTransit = true;
    }
}
