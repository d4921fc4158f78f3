using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Gateway.Fax.Modems.Dsp;

namespace Gateway.Fax.Modems;

/// <summary>
/// The common back end of the V.27 ter, V.29 and V.17 transmitters: complex symbols from the modem's own
/// training/data logic go through a polyphase root-raised-cosine interpolator (symbol rate → 8 kHz, a
/// ratio of <c>interpolation/decimation</c>) and are mixed onto the carrier taken from <see cref="SineTable"/>.
/// After the modem signals the end of its turn-off, the filter is flushed with zero symbols and the
/// modulator reports <see cref="IsFinished"/>. Allocation-free per block.
/// </summary>
public abstract class QamModulator : IFaxModulator
{
    /// <summary>Symbols in the pulse-shaping filter (the pulse spans ±6 symbols).</summary>
    protected const int Taps = 12;

    // One output sample is the dot product of 2·Taps interleaved (re, im) delay-line values with a coefficient
    // set that already holds pulse shape × carrier × gain for that sample's position in the cycle.
    private const int Width = 2 * Taps;

    private readonly float[] _pulse;
    private readonly float[] _sets;
    private readonly float[] _line = new float[2 * Width];
    private readonly int _interpolation;
    private readonly int _decimation;
    private readonly int _carrierStep;
    private readonly int _cycleLength;
    private readonly double _meanTapEnergy;
    private int _step;
    private int _baudPhase;
    private int _cycle;
    private int _flush;
    private bool _ending;
    private double _levelDbm0;
    private IModemBitSource? _source;

