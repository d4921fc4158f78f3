namespace Gateway.Media.Rtp;

/// <summary>What one 20 ms playout frame held.</summary>
public enum RtpFrameKind
{
    /// <summary>Nothing has been received yet, or the buffer is priming.</summary>
    NotStarted,

    /// <summary>Every sample of the frame arrived.</summary>
    Audio,

    /// <summary>Part of the frame arrived; the missing samples are silence.</summary>
    PartlyLost,

    /// <summary>No sample of the frame arrived; the frame is silence.</summary>
    Lost,

    /// <summary>The far end is sending comfort noise (RFC 3389): never speech.</summary>
    ComfortNoise,
}
