using Gateway.Media.Codecs;

namespace Gateway.Media.Prompts;

/// <summary>
/// A prompt ready to play: 8 kHz linear samples (whole 20 ms frames, the last one padded with silence) and the
/// same audio encoded once in both G.711 laws. Immutable; shared by every call.
/// </summary>
public sealed class Prompt
{
    /// <summary>Samples per frame.</summary>
    public const int FrameSamples = 160;

    private readonly short[] _linear;
    private readonly byte[] _muLaw;
    private readonly byte[] _aLaw;

    /// <summary>Creates a prompt from 8 kHz samples (padded to whole frames).</summary>
    public Prompt(string name, ReadOnlySpan<short> samples8k)
    {
        Name = name;
        var frames = Math.Max(1, (samples8k.Length + FrameSamples - 1) / FrameSamples);
        _linear = new short[frames * FrameSamples];
        samples8k.CopyTo(_linear);
        _muLaw = new byte[_linear.Length];
        _aLaw = new byte[_linear.Length];
        G711.Encode(_linear, _muLaw, G711Law.MuLaw);
        G711.Encode(_linear, _aLaw, G711Law.ALaw);
    }

    /// <summary>Where it came from.</summary>
    public string Name { get; }

    /// <summary>Number of 20 ms frames.</summary>
    public int FrameCount => _linear.Length / FrameSamples;

    /// <summary>Duration in milliseconds.</summary>
    public int DurationMs => FrameCount * 20;

    /// <summary>All samples.</summary>
    public ReadOnlySpan<short> Samples => _linear;

    /// <summary>The linear samples of frame <paramref name="index"/> (what the echo gate is fed).</summary>
    public ReadOnlySpan<short> LinearFrame(int index) => _linear.AsSpan(index * FrameSamples, FrameSamples);

    /// <summary>The G.711 payload of frame <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> EncodedFrame(int index, G711Law law) =>
        (law == G711Law.MuLaw ? _muLaw : _aLaw).AsSpan(index * FrameSamples, FrameSamples);
}
