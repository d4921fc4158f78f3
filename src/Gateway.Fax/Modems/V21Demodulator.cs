using System.Numerics;
using System.Runtime.CompilerServices;
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
    // A block whose samples (and the window's samples before it) all stay within this peak cannot reach the
    // carrier-on energy anywhere: see Demodulate.
    private readonly int _quietPeak;
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
    // Largest |sample| among the last Window samples processed (an upper bound after blocks shorter than Window).
    private int _tailPeak;

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
        // With every |x| ≤ P in the window, |re| and |im| are each at most Window·P·Q14, so a tone's energy is at most
        // 2·(Window·P·Q14)², below _onEnergy = (A·Q14·Window/2)² while P < A/(2√2); 1 % off for rounding.
        _quietPeak = (int)(Level.SinePeakFor(carrierOnDbm0) / (2 * Math.Sqrt(2)) * 0.99);
    }

    /// <summary>True while a V.21 carrier is present.</summary>
    public bool CarrierPresent { get; private set; }

    /// <summary>Blocks that took the quiet shortcut (see <see cref="Demodulate"/>).</summary>
    internal long QuietBlocks { get; private set; }

    /// <summary>The sliding window's state (sums, ring slot, oscillator phases, bit clock), to compare two receivers in tests.</summary>
    internal (long MarkRe, long MarkIm, long SpaceRe, long SpaceIm, int RingPos, int MarkPhase, int SpacePhase, int BitClock, int Quiet) State =>
        (_markRe, _markIm, _spaceRe, _spaceIm, _ringPos, _markPhase, _spacePhase, _bitClock, _quiet);

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
        _tailPeak = 0;
        if (CarrierPresent)
        {
            CarrierPresent = false;
            _sink.OnCarrier(false);
        }
    }

    /// <summary>Processes a block of received samples.</summary>
    public void Demodulate(ReadOnlySpan<short> samples)
    {
        // A quiet block without a carrier (digital silence, line noise: what a sender hears while it transmits)
        // cannot turn the carrier on, so nothing but the sliding window changes: only its last Window samples are
        // mixed (Skip). The state after it is exactly the sample-by-sample loop's, at a sixth of the work for 160.
        var peak = PeakOf(samples);
        if (!CarrierPresent && _filled >= Window && samples.Length >= Window && Math.Max(peak, _tailPeak) <= _quietPeak)
        {
            Skip(samples);
        }
        else
        {
            Run(samples);
        }
        _tailPeak = samples.Length >= Window ? PeakOf(samples[^Window..]) : Math.Max(_tailPeak, peak);
    }

    // The window after a block depends only on its last Window samples: the sums equal the ring's contents (they are
    // updated by exact integer differences), the ring slot and the oscillator phases of a sample follow from its index.
    private void Skip(ReadOnlySpan<short> samples)
    {
        QuietBlocks++;
        var skipped = samples.Length - Window;
        _ringPos = (_ringPos + skipped) % Window;
        _markPhase = (int)((_markPhase + (long)skipped * _markStep) % SineTable.Length);
        _spacePhase = (int)((_spacePhase + (long)skipped * _spaceStep) % SineTable.Length);
        foreach (var x in samples[skipped..])
            Mix(x);
    }

    // Largest |sample| (in int: −32768 counts as 32768).
    private static int PeakOf(ReadOnlySpan<short> samples)
    {
        var i = 0;
        var max = 0;
        var min = 0;
        if (Vector.IsHardwareAccelerated && samples.Length >= Vector<short>.Count)
        {
            var vmax = Vector<short>.Zero;
            var vmin = Vector<short>.Zero;
            for (; i <= samples.Length - Vector<short>.Count; i += Vector<short>.Count)
            {
                var v = new Vector<short>(samples[i..]);
                vmax = Vector.Max(vmax, v);
                vmin = Vector.Min(vmin, v);
            }
            for (var k = 0; k < Vector<short>.Count; k++)
            {
                max = Math.Max(max, vmax[k]);
                min = Math.Min(min, vmin[k]);
            }
        }
        for (; i < samples.Length; i++)
        {
            max = Math.Max(max, samples[i]);
            min = Math.Min(min, samples[i]);
        }
        return Math.Max(max, -min);
    }

    // Mixes one sample down by each tone and slides the one-bit window (the sums change by exact differences).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Mix(short x)
    {
        var table = _table;
        var ring = _ring;
        var p = _ringPos * 4;
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
    }

    private void Run(ReadOnlySpan<short> samples)
    {
        foreach (var x in samples)
        {
            Mix(x);
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
