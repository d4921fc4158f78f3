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
    /// As <see cref="Process(ReadOnlySpan{short})"/>, with what the caller knows about the frame (<see cref="VadHints"/>):
    /// a detector that models the background learns it from frames that are not echo, and all the more from frames
    /// that cannot be a reply.
    /// </summary>
    float Process(ReadOnlySpan<short> frame, VadHints hints) => Process(frame);

    /// <summary>Forgets all state.</summary>
    void Reset();
}
