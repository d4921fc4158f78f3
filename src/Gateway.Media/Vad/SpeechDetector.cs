using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// The per-frame speech decision: comfort noise → never; a tone claimed by the tone bank → never; echo of our
/// own prompt (see <see cref="EchoGate"/>) → never; below the minimum level → never; otherwise the pluggable
/// VAD decides. The VAD sees every frame, so its noise model keeps learning through tones and echo.
/// </summary>
public sealed class SpeechDetector
{
    private readonly SpeechOptions _options;

    /// <summary>Creates the detector around <paramref name="vad"/> (default: <see cref="DspVoiceActivityDetector"/>).</summary>
    public SpeechDetector(IVoiceActivityDetector? vad = null, SpeechOptions? options = null)
    {
        Vad = vad ?? new DspVoiceActivityDetector();
        _options = options ?? new SpeechOptions();
        EchoGate = new EchoGate { MarginDb = _options.EchoMarginDb };
    }

    /// <summary>The VAD in use.</summary>
    public IVoiceActivityDetector Vad { get; }

    /// <summary>The echo gate (fed with what we play).</summary>
    public EchoGate EchoGate { get; }

    /// <summary>The last VAD probability.</summary>
    public float LastProbability { get; private set; }

    /// <summary>
    /// Judges one frame. <paramref name="farEnd"/> is what we played during this frame (empty if nothing);
    /// <paramref name="toneOn"/> is true when a tone detector claims the frame.
    /// </summary>
    public SpeechFrame Process(AnalysisFrame frame, ReadOnlySpan<short> farEnd, bool toneOn)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EchoGate.ObserveFarEnd(farEnd);
        if (frame.IsComfortNoise)
        {
            LastProbability = 0;
            return SpeechFrame.ComfortNoise;
        }

        LastProbability = Vad.Process(frame.Samples);
        var passesEcho = EchoGate.Passes(frame.MeanSquare);
        if (toneOn)
        {
            return SpeechFrame.Tone;
        }

        if (!passesEcho)
        {
            return SpeechFrame.Echo;
        }

        return frame.LevelDbm0 >= _options.MinLevelDbm0 && LastProbability >= _options.Threshold ? SpeechFrame.Speech : SpeechFrame.Silence;
    }

    /// <summary>Forgets everything (a new call).</summary>
    public void Reset()
    {
        Vad.Reset();
        EchoGate.Reset();
        LastProbability = 0;
    }
}
