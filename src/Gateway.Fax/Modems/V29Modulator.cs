namespace Gateway.Fax.Modems;

/// <summary>
/// V.29 transmitter (7200 and 9600 bit/s): 2400 baud on a 1700 Hz carrier, scrambler 1 + x^−18 + x^−23 (§6),
/// differential phase encoding of Q2 Q3 Q4 with the amplitude bit Q1 at 9600 bit/s (§2, Table 1, Figure 1),
/// and the synchronising signal of §3 (segment 1 silence, segment 2 ABAB, segment 3 CDCD from the
/// 1 + x^−6 + x^−7 training generator, segment 4 scrambled ones), optionally after the echo protection tone.
/// </summary>
public sealed class V29Modulator : QamModulator
{
    /// <summary>Echo protection tone, symbols (200 ms).</summary>
    public const int TepToneSymbols = 480;
    /// <summary>Segment 1: no transmitted energy, symbols (V.29 §3.2: 48 symbol intervals).</summary>
    public const int Segment1Symbols = 48;
    /// <summary>Segment 2: alternations, symbols (128).</summary>
    public const int Segment2Symbols = 128;
    /// <summary>Segment 3: equaliser conditioning CDCD, symbols (384).</summary>
    public const int Segment3Symbols = 384;
    /// <summary>Segment 4: scrambled ones, symbols (48).</summary>
    public const int Segment4Symbols = 48;
    /// <summary>Turn-off: scrambled ones after the data (V.29 defines none; they carry the last bits through the far end's equaliser).</summary>
    public const int TurnOffSymbols = 32;

    // §2 Table 1: Q2 Q3 Q4 → phase change in 45° steps.
    private static ReadOnlySpan<byte> PhaseSteps => [1, 0, 2, 3, 6, 7, 5, 4];

    // Figure 1 points: index = amplitude bit (8) | absolute phase (0..7, 45° steps). Low ring then high ring.
    private static ReadOnlySpan<sbyte> Points => [3, 0, 1, 1, 0, 3, -1, 1, -3, 0, -1, -1, 0, -3, 1, -1, 5, 0, 3, 3, 0, 5, -3, 3, -5, 0, -3, -3, 0, -5, 3, -3];
    // §3.3 Table 3: A/B of segment 2 and C/D of segment 3, per rate (9600, 7200).
    private static ReadOnlySpan<sbyte> Alternation => [3, -3, -3, 0, 1, -1, -3, 0];
    private static ReadOnlySpan<sbyte> Conditioning => [3, 0, -3, 3, 3, 0, -1, 1];

    private enum Segment { TepTone, Silence, Alternations, Conditioning, Ones, Data, TurnOff, Done }

    private Dsp.Scrambler1823 _scrambler;
    private Segment _segment;
    private int _count;
    private int _trainingRegister;
    private int _phase;
    private int _rateOffset;

    /// <param name="bitRate">7200 or 9600.</param>
    /// <param name="source">The data bits.</param>
    /// <param name="tep">Send the echo protection tone first.</param>
    /// <param name="levelDbm0">Transmit level.</param>
    public V29Modulator(int bitRate, IModemBitSource? source, bool tep = false, double levelDbm0 = -10)
        : base(interpolation: 10, decimation: 3, carrierHz: 1700, rollOff: 0.25)
    {
        SetSource(source);
        Restart(bitRate, tep);
        SetLevel(levelDbm0);
    }

    /// <summary>The bit rate.</summary>
    public int BitRate { get; private set; }

    /// <inheritdoc />
    protected override double MeanSymbolPower => BitRate == 9600 ? (9 + 2 + 25 + 18) / 4.0 : (9 + 2) / 2.0;

    /// <summary>Symbols of training before the first data bit.</summary>
    public static int TrainingSymbols(bool tep) => (tep ? TepToneSymbols : 0) + Segment1Symbols + Segment2Symbols + Segment3Symbols + Segment4Symbols;

    /// <summary>The signal point for amplitude bit <paramref name="high"/> and absolute phase <paramref name="phase"/> (45° steps).</summary>
    public static (int Re, int Im) Point(bool high, int phase)
    {
        var i = ((high ? 8 : 0) | (phase & 7)) * 2;
        return (Points[i], Points[i + 1]);
    }

    /// <summary>Starts a new transmission at <paramref name="bitRate"/>; allocation-free.</summary>
    public void Restart(int bitRate, bool tep)
    {
        _rateOffset = bitRate switch
        {
            9600 => 0,
            7200 => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.29 runs at 7200 or 9600 bit/s for fax."),
        };
        BitRate = bitRate;
        ResetShaper();
        UpdateGain();
        _scrambler = new Dsp.Scrambler1823(0);
        _trainingRegister = 0x2A;
        _phase = 0;
        _count = 0;
        _segment = tep ? Segment.TepTone : Segment.Silence;
    }

    /// <inheritdoc />
    protected override void NextSymbol(out float re, out float im)
    {
        switch (_segment)
        {
            case Segment.TepTone:
                re = 3;
                im = 0;
                Advance(TepToneSymbols, Segment.Silence);
                return;
            case Segment.Silence:
                re = 0;
                im = 0;
                Advance(Segment1Symbols, Segment.Alternations);
                return;
            case Segment.Alternations:
                {
                    // B first, then A, as spandsp's receiver expects the phase reversal pattern.
                    var i = _rateOffset + (_count & 1 ^ 1) * 2;
                    re = Alternation[i];
                    im = Alternation[i + 1];
                    Advance(Segment2Symbols, Segment.Conditioning);
                    return;
                }
            case Segment.Conditioning:
                {
                    // §3.3: the training generator 1 + x^−6 + x^−7 picks C (0) or D (1) each symbol.
                    var bit = _trainingRegister & 1;
                    _trainingRegister >>= 1;
                    _trainingRegister |= ((bit ^ _trainingRegister) & 1) << 6;
                    var i = _rateOffset + bit * 2;
                    re = Conditioning[i];
                    im = Conditioning[i + 1];
                    Advance(Segment3Symbols, Segment.Ones);
                    return;
                }
            case Segment.Ones:
                Encode(allOnes: true, out re, out im);
                Advance(Segment4Symbols, Segment.Data);
                return;
            case Segment.Data:
                Encode(allOnes: false, out re, out im);
                if (DataEnded)
                {
                    _segment = Segment.TurnOff;
                    _count = 0;
                }
                return;
            case Segment.TurnOff:
                Encode(allOnes: true, out re, out im);
                Advance(TurnOffSymbols, Segment.Done);
                if (_segment == Segment.Done)
                    EndOfTransmission();
                return;
            default:
                re = 0;
                im = 0;
                return;
        }
    }

    private void Advance(int length, Segment next)
    {
        if (++_count >= length)
        {
            _count = 0;
            _segment = next;
        }
    }

    private int Bit(bool allOnes) => _scrambler.Scramble(allOnes ? 1 : NextDataBit());

    private void Encode(bool allOnes, out float re, out float im)
    {
        // §2: Q1 (9600 only) picks the amplitude, Q2 Q3 Q4 the phase change; Q1 is the first bit in time.
        var amplitude = BitRate == 9600 && Bit(allOnes) != 0 ? 8 : 0;
        var bits = Bit(allOnes);
        bits = (bits << 1) | Bit(allOnes);
        bits = (bits << 1) | Bit(allOnes);
        _phase = (_phase + PhaseSteps[bits]) & 7;
        var i = (amplitude | _phase) * 2;
        re = Points[i];
        im = Points[i + 1];
    }
}
