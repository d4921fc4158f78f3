using System.Runtime.CompilerServices;
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
    /// <summary>Symbols in the pulse-shaping filter (the pulse spans ±4.5 symbols).</summary>
    protected const int Taps = 9;

    private readonly float[] _coeffs;
    private readonly float[] _re = new float[2 * Taps];
    private readonly float[] _im = new float[2 * Taps];
    private readonly int _interpolation;
    private readonly int _decimation;
    private readonly int _carrierStep;
    private readonly double _meanTapEnergy;
    private int _step;
    private int _baudPhase;
    private int _carrierIndex;
    private float _gain;
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
        _coeffs = RootRaisedCosine.Polyphase(interpolation, Taps, rollOff);
        double e = 0;
        foreach (var c in _coeffs)
            e += (double)c * c;
        _meanTapEnergy = e / interpolation;
        _levelDbm0 = -10;
    }

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
        _gain = (float)(Level.RmsFor(_levelDbm0) / rms);
    }

    /// <summary>Clears the filter and carrier phase for a new transmission.</summary>
    protected void ResetShaper()
    {
        Array.Clear(_re);
        Array.Clear(_im);
        _step = 0;
        _baudPhase = 0;
        _carrierIndex = 0;
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
    [SkipLocalsInit]
    public int Modulate(Span<short> samples)
    {
        if (IsFinished)
            return 0;
        var coeffs = _coeffs;
        var re = _re;
        var im = _im;
        var sine = SineTable.Values;
        var step = _step;
        var baudPhase = _baudPhase;
        var carrier = _carrierIndex;
        var gain = _gain;
        ref var c0 = ref coeffs[0];
        ref var re0 = ref re[0];
        ref var im0 = ref im[0];
        ref var sin0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(sine);
        var n = 0;
        for (; n < samples.Length; n++)
        {
            if ((baudPhase += _decimation) >= _interpolation)
            {
                baudPhase -= _interpolation;
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
                Unsafe.Add(ref re0, step) = sr;
                Unsafe.Add(ref re0, step + Taps) = sr;
                Unsafe.Add(ref im0, step) = si;
                Unsafe.Add(ref im0, step + Taps) = si;
                if (++step >= Taps)
                    step = 0;
            }
            ref var c = ref Unsafe.Add(ref c0, baudPhase * Taps);
            ref var r = ref Unsafe.Add(ref re0, step);
            ref var q = ref Unsafe.Add(ref im0, step);
            float xr = 0, xi = 0;
            for (var i = 0; i < Taps; i++)
            {
                var k = Unsafe.Add(ref c, i);
                xr += k * Unsafe.Add(ref r, i);
                xi += k * Unsafe.Add(ref q, i);
            }
            var v = (xr * Unsafe.Add(ref sin0, carrier + SineTable.Length / 4) - xi * Unsafe.Add(ref sin0, carrier)) * gain;
            if ((carrier += _carrierStep) >= SineTable.Length)
                carrier -= SineTable.Length;
            samples[n] = (short)Math.Clamp((int)MathF.Round(v), short.MinValue, short.MaxValue);
        }
        _step = step;
        _baudPhase = baudPhase;
        _carrierIndex = carrier;
        return n;
    }
}
