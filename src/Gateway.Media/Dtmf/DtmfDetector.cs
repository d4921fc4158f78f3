using Gateway.Media.Dsp;
using Gateway.Media.Tones;

namespace Gateway.Media.Dtmf;

/// <summary>
/// In-band DTMF (ITU-T Q.23 frequencies, Q.24 acceptance): per 20 ms frame, the strongest row and column
/// Goertzel bins must together carry most of the frame's power, each stand ≥ 6 dB above the rest of its group,
/// keep twist within +4/−8 dB, and exceed the minimum level. Reported once after two consecutive frames
/// (40 ms, Q.24 requires ≥ 40 ms) and re-armed after a frame without it.
/// </summary>
public sealed class DtmfDetector
{
    // Q.23: rows 697/770/852/941 Hz, columns 1209/1336/1477/1633 Hz, all eight in one pass.
    private static readonly GoertzelBank Bank = new([697, 770, 852, 941, 1209, 1336, 1477, 1633]);
    private static readonly char[,] Keys =
    {
        { '1', '2', '3', 'A' },
        { '4', '5', '6', 'B' },
        { '7', '8', '9', 'C' },
        { '*', '0', '#', 'D' },
    };

    private char _candidate;
    private int _count;
    private bool _reported;

    /// <summary>Minimum level of each of the two tones (Q.24 sensitivity is typically −25 to −36 dBm0 per tone).</summary>
    public double MinToneLevelDbm0 { get; init; } = -36;

    /// <summary>True when the current frame holds a valid DTMF pair.</summary>
    public bool ToneOn { get; private set; }

    /// <summary>Feeds one frame; returns the digit once per key press.</summary>
    public ToneDetection Process(AnalysisFrame frame)
    {
        var digit = Classify(frame);
        ToneOn = digit != '\0';
        if (digit == '\0' || digit != _candidate)
        {
            _candidate = digit;
            _count = digit == '\0' ? 0 : 1;
            _reported = false;
            return ToneDetection.None;
        }

        _count++;
        if (_reported || _count < 2)
        {
            return ToneDetection.None;
        }

        _reported = true;
        return new ToneDetection(ToneKind.Dtmf, frame.TimestampMs, frame.LevelDbm0, Digit: digit);
    }

    private char Classify(AnalysisFrame frame)
    {
        if (frame.IsComfortNoise || frame.MeanSquare <= 0)
        {
            return '\0';
        }

        Span<double> powers = stackalloc double[GoertzelBank.Size];
        Bank.Powers(frame.Windowed, powers);
        var rows = powers[..4];
        var cols = powers[4..];

        var r = ArgMax(rows);
        var c = ArgMax(cols);
        var pr = rows[r];
        var pc = cols[c];
        var minPower = Level.Dbm0ToMeanSquare(MinToneLevelDbm0);
        if (pr < minPower || pc < minPower || (pr + pc) / frame.MeanSquare < 0.6)
        {
            return '\0';
        }

        // Twist: column (high group) may be 4 dB above or 8 dB below the row (Q.24 Table 1 typical values).
        if (pc > pr * 2.5 || pc < pr * 0.158)
        {
            return '\0';
        }

        for (var i = 0; i < 4; i++)
        {
            if ((i != r && rows[i] * 4 > pr) || (i != c && cols[i] * 4 > pc))
            {
                return '\0';
            }
        }

        return Keys[r, c];
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
