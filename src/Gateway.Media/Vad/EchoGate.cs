using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// Geigel-style echo gate (the double-talk rule of G.168-era cancellers): a near-end frame can only be speech
/// if it is at least <see cref="MarginDb"/> above the predicted echo, where the prediction is the loudest
/// far-end (prompt) frame of the last <see cref="WindowFrames"/> frames less the echo return loss (ERL).
/// ERL is learned over the first <see cref="LearnFrames"/> prompt frames (the minimum of far-minus-near,
/// so speech over the start of the prompt only makes the gate stricter) and clamped to 6–40 dB; until it is
/// learned 6 dB is assumed. The window (160 ms) covers echo delays up to 64 ms plus the tail after the prompt.
/// </summary>
public sealed class EchoGate
{
    private const double FarActiveMeanSquareDbm0 = -45;
    private readonly double[] _far;
    private readonly double[] _learn;
    private int _farIndex;
    private int _learned;
    private double _erlDb = double.NaN;

    /// <summary>Creates a gate.</summary>
    public EchoGate(int windowFrames = 8, int learnFrames = 20)
    {
        WindowFrames = windowFrames;
        LearnFrames = learnFrames;
        _far = new double[windowFrames];
        _learn = new double[learnFrames];
    }

    /// <summary>Far-end history length in frames.</summary>
    public int WindowFrames { get; }

    /// <summary>Prompt frames used to learn the ERL.</summary>
    public int LearnFrames { get; }

    /// <summary>How far above the predicted echo near-end speech must be.</summary>
    public double MarginDb { get; init; } = 6;

    /// <summary>The ERL in use (6 dB until learned).</summary>
    public double ErlDb => double.IsNaN(_erlDb) ? 6 : _erlDb;

    /// <summary>True while some far-end energy is in the window (the gate is active).</summary>
    public bool Active { get; private set; }

    /// <summary>Records what we played in this frame (empty: nothing).</summary>
    public void ObserveFarEnd(ReadOnlySpan<short> farEnd)
    {
        _far[_farIndex] = farEnd.IsEmpty ? 0 : Level.MeanSquare(farEnd);
        _farIndex = (_farIndex + 1) % _far.Length;
        Active = MaxFar() > 0;
    }

    /// <summary>
    /// Decides whether a near-end frame of <paramref name="nearMeanSquare"/> can be speech, learning the ERL
    /// from it while the prompt starts. Call after <see cref="ObserveFarEnd"/> for the same frame.
    /// </summary>
    public bool Passes(double nearMeanSquare)
    {
        var far = MaxFar();
        if (far <= 0)
        {
            return true;
        }

        var farDb = Level.MeanSquareToDbm0(far);
        if (_learned < LearnFrames && farDb >= FarActiveMeanSquareDbm0)
        {
            _learn[_learned++] = farDb - Level.MeanSquareToDbm0(nearMeanSquare);
            if (_learned == LearnFrames)
            {
                Array.Sort(_learn);
                _erlDb = Math.Clamp(_learn[0], 6, 40);
            }
        }

        var predictedDb = farDb - ErlDb;
        return Level.MeanSquareToDbm0(nearMeanSquare) >= predictedDb + MarginDb;
    }

    /// <summary>Forgets the far-end history and the learned ERL (a new call).</summary>
    public void Reset()
    {
        Array.Clear(_far);
        _learned = 0;
        _erlDb = double.NaN;
        Active = false;
    }

    private double MaxFar()
    {
        var max = 0.0;
        foreach (var f in _far)
        {
            max = Math.Max(max, f);
        }

        return max;
    }
}
