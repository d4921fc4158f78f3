namespace Gateway.Media.Vad;

/// <summary>Why a frame was or was not taken as speech.</summary>
public enum SpeechFrame
{
    /// <summary>Voice.</summary>
    Speech,

    /// <summary>Below the VAD threshold or the minimum level.</summary>
    Silence,

    /// <summary>An RTP comfort-noise frame (RFC 3389): never speech.</summary>
    ComfortNoise,

    /// <summary>A tone detector claimed the frame.</summary>
    Tone,

    /// <summary>Not far enough above the predicted echo of our prompt.</summary>
    Echo,
}
