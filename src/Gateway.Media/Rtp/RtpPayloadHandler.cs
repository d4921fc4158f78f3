namespace Gateway.Media.Rtp;

/// <summary>Receives the payload of a packet that is not audio (for example an RFC 4733 telephone-event).</summary>
public delegate void RtpPayloadHandler(byte payloadType, bool marker, uint timestamp, ReadOnlySpan<byte> payload);
