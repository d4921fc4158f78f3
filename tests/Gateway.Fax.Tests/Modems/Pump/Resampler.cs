namespace Gateway.Fax.Tests.Modems.Pump;

/// <summary>
/// A sample clock off by a fixed number of ppm: band-limited (Blackman-windowed sinc, 32 taps, 512 fractional
/// phases) interpolation at 1 + ppm·10⁻⁶ input samples per output sample. Linear interpolation is not good
/// enough: its gain at 1.8-3 kHz swings with the fractional position (down to −8 dB at half a sample), which
/// turns a clock offset into a slow fade that alone breaks V.17 receivers (measured: docs/modems.md §5).
/// </summary>
public sealed class Resampler(double ppm)
{
    private const int Taps = 32;
    private const int Phases = 512;
    private static readonly float[] Table = BuildTable();
    private readonly double _ratio = 1 + ppm * 1e-6;
    // Latency: the filter span plus room for the sender's clock to run ahead (+50 ppm drifts 16 samples in 40 s);
    // without it the interpolator runs out of input and leaves holes in the signal.
    private const int Slack = Taps + 256;
    private readonly List<float> _buffer = [.. new float[Slack]];
    private double _position;

    /// <summary>Resamples <paramref name="block"/> in place (the output lags the input by about 300 samples).</summary>
    public void Process(short[] block)
    {
        foreach (var s in block)
            _buffer.Add(s);
        for (var i = 0; i < block.Length; i++)
        {
            var k = (int)_position;
            if (k + Taps > _buffer.Count)
                throw new InvalidOperationException("The resampler ran out of input: the clock offset exceeds its slack.");
            var phase = (int)Math.Round((_position - k) * Phases);
            if (phase == Phases)
            {
                phase = 0;
                k++;
            }
            var acc = 0f;
            var row = phase * Taps;
            for (var j = 0; j < Taps && k + j < _buffer.Count; j++)
                acc += _buffer[k + j] * Table[row + j];
            block[i] = (short)Math.Clamp(MathF.Round(acc), short.MinValue, short.MaxValue);
            _position += _ratio;
        }
        var consumed = Math.Min((int)_position, _buffer.Count - Taps);
        if (consumed > 0)
        {
            _buffer.RemoveRange(0, consumed);
            _position -= consumed;
        }
    }

    private static float[] BuildTable()
    {
        var table = new float[Phases * Taps];
        for (var p = 0; p < Phases; p++)
        {
            var f = (double)p / Phases;
            for (var j = 0; j < Taps; j++)
            {
                // Tap j sits at offset j − 15 from the integer position; the sample wanted is at +f.
                var x = j - (Taps / 2 - 1) - f;
                var sinc = Math.Abs(x) < 1e-12 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
                var w = 0.42 + 0.5 * Math.Cos(Math.PI * x / (Taps / 2 + 0.5)) + 0.08 * Math.Cos(2 * Math.PI * x / (Taps / 2 + 0.5));
                table[p * Taps + j] = (float)(sinc * w);
            }
        }
        return table;
    }
}
