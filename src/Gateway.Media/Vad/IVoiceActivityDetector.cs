namespace Gateway.Media.Vad;

/// <summary>
/// A voice-activity detector over 20 ms frames of 8 kHz audio. It only judges "voice-like"; comfort noise,
/// tones and echo of our own prompt are removed before it by <see cref="SpeechDetector"/>. Implementations
/// keep state across frames and allocate nothing per frame.
/// </summary>
public interface IVoiceActivityDetector
{
    /// <summary>Name for logs and evaluation tables.</summary>
    string Name { get; }

    /// <summary>Speech probability of one 160-sample frame, 0 to 1. Every frame of the stream must be fed, in order.</summary>
    float Process(ReadOnlySpan<short> frame);

    /// <summary>
    /// As <see cref="Process(ReadOnlySpan{short})"/>, told whether the frame may be mostly the echo of our own prompt
    /// (it did not clear the echo gate): a detector that models the background should not learn it from such a frame.
    /// </summary>
    float Process(ReadOnlySpan<short> frame, bool echoLikely) => Process(frame);

    /// <summary>Forgets all state.</summary>
    void Reset();
}
