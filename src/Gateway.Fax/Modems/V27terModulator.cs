namespace Gateway.Fax.Modems;

/// <summary>
/// V.27 ter transmitter (2400 and 4800 bit/s): 8-phase (4800, 1600 baud) or 4-phase (2400, 1200 baud)
/// differential PSK on an 1800 Hz carrier (§2.1-2.3, Tables 1 and 2), the scrambler of §2.6 and the long
/// training sequence of §2.5 (Table 3): optional echo protection tone, 20 ms silence, 50 symbols of 180°
/// reversals, 1074 symbols of scrambled 0°/180° phase, 8 symbols of scrambled ones. Fax uses only the long
/// sequence. Turn-off: 32 symbols of scrambled ones, then the filter tail.
/// </summary>
public sealed class V27terModulator : QamModulator
{
    /// <summary>Segment 1: unmodulated carrier (echo protection), symbols; only with TEP.</summary>
    public const int Segment1Symbols = 320;
    /// <summary>Segment 2: silence, symbols.</summary>
    public const int Segment2Symbols = 32;
    /// <summary>Segment 3: continuous 180° reversals, symbols.</summary>
    public const int Segment3Symbols = 50;
    /// <summary>Segment 4: equaliser conditioning, symbols.</summary>
    public const int Segment4Symbols = 1074;
    /// <summary>Segment 5: scrambled ones, symbols.</summary>
    public const int Segment5Symbols = 8;
    /// <summary>Turn-off: scrambled ones after the data.</summary>
    public const int TurnOffSymbols = 32;

    // §2.2 Table 1 (4800): tribit → phase change in 45° steps; Table 2 (2400): dibit → phase change.
    private static ReadOnlySpan<byte> PhaseSteps4800 => [1, 0, 2, 3, 6, 7, 5, 4];
    private static ReadOnlySpan<byte> PhaseSteps2400 => [0, 2, 6, 4];

    private static readonly float[] PointRe = [1.414f, 1, 0, -1, -1.414f, -1, 0, 1];
    private static readonly float[] PointIm = [0, 1, 1.414f, 1, 0, -1, -1.414f, -1];

    private enum Segment { Tone, Silence, Reversals, Conditioning, Ones, Data, TurnOff, Done }

    private Dsp.V27terScrambler _scrambler;
    private Segment _segment;
    private int _count;
    private int _phase;

    /// <param name="bitRate">2400 or 4800.</param>
    /// <param name="source">The data bits.</param>
    /// <param name="tep">Send the echo protection tone first.</param>
    /// <param name="levelDbm0">Transmit level.</param>
    public V27terModulator(int bitRate, IModemBitSource? source, bool tep = false, double levelDbm0 = -10)
        : base(interpolation: bitRate == 4800 ? 5 : 20, decimation: bitRate == 4800 ? 1 : 3, carrierHz: 1800, rollOff: 0.5)
    {
        SetSource(source);
        Restart(bitRate, tep);
        SetLevel(levelDbm0);
    }

    /// <summary>The bit rate.</summary>
    public int BitRate { get; private set; }

    /// <inheritdoc />
    protected override double MeanSymbolPower => 2.0;

    /// <summary>Symbols of training before the first data bit.</summary>
    public static int TrainingSymbols(bool tep) => (tep ? Segment1Symbols : 0) + Segment2Symbols + Segment3Symbols + Segment4Symbols + Segment5Symbols;

    /// <summary>Starts a new transmission. The symbol rate is fixed by construction, so the rate cannot change here.</summary>
    public void Restart(int bitRate, bool tep)
    {
        if (bitRate is not (2400 or 4800))
            throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.27 ter runs at 2400 or 4800 bit/s.");
        if (BitRate != 0 && BitRate != bitRate)
            throw new ArgumentException("A V.27 ter modulator keeps the bit rate it was built for (the symbol rate differs).", nameof(bitRate));
        BitRate = bitRate;
        ResetShaper();
        UpdateGain();
        _scrambler = new Dsp.V27terScrambler(0x3C);
        _phase = 0;
        _count = 0;
        _segment = tep ? Segment.Tone : Segment.Silence;
    }

    /// <inheritdoc />
    protected override void NextSymbol(out float re, out float im)
    {
        switch (_segment)
        {
            case Segment.Tone:
                Advance(Segment1Symbols, Segment.Silence);
                re = PointRe[0];
                im = PointIm[0];
                return;
            case Segment.Silence:
                Advance(Segment2Symbols, Segment.Reversals);
                re = 0;
                im = 0;
                return;
            case Segment.Reversals:
                _phase = (_phase + 4) & 7;
                Advance(Segment3Symbols, Segment.Conditioning);
                break;
            case Segment.Conditioning:
                {
                    // §2.5 segment 4: every third scrambled one selects 0° or 180°.
                    var bit = _scrambler.Scramble(1);
                    _scrambler.Scramble(1);
                    _scrambler.Scramble(1);
                    _phase = (_phase + (bit << 2)) & 7;
                    Advance(Segment4Symbols, Segment.Ones);
                    break;
                }
            case Segment.Ones:
                Encode(allOnes: true);
                Advance(Segment5Symbols, Segment.Data);
                break;
            case Segment.Data:
                Encode(allOnes: false);
                if (DataEnded)
                {
                    _segment = Segment.TurnOff;
                    _count = 0;
                }
                break;
            case Segment.TurnOff:
                Encode(allOnes: true);
                Advance(TurnOffSymbols, Segment.Done);
                if (_segment == Segment.Done)
                    EndOfTransmission();
                break;
        }
        re = PointRe[_phase];
        im = PointIm[_phase];
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

    private void Encode(bool allOnes)
    {
        int step;
        if (BitRate == 4800)
        {
            var bits = Bit(allOnes);
            bits = (bits << 1) | Bit(allOnes);
            bits = (bits << 1) | Bit(allOnes);
            step = PhaseSteps4800[bits];
        }
        else
        {
            var bits = Bit(allOnes);
            bits = (bits << 1) | Bit(allOnes);
            step = PhaseSteps2400[bits];
        }
        _phase = (_phase + step) & 7;
    }
}
