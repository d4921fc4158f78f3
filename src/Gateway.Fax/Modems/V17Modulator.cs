namespace Gateway.Fax.Modems;

/// <summary>
/// V.17 transmitter (7200, 9600, 12 000, 14 400 bit/s): 2400 baud on an 1800 Hz carrier, scrambler
/// 1 + x^−18 + x^−23 (§2.4), differential encoding of Q1 Q2 and the 8-state trellis coder (§2.2, Table 2),
/// the constellations of Figures 3-6 and the training sequences of §2.5 (long: segments 1-4; short:
/// segments 1, 2 (38 symbols) and 4), optionally preceded by the talker echo protection tone.
/// Turn-off: 32 symbols of scrambled ones, then the filter tail.
/// </summary>
public sealed class V17Modulator : QamModulator
{
    /// <summary>Echo protection tone (unmodulated carrier), symbols (V.17 §2.5.1 note; 200 ms).</summary>
    public const int TepToneSymbols = 480;
    /// <summary>Silence after the echo protection tone, symbols (20 ms).</summary>
    public const int TepSilenceSymbols = 48;
    /// <summary>Segment 1: alternations ABAB, symbols (V.17 Table 4).</summary>
    public const int Segment1Symbols = 256;
    /// <summary>Segment 2: scrambled CDBA equaliser conditioning, long training.</summary>
    public const int Segment2LongSymbols = 2976;
    /// <summary>Segment 2 in the short training sequence.</summary>
    public const int Segment2ShortSymbols = 38;
    /// <summary>Segment 3: the bridge (rate signalling word 0x8880 scrambled), long training only.</summary>
    public const int Segment3Symbols = 64;
    /// <summary>Segment 4: scrambled ones through the trellis coder.</summary>
    public const int Segment4Symbols = 48;
    /// <summary>Turn-off: scrambled ones after the data.</summary>
    public const int TurnOffSymbols = 32;

    private const int BridgeWord = 0x8880;

    // Two scrambled training bits (first bit high) → ABCD index: 00 = C, 01 = D, 10 = B, 11 = A (§2.5.2).
    private static ReadOnlySpan<byte> DibitToTrainingPoint => [2, 3, 1, 0];
    // Bridge dibit → phase step of the ABCD sequence.
    private static ReadOnlySpan<byte> BridgeStep => [1, 0, 2, 3];
    // §2.2 Table 1: differential encoding of Q1 Q2 → Y1 Y2 (new = previous + input, mod 4 in the code used here).
    private static ReadOnlySpan<byte> Differential => [0, 1, 2, 3, 1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2];
    // §2.2 Figure 2: the systematic 8-state convolutional encoder, state × (Y1 Y2) → next state; Y0 is bit 2 of the state.
    private static ReadOnlySpan<byte> Trellis => [0, 2, 3, 1, 4, 7, 5, 6, 1, 3, 2, 0, 7, 4, 6, 5, 2, 0, 1, 3, 6, 5, 7, 4, 3, 1, 0, 2, 5, 6, 4, 7];

    private enum Segment { TepTone, TepSilence, Alternations, Conditioning, Bridge, Ones, Data, TurnOff, Done }

    private Dsp.Scrambler1823 _scrambler;
    private Segment _segment;
    private int _count;
    private int _bitsPerSymbol;
    private int _trainingPoint;
    private int _diff;
    private int _trellis;
    private bool _shortTraining;
    private double _meanPower;

    /// <param name="bitRate">7200, 9600, 12 000 or 14 400.</param>
    /// <param name="source">The data bits (HDLC stream, T.4 data or TCF zeros).</param>
    /// <param name="shortTraining">Use the short training sequence (V.17 §2.5.2; only after a long one trained the receiver).</param>
    /// <param name="tep">Send the talker echo protection tone first.</param>
    /// <param name="levelDbm0">Transmit level.</param>
    public V17Modulator(int bitRate, IModemBitSource? source, bool shortTraining = false, bool tep = false, double levelDbm0 = -10)
        : base(interpolation: 10, decimation: 3, carrierHz: 1800, rollOff: 0.25)
    {
        SetSource(source);
        Restart(bitRate, shortTraining, tep);
        SetLevel(levelDbm0);
    }

    /// <summary>The bit rate.</summary>
    public int BitRate { get; private set; }

    /// <inheritdoc />
    protected override double MeanSymbolPower => _meanPower;

