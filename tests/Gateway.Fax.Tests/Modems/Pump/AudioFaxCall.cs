using Gateway.Fax.Modems.G711;
using Gateway.Fax.Modems.Pump;
using Gateway.Testing.SpanDsp;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Fax.Tests.Modems.Pump;

/// <summary>How the line between the two terminals treats the audio.</summary>
public sealed record LineModel(string Law = "alaw", double SnrDb = double.PositiveInfinity, double Ppm = 0, double DropProbability = 0, int Seed = 1, bool GatedNoise = true);

/// <summary>
/// One audio fax between our <see cref="FaxModemPump"/> and a libspandsp audio terminal, 160 samples (20 ms)
/// per step in simulated time, through G.711 and an optional noisy/drifting/lossy line.
/// </summary>
public sealed class AudioFaxCall(FakeTimeProvider time, FaxModemPump ours, SpanDspAudioFax theirs, LineModel line)
{
    private readonly Random _rng = new(line.Seed);
    private double _resamplePos;
    private readonly List<short> _resampleBuffer = [];

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Runs until both ends finished or <paramref name="limit"/> of simulated time passed.</summary>
    public bool Run(TimeSpan limit)
    {
        var fromThem = new short[160];
        var toThem = new short[160];
        var step = TimeSpan.FromMilliseconds(20);
        ours.Start();
        var tail = 0;
        while (Elapsed < limit)
        {
            theirs.Transmit(fromThem);
            Channel(fromThem, resample: false);
            ours.Process(fromThem, toThem);
            Channel(toThem, resample: true);
            theirs.Receive(toThem);
            time.Advance(step);
            Elapsed += step;
            if (ours.IsCompleted && theirs.CompletionCode is not null && ++tail > 50)
                return true;
        }
        return false;
    }

    private void Channel(short[] block, bool resample)
    {
        // Noise rides on the signal only (SNR during transmission): a continuous −40 dBm0 floor in the gaps
        // keeps libspandsp's receivers from seeing the end of the carrier (see docs/modems.md §5).
        if (!line.GatedNoise || Gateway.Fax.Modems.Dsp.Level.Measure(block) > -50)
            Noise.Add(block, line.SnrDb, -10, _rng.Next());
        if (resample && line.Ppm != 0)
            Resample(block);
        if (line.DropProbability > 0 && _rng.NextDouble() < line.DropProbability)
            Array.Clear(block);
        Span<byte> coded = stackalloc byte[block.Length];
        if (line.Law == "alaw")
        {
            ALaw.Encode(block, coded);
            ALaw.Decode(coded, block);
        }
        else
        {
            MuLaw.Encode(block, coded);
            MuLaw.Decode(coded, block);
        }
    }

    // A sender clock off by Ppm: linear interpolation at a rate of 1 + ppm·1e-6 input samples per output sample.
    private void Resample(short[] block)
    {
        _resampleBuffer.AddRange(block);
        var ratio = 1 + line.Ppm * 1e-6;
        for (var i = 0; i < block.Length; i++)
        {
            var k = (int)_resamplePos;
            if (k + 1 >= _resampleBuffer.Count)
            {
                block[i] = _resampleBuffer[^1];
                continue;
            }
            var f = _resamplePos - k;
            block[i] = (short)Math.Round(_resampleBuffer[k] * (1 - f) + _resampleBuffer[k + 1] * f);
            _resamplePos += ratio;
        }
        var consumed = Math.Min((int)_resamplePos, _resampleBuffer.Count - 2);
        if (consumed > 0)
        {
            _resampleBuffer.RemoveRange(0, consumed);
            _resamplePos -= consumed;
        }
    }
}
