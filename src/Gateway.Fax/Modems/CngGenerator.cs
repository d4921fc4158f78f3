using Gateway.Fax.Modems.Dsp;

namespace Gateway.Fax.Modems;

/// <summary>
/// The calling tone CNG (T.30 §4.1.2 and §5.2.1): 1100 Hz, 0.5 s on, 3 s off, repeated, at a
/// configurable level (−10 dBm0 by default). Endless: it never reports <see cref="IsFinished"/>; the caller stops
/// pulling samples when the far end answers.
/// </summary>
public sealed class CngGenerator : IFaxModulator
{
    /// <summary>Tone frequency, Hz.</summary>
    public const int FrequencyHz = 1100;
    /// <summary>Samples of tone per cadence (0.5 s).</summary>
    public const int OnSamples = 4000;
    /// <summary>Samples of silence per cadence (3 s).</summary>
    public const int OffSamples = 24000;

    private readonly int _step = SineTable.StepFor(FrequencyHz);
    private readonly float _amplitude;
    private int _phase;
    private int _position;

    /// <param name="levelDbm0">Tone level.</param>
    public CngGenerator(double levelDbm0 = -10)
    {
        Level.Validate(levelDbm0);
        _amplitude = (float)Level.SinePeakFor(levelDbm0);
    }

    /// <inheritdoc />
    public bool IsFinished => false;

    /// <summary>Starts again with a tone burst.</summary>
    public void Restart()
    {
        _phase = 0;
        _position = 0;
    }

    /// <inheritdoc />
    public int Modulate(Span<short> samples)
    {
        var sine = SineTable.Values;
        for (var n = 0; n < samples.Length; n++)
        {
            if (_position < OnSamples)
            {
                samples[n] = (short)MathF.Round(sine[_phase] * _amplitude);
                if ((_phase += _step) >= SineTable.Length)
                    _phase -= SineTable.Length;
            }
            else
            {
                samples[n] = 0;
                _phase = 0;
            }
            if (++_position >= OnSamples + OffSamples)
                _position = 0;
        }
        return samples.Length;
    }
}
