using Gateway.Media.Rtp;

namespace Gateway.Media.Transport;

/// <summary>The call's side of an RTP stream: every 20 ms it gets the frame heard and fills the frame to send.</summary>
public interface IRtpAudioHandler
{
    /// <param name="received">160 G.711 octets played out of the jitter buffer.</param>
    /// <param name="kind">Whether that frame was audio, lost or comfort noise.</param>
    /// <param name="toSend">160 G.711 octets to fill with our audio.</param>
    void OnFrame(ReadOnlySpan<byte> received, RtpFrameKind kind, Span<byte> toSend);
}
