namespace Gateway.Media.Vad;

/// <summary>What the caller knows about a frame, beyond its samples (<see cref="IVoiceActivityDetector.Process(ReadOnlySpan{short}, VadHints)"/>).</summary>
[Flags]
public enum VadHints
{
    /// <summary>Nothing known.</summary>
    None = 0,

    /// <summary>The frame may be mostly the echo of our own prompt (it did not clear the echo gate): not background to learn.</summary>
    EchoLikely = 1,

    /// <summary>No voice is wanted now (our question has not been asked yet): whatever is heard is background to learn.</summary>
    Background = 2,
}
