using Gateway.Fax.Modems.Dsp;

namespace Gateway.Fax.Modems;

/// <summary>
/// V.21 channel 2 receiver (V.21 §2-3, T.30 §5.3.1): non-coherent FSK detection by sliding quadrature
/// correlation over one bit period against 1650 Hz (mark, 1) and 1850 Hz (space, 0), a carrier detector
/// with hysteresis, and a bit clock that locks to the transitions of the decision and samples mid-bit.
/// Received bits and carrier changes go to an <see cref="IModemBitSink"/>. Allocation-free per block.
/// </summary>
public sealed class V21Demodulator
{
    // One bit = 26 2/3 samples; the correlation window spans 26 of them.
    private const int Window = 26;
    private const int ThirdsPerBit = 80;
    private const int Q14 = 16384;
    // Carrier drops after this many samples below the off threshold (10 ms).
    private const int HangSamples = 80;

    private readonly IModemBitSink _sink;
    private readonly int[] _table = new int[SineTable.Length + SineTable.Length / 4];
    private readonly int[] _ring = new int[4 * Window];
    private readonly double _onEnergy;
    private readonly double _offEnergy;
    private readonly int _markStep = SineTable.StepFor(V21Modulator.MarkHz);
    private readonly int _spaceStep = SineTable.StepFor(V21Modulator.SpaceHz);
    private long _markRe, _markIm, _spaceRe, _spaceIm;
    private int _markPhase, _spacePhase;
    private int _ringPos;
    private int _bitClock;
    private int _decision = 1;
    private int _transitions;
    private int _quiet;
    private int _filled;

    /// <param name="sink">Receives bits and carrier changes.</param>
    /// <param name="carrierOnDbm0">Level above which the carrier is declared present (T.30 receivers work down to −43 dBm0).</param>
    /// <param name="carrierOffDbm0">Level below which (for 10 ms) it is declared lost.</param>
    public V21Demodulator(IModemBitSink sink, double carrierOnDbm0 = -43, double carrierOffDbm0 = -48)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (carrierOffDbm0 > carrierOnDbm0)
            throw new ArgumentException("The carrier-off threshold must not exceed the carrier-on threshold.", nameof(carrierOffDbm0));
        _sink = sink;
        for (var i = 0; i < _table.Length; i++)
            _table[i] = (int)MathF.Round(SineTable.Values[i] * Q14);
        // A tone of peak A gives |correlation| ≈ A·Q14·Window/2 at its own frequency.
        _onEnergy = Square(Level.SinePeakFor(carrierOnDbm0) * Q14 * Window / 2);
        _offEnergy = Square(Level.SinePeakFor(carrierOffDbm0) * Q14 * Window / 2);
    }

    /// <summary>True while a V.21 carrier is present.</summary>
    public bool CarrierPresent { get; private set; }

    /// <summary>Forgets everything heard so far.</summary>
    public void Reset()
    {
        Array.Clear(_ring);
        _markRe = _markIm = _spaceRe = _spaceIm = 0;
        _markPhase = _spacePhase = 0;
        _ringPos = 0;
        _bitClock = 0;
        _decision = 1;
        _transitions = 0;
        _quiet = 0;
        _filled = 0;
        if (CarrierPresent)
        {
            CarrierPresent = false;
            _sink.OnCarrier(false);
        }
    }

    /// <summary>Processes a block of received samples.</summary>
    public void Demodulate(ReadOnlySpan<short> samples)
    {
        var table = _table;
        var ring = _ring;
        foreach (var x in samples)
        {
            var p = _ringPos * 4;
            // Mix the sample down by each tone and slide the one-bit window.
            var mr = x * table[_markPhase + SineTable.Length / 4];
            var mi = x * table[_markPhase];
            var sr = x * table[_spacePhase + SineTable.Length / 4];
            var si = x * table[_spacePhase];
            _markRe += mr - ring[p];
            _markIm += mi - ring[p + 1];
            _spaceRe += sr - ring[p + 2];
            _spaceIm += si - ring[p + 3];
            ring[p] = mr;
            ring[p + 1] = mi;
            ring[p + 2] = sr;
            ring[p + 3] = si;
            if (++_ringPos >= Window)
                _ringPos = 0;
            if ((_markPhase += _markStep) >= SineTable.Length)
                _markPhase -= SineTable.Length;
            if ((_spacePhase += _spaceStep) >= SineTable.Length)
                _spacePhase -= SineTable.Length;
            if (_filled < Window)
            {
                _filled++;
                continue;
            }

            var mark = Square(_markRe) + Square(_markIm);
            var space = Square(_spaceRe) + Square(_spaceIm);
            var strongest = Math.Max(mark, space);
            if (!CarrierPresent)
            {
                if (strongest < _onEnergy)
                    continue;
                CarrierPresent = true;
                _quiet = 0;
                _transitions = 0;
                _bitClock = 0;
                _decision = mark >= space ? 1 : 0;
                _sink.OnCarrier(true);
                continue;
            }
            if (strongest < _offEnergy)
            {
                if (++_quiet >= HangSamples)
                {
                    CarrierPresent = false;
                    _sink.OnCarrier(false);
                    continue;
                }
            }
            else
            {
                _quiet = 0;
            }

            var decision = mark >= space ? 1 : 0;
            var before = _bitClock;
            var clock = before + 3;
            if (decision != _decision)
            {
                // A transition marks a bit boundary (clock 0): pull the clock towards it, hard at first.
                _decision = decision;
                var error = clock < ThirdsPerBit / 2 ? clock : clock - ThirdsPerBit;
                clock -= _transitions++ < 2 ? error : error / 4;
            }
            if (clock >= ThirdsPerBit)
                clock -= ThirdsPerBit;
            else if (clock < 0)
                clock += ThirdsPerBit;
            _bitClock = clock;
            // Sample in the middle of the bit.
            if (before < ThirdsPerBit / 2 && clock >= ThirdsPerBit / 2)
                _sink.OnBit(decision);
        }
    }

    private static double Square(double v) => v * v;
}
