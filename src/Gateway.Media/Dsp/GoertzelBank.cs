using System.Runtime.Intrinsics;

namespace Gateway.Media.Dsp;

/// <summary>
/// Eight Goertzel filters run side by side in one pass over a Hann-windowed frame (one SIMD lane per frequency),
/// instead of eight passes whose loop-carried recurrence leaves the core waiting on each multiply. Same scaling
/// as <see cref="ToneFilter.Power"/>.
/// </summary>
public sealed class GoertzelBank
{
    /// <summary>Number of frequencies in a bank.</summary>
    public const int Size = 8;

    private readonly Vector256<float> _coefficients;
    private readonly float[] _coefficientArray = new float[Size];

    /// <summary>Creates a bank for exactly eight frequencies (Hz at <see cref="AnalysisFrame.SampleRate"/>).</summary>
    public GoertzelBank(ReadOnlySpan<double> frequenciesHz)
    {
        if (frequenciesHz.Length != Size)
        {
            throw new ArgumentException($"A bank has {Size} frequencies.", nameof(frequenciesHz));
        }

        for (var i = 0; i < Size; i++)
        {
            _coefficientArray[i] = (float)(2 * Math.Cos(2 * Math.PI * frequenciesHz[i] / AnalysisFrame.SampleRate));
        }

        _coefficients = Vector256.Create<float>(_coefficientArray);
    }

    /// <summary>Writes the power at each frequency (mean-square units) into <paramref name="powers"/>.</summary>
    public void Powers(ReadOnlySpan<float> windowed, Span<double> powers)
    {
        if (powers.Length < Size)
        {
            throw new ArgumentException($"Room for {Size} powers is needed.", nameof(powers));
        }

        var c = _coefficients;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        foreach (var x in windowed)
        {
            var s = Vector256.Create(x) + (c * s1) - s2;
            s2 = s1;
            s1 = s;
        }

        var p = (s1 * s1) + (s2 * s2) - (c * s1 * s2);
        double n = windowed.Length;
        var scale = 8.0 / (n * n);
        for (var i = 0; i < Size; i++)
        {
            powers[i] = p.GetElement(i) * scale;
        }
    }
}
