using Gateway.Fax.Modems.Dsp;

namespace Gateway.Fax.Modems;

/// <summary>
/// V.21 channel 2 transmitter (V.21 §2-3; T.30 §5.3.1): 300 bit/s binary FSK, mark (1) = 1650 Hz,
/// space (0) = 1850 Hz, continuous phase. One bit lasts exactly 80/3 samples at 8 kHz; the bit clock is
/// kept in thirds of a sample so it never drifts. Stops (carrier off) when the bit source returns −1.
/// </summary>
public sealed class V21Modulator : IFaxModulator
{
    /// <summary>Mark frequency (binary 1), Hz.</summary>
    public const int MarkHz = 1650;
    /// <summary>Space frequency (binary 0), Hz.</summary>
    public const int SpaceHz = 1850;
    /// <summary>Bit rate.</summary>
    public const int BitRate = 300;

    // One bit = 80 thirds of a sample (8000 / 300 = 26 2/3).
    private const int ThirdsPerBit = 80;

    private readonly int _markStep = SineTable.StepFor(MarkHz);
    private readonly int _spaceStep = SineTable.StepFor(SpaceHz);
    private IModemBitSource? _source;
    private float _amplitude;
    private int _phase;
    private int _bitClock;
    private int _step;
    private bool _started;

    /// <param name="source">The bits to send (usually an HDLC bit stream).</param>
    /// <param name="levelDbm0">Transmit level; T.30 terminals usually send V.21 at −14 dBm0 (spandsp default).</param>
    public V21Modulator(IModemBitSource? source, double levelDbm0 = -14)
    {
        _source = source;
        SetLevel(levelDbm0);
    }

    /// <inheritdoc />
    public bool IsFinished { get; private set; }

    /// <summary>The transmit level in dBm0.</summary>
    public double LevelDbm0 { get; private set; }

    /// <summary>Sets the transmit level.</summary>
    public void SetLevel(double dbm0)
    {
        Level.Validate(dbm0);
        LevelDbm0 = dbm0;
        _amplitude = (float)Level.SinePeakFor(dbm0);
    }

    /// <summary>Starts a new transmission with <paramref name="source"/>; allocation-free.</summary>
    public void Restart(IModemBitSource? source)
    {
        _source = source;
        _phase = 0;
        _bitClock = 0;
        _started = false;
        IsFinished = false;
    }

    /// <inheritdoc />
    public int Modulate(Span<short> samples)
    {
        if (IsFinished)
            return 0;
        var sine = SineTable.Values;
        var n = 0;
        for (; n < samples.Length; n++)
        {
            if (!_started || (_bitClock += 3) >= ThirdsPerBit)
            {
                if (_started)
                    _bitClock -= ThirdsPerBit;
                _started = true;
                var bit = _source?.NextBit() ?? -1;
                if (bit < 0)
                {
                    IsFinished = true;
                    break;
                }
                _step = (bit & 1) != 0 ? _markStep : _spaceStep;
            }
            samples[n] = (short)MathF.Round(sine[_phase] * _amplitude);
            if ((_phase += _step) >= SineTable.Length)
                _phase -= SineTable.Length;
        }
        return n;
    }
}