    /// <param name="interpolation">Polyphase branches L: 8000/L·decimation is the symbol rate.</param>
    /// <param name="decimation">Branches advanced per output sample M.</param>
    /// <param name="carrierHz">Carrier frequency (a multiple of 50 Hz).</param>
    /// <param name="rollOff">Raised-cosine roll-off (excess bandwidth).</param>
    protected QamModulator(int interpolation, int decimation, int carrierHz, double rollOff)
    {
        _interpolation = interpolation;
        _decimation = decimation;
        _carrierStep = SineTable.StepFor(carrierHz);
        _pulse = RootRaisedCosine.Polyphase(interpolation, Taps, rollOff);
        double e = 0;
        foreach (var c in _pulse)
            e += (double)c * c;
        _meanTapEnergy = e / interpolation;
        // The baud phase repeats every L/gcd(L, M) samples, the carrier every 160/gcd(160, step): the
        // coefficient sets repeat with the least common multiple of the two.
        var baudPeriod = interpolation / Gcd(interpolation, decimation);
        var carrierPeriod = SineTable.Length / Gcd(SineTable.Length, _carrierStep);
        _cycleLength = baudPeriod / Gcd(baudPeriod, carrierPeriod) * carrierPeriod;
        _sets = new float[_cycleLength * Width];
        _levelDbm0 = -10;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    /// <inheritdoc />
    public bool IsFinished { get; private set; }

    /// <summary>The transmit level in dBm0 (average power of random data).</summary>
    public double LevelDbm0 => _levelDbm0;

    /// <summary>The mean |symbol|² of the data constellation in use; the gain is set so data leaves at <see cref="LevelDbm0"/>.</summary>
    protected abstract double MeanSymbolPower { get; }

    /// <summary>Sets the transmit level (−10 dBm0 is the usual image level).</summary>
    public void SetLevel(double dbm0)
    {
        Level.Validate(dbm0);
        _levelDbm0 = dbm0;
        UpdateGain();
    }

    /// <summary>Recomputes the gain after the constellation changed (a restart at another rate).</summary>
    protected void UpdateGain()
    {
        // Passband power of uncorrelated symbols: ½·E|s|²·(mean energy of the taps one output sample sees).
        var rms = Math.Sqrt(0.5 * MeanSymbolPower * _meanTapEnergy);
        var gain = Level.RmsFor(_levelDbm0) / rms;
        // Output sample n (counted from the start) uses baud phase ((n + 1)·M) mod L and carrier index n·step mod 160:
        // y = Re(Σ pulse·s·e^{jωn})·gain = Σ (pulse·cos·gain)·s.re + (−pulse·sin·gain)·s.im.
        for (var n = 0; n < _cycleLength; n++)
        {
            var phase = (n + 1) * _decimation % _interpolation;
            var carrier = n * _carrierStep % SineTable.Length;
            var cos = SineTable.Cos(carrier);
            var sin = SineTable.Sin(carrier);
            for (var i = 0; i < Taps; i++)
            {
                var c = _pulse[phase * Taps + i];
                _sets[n * Width + 2 * i] = (float)(c * cos * gain);
                _sets[n * Width + 2 * i + 1] = (float)(-c * sin * gain);
            }
        }
    }

    /// <summary>Clears the filter and carrier phase for a new transmission.</summary>
    protected void ResetShaper()
    {
        Array.Clear(_line);
        _step = 0;
        _baudPhase = 0;
        _cycle = 0;
        _flush = 0;
        _ending = false;
        DataEnded = false;
        IsFinished = false;
    }

    /// <summary>Called by the modem after its last turn-off symbol: the filter tail is flushed, then the modulator finishes.</summary>
    protected void EndOfTransmission()
    {
        if (!_ending)
        {
            _ending = true;
            _flush = Taps;
        }
    }

    /// <summary>True once the bit source returned −1 (the modem is sending its turn-off sequence).</summary>
    protected bool DataEnded { get; private set; }

    /// <summary>Sets where data bits come from (before or during training).</summary>
    public void SetSource(IModemBitSource? source) => _source = source;

    /// <summary>The next data bit; after the source ends (or with no source) the marking state 1.</summary>
    protected int NextDataBit()
    {
        if (DataEnded || _source is null)
            return 1;
        var b = _source.NextBit();
        if (b < 0)
        {
            DataEnded = true;
            return 1;
        }
        return b & 1;
    }

    /// <summary>Produces the next symbol (constellation units; the gain takes care of the level).</summary>
    protected abstract void NextSymbol(out float re, out float im);

    /// <inheritdoc />
    public int Modulate(Span<short> samples)
    {
        if (IsFinished)
            return 0;
        var sets = _sets;
        var line = _line;
        ref var set0 = ref MemoryMarshal.GetArrayDataReference(sets);
        ref var line0 = ref MemoryMarshal.GetArrayDataReference(line);
        ref var out0 = ref MemoryMarshal.GetReference(samples);
        var step = _step;
        var baudPhase = _baudPhase;
        var cycle = _cycle;
        var decimation = _decimation;
        var interpolation = _interpolation;
        var cycleLength = _cycleLength;
        var n = 0;
        for (; n < samples.Length; n++)
        {
            if ((baudPhase += decimation) >= interpolation)
            {
                baudPhase -= interpolation;
                float sr, si;
                if (_ending)
                {
                    if (_flush-- <= 0)
                    {
                        IsFinished = true;
                        break;
                    }
                    sr = 0;
                    si = 0;
                }
                else
                {
                    NextSymbol(out sr, out si);
                }
                // Each symbol is written twice, so the newest Taps symbols are always contiguous.
                ref var slot = ref Unsafe.Add(ref line0, 2 * step);
                slot = sr;
                Unsafe.Add(ref slot, 1) = si;
                Unsafe.Add(ref slot, Width) = sr;
                Unsafe.Add(ref slot, Width + 1) = si;
                if (++step >= Taps)
                    step = 0;
            }
            var v = Dot(ref Unsafe.Add(ref set0, cycle * Width), ref Unsafe.Add(ref line0, 2 * step));
            if (++cycle >= cycleLength)
                cycle = 0;
            Unsafe.Add(ref out0, n) = (short)Math.Clamp((int)MathF.Round(v), short.MinValue, short.MaxValue);
        }
        _step = step;
        _baudPhase = baudPhase;
        _cycle = cycle;
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ref float a, ref float b)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256.LoadUnsafe(ref a) * Vector256.LoadUnsafe(ref b);
            acc += Vector256.LoadUnsafe(ref a, 8) * Vector256.LoadUnsafe(ref b, 8);
            acc += Vector256.LoadUnsafe(ref a, 16) * Vector256.LoadUnsafe(ref b, 16);
            return Vector256.Sum(acc);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var acc = Vector128<float>.Zero;
            for (nuint i = 0; i < Width; i += 4)
                acc += Vector128.LoadUnsafe(ref a, i) * Vector128.LoadUnsafe(ref b, i);
            return Vector128.Sum(acc);
        }
        float sum = 0;
        for (var i = 0; i < Width; i++)
            sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return sum;
    }
}