    /// <summary>Starts a new transmission (training first) at <paramref name="bitRate"/>; allocation-free.</summary>
    public void Restart(int bitRate, bool shortTraining, bool tep)
    {
        var points = PointsFor(bitRate);
        _bitsPerSymbol = bitRate / 2400;
        BitRate = bitRate;
        double p = 0;
        for (var i = 0; i < points.Length; i += 2)
            p += points[i] * points[i] + points[i + 1] * points[i + 1];
        _meanPower = p / (points.Length / 2);
        ResetShaper();
        UpdateGain();
        _scrambler = new Dsp.Scrambler1823(0x2ECDD5);
        _shortTraining = shortTraining;
        _segment = tep ? Segment.TepTone : Segment.Alternations;
        _count = 0;
        _trainingPoint = 0;
        // The differential encoder starts where the training left the receiver's reference (spandsp: 1 long, 0 short).
        _diff = shortTraining ? 0 : 1;
        _trellis = 0;
    }

    /// <summary>The signal points for <paramref name="bitRate"/> as interleaved pairs.</summary>
    public static ReadOnlySpan<sbyte> PointsFor(int bitRate) => bitRate switch
    {
        14400 => V17Constellations.Points14400,
        12000 => V17Constellations.Points12000,
        9600 => V17Constellations.Points9600,
        7200 => V17Constellations.Points7200,
        _ => throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.17 runs at 7200, 9600, 12000 or 14400 bit/s."),
    };

    /// <summary>Symbols of training before the first data bit, for the given options.</summary>
    public static int TrainingSymbols(bool shortTraining, bool tep) =>
        (tep ? TepToneSymbols + TepSilenceSymbols : 0) + Segment1Symbols
        + (shortTraining ? Segment2ShortSymbols : Segment2LongSymbols + Segment3Symbols) + Segment4Symbols;

    /// <inheritdoc />
    protected override void NextSymbol(out float re, out float im)
    {
        switch (_segment)
        {
            case Segment.TepTone:
                Advance(TepToneSymbols, Segment.TepSilence);
                Training(0, out re, out im);
                return;
            case Segment.TepSilence:
                Advance(TepSilenceSymbols, Segment.Alternations);
                re = 0;
                im = 0;
                return;
            case Segment.Alternations:
                // §2.5.1 segment 1: A B A B ...
                Training(_count & 1, out re, out im);
                Advance(Segment1Symbols, Segment.Conditioning);
                return;
            case Segment.Conditioning:
                {
                    var bits = (_scrambler.Scramble(1) << 1) | _scrambler.Scramble(1);
                    _trainingPoint = DibitToTrainingPoint[bits];
                    Training(_trainingPoint, out re, out im);
                    if (_shortTraining)
                        Advance(Segment2ShortSymbols, Segment.Ones);
                    else
                        Advance(Segment2LongSymbols, Segment.Bridge);
                    return;
                }
            case Segment.Bridge:
                {
                    // §2.5.1 segment 3: the 16-bit word, two bits per symbol, repeated 8 times, scrambled.
                    var shift = (_count & 7) << 1;
                    var bits = _scrambler.Scramble(BridgeWord >> shift) << 1;
                    bits |= _scrambler.Scramble(BridgeWord >> (shift + 1));
                    _trainingPoint = (_trainingPoint + BridgeStep[bits]) & 3;
                    Training(_trainingPoint, out re, out im);
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

    private static void Training(int index, out float re, out float im)
    {
        var t = V17Constellations.TrainingPoints;
        re = t[2 * index];
        im = t[2 * index + 1];
    }

    private void Encode(bool allOnes, out float re, out float im)
    {
        var q = 0;
        for (var i = 0; i < _bitsPerSymbol; i++)
            q |= _scrambler.Scramble(allOnes ? 1 : NextDataBit()) << i;
        // §2.2: Q1 Q2 differentially encoded to Y1 Y2, the trellis adds Y0; Q3.. pass uncoded.
        _diff = Differential[(_diff << 2) | (q & 3)];
        _trellis = Trellis[(_trellis << 2) | _diff];
        var index = ((q << 1) & 0x78) | (_diff << 1) | ((_trellis >> 2) & 1);
        var points = _bitsPerSymbol switch
        {
            6 => V17Constellations.Points14400,
            5 => V17Constellations.Points12000,
            4 => V17Constellations.Points9600,
            _ => V17Constellations.Points7200,
        };
        re = points[2 * index];
        im = points[2 * index + 1];
    }
}
