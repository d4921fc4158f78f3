namespace Gateway.Media.Rtp;

/// <summary>Per-session RTP settings, normally taken from the negotiated SDP.</summary>
public sealed record RtpSessionOptions
{
    /// <summary>Payload type we send audio with: 0 = PCMU, 8 = PCMA (RFC 3551 Table 4).</summary>
    public byte AudioPayloadType { get; init; }

    /// <summary>Dynamic payload type of RFC 4733 telephone-event, or null when not negotiated.</summary>
    public byte? TelephoneEventPayloadType { get; init; } = 101;

    /// <summary>RFC 3389 comfort noise; 13 is its static payload type (RFC 3551 Table 4).</summary>
    public byte ComfortNoisePayloadType { get; init; } = 13;

    public JitterBufferMode JitterMode { get; init; } = JitterBufferMode.Adaptive;

    public int JitterDelayMs { get; init; } = 60;

    public int JitterMinDelayMs { get; init; } = 20;

    public int JitterMaxDelayMs { get; init; } = 300;

    /// <summary>Our SSRC; random when null (RFC 3550 §8.1).</summary>
    public uint? Ssrc { get; init; }

    /// <summary>The silence octet of <see cref="AudioPayloadType"/>.</summary>
    public byte SilenceOctet => AudioPayloadType == 8 ? (byte)0xD5 : (byte)0xFF;
}
