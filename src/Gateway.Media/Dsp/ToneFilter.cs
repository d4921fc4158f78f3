namespace Gateway.Media.Dsp;

/// <summary>
/// A Goertzel filter at one frequency, applied to a Hann-windowed 20 ms frame. The Hann window trades a
/// wider main lobe (nulls at ±100 Hz for 160 samples) for −31 dB side lobes, so a tone 80 Hz off frequency
/// falls 18 dB instead of 14 dB and cannot creep back through a side lobe.
/// </summary>
public readonly struct ToneFilter
{
    private readonly float _coefficient;
    private readonly float _cos;

    /// <summary>Creates a filter for <paramref name="frequencyHz"/> at <see cref="AnalysisFrame.SampleRate"/>.</summary>
    public ToneFilter(double frequencyHz)
    {
        FrequencyHz = frequencyHz;
        var w = 2 * Math.PI * frequencyHz / AnalysisFrame.SampleRate;
        _cos = (float)Math.Cos(w);
        _coefficient = 2 * _cos;
    }

    /// <summary>The centre frequency.</summary>
    public double FrequencyHz { get; }

    /// <summary>
    /// Power at the filter frequency, scaled so that a sine exactly at the frequency returns its own mean square;
    /// divide by the frame's mean square for the tone-to-total ratio ("purity").
    /// </summary>
    public double Power(ReadOnlySpan<float> windowed)
    {
        float s1 = 0, s2 = 0;
        var c = _coefficient;
        foreach (var x in windowed)
        {
            var s = x + (c * s1) - s2;
            s2 = s1;
            s1 = s;
        }

        var p = (s1 * s1) + (s2 * s2) - (c * s1 * s2);
        // Hann gain: |X| = A·N/4 for a sine of amplitude A, whose mean square is A²/2.
        var n = windowed.Length;
        return p * 8.0 / ((double)n * n);
    }
}
