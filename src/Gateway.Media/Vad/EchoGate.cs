using Gateway.Media.Dsp;

namespace Gateway.Media.Vad;

/// <summary>
/// Geigel-style echo gate (the double-talk rule of G.168-era cancellers), applied after the
/// <see cref="EchoCanceller"/>: a frame can only be speech if it is at least <see cref="MarginDb"/> above the
/// predicted echo, where the prediction is the loudest far-end (prompt) frame of the last
/// <see cref="WindowFrames"/> frames less the echo loss <see cref="LossDb"/> (ERL of the line plus the
/// canceller's ERLE). The window (160 ms) covers echo delays up to 64 ms plus the tail after the prompt.
/// </summary>
/// <remarks>
/// The loss is the minimum of far-minus-residual over the last <see cref="LearnFrames"/> prompt frames that were not
/// speech (<see cref="Learn"/>), clamped to <see cref="MinLossDb"/>–<see cref="MaxLossDb"/>; the minimum (6 dB)
/// until that many frames are in. So it rises as the canceller converges (within half a second), falls at once
/// when the echo gets louder, and speech over the prompt, never learned, cannot loosen it.
/// </remarks>
public sealed class EchoGate
{
    private const double FarActiveDbm0 = -45;
    private const double FarOverNoiseDb = 20;
    private readonly double[] _far;
    private readonly double[] _learn;
    private int _farIndex;
    private int _learned;
    private double _lossDb = double.NaN;
    private double _relearnFloorDb = double.NegativeInfinity;

    /// <summary>Creates a gate.</summary>
    public EchoGate(int windowFrames = 8, int learnFrames = 25)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(learnFrames, 1);
        WindowFrames = windowFrames;
        LearnFrames = learnFrames;
        _far = new double[windowFrames];
        _learn = new double[learnFrames];
    }

    /// <summary>Far-end history length in frames.</summary>
    public int WindowFrames { get; }

    /// <summary>Prompt frames over which the loss is the minimum.</summary>
    public int LearnFrames { get; }

    /// <summary>How far above the predicted echo near-end speech must be.</summary>
    public double MarginDb { get; init; } = 6;

    /// <summary>The lowest loss ever assumed: a hybrid's ERL is at least 6 dB (G.168 §6.4).</summary>
    public double MinLossDb { get; init; } = 6;

    /// <summary>The highest loss ever assumed.</summary>
    public double MaxLossDb { get; init; } = 60;

    /// <summary>The echo loss in use, dB (<see cref="MinLossDb"/> until learned).</summary>
    public double LossDb => double.IsNaN(_lossDb) ? Math.Max(MinLossDb, _relearnFloorDb) : _lossDb;

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
    /// Decides whether a frame of <paramref name="meanSquare"/> (after echo cancellation) can be speech.
    /// Call after <see cref="ObserveFarEnd"/> for the same frame.
    /// </summary>
    public bool Passes(double meanSquare)
    {
        var far = MaxFar();
        if (far <= 0)
        {
            return true;
        }

        var predictedDb = Level.MeanSquareToDbm0(far) - LossDb;
        return Level.MeanSquareToDbm0(meanSquare) >= predictedDb + MarginDb;
    }

    /// <summary>
    /// How far (dB) a frame of mean square <paramref name="meanSquare"/> stands above the predicted echo (the loudest far-end
    /// frame of the window less the loss); +∞ when nothing was played within the window.
    /// </summary>
    public double ClearanceDb(double meanSquare)
    {
        var far = MaxFar();
        return far <= 0 ? double.PositiveInfinity : Level.MeanSquareToDbm0(meanSquare) - (Level.MeanSquareToDbm0(far) - LossDb);
    }

    /// <summary>
    /// Learns the loss from a frame that was judged not to be speech (echo, silence), of
    /// <paramref name="meanSquare"/> after cancellation, on a line whose noise floor is
    /// <paramref name="noiseMeanSquare"/>. Frames while the prompt is quiet, or not clearly above the noise, are
    /// ignored; the noise is taken out of a frame clearly above it (3 dB or more), and a frame below that counts as
    /// all echo (a lower bound on the loss, so the gate errs strict).
    /// </summary>
    public void Learn(double meanSquare, double noiseMeanSquare = 0)
    {
        var farDb = Level.MeanSquareToDbm0(MaxFar());
        if (farDb < FarActiveDbm0 || farDb < Level.MeanSquareToDbm0(noiseMeanSquare) + FarOverNoiseDb)
        {
            return;
        }

        var echo = meanSquare >= 2 * noiseMeanSquare ? meanSquare - noiseMeanSquare : meanSquare;
        _learn[_learned % LearnFrames] = farDb - Level.MeanSquareToDbm0(echo);
        if (++_learned >= LearnFrames)
        {
            _learned = LearnFrames + (_learned % LearnFrames); // keeps the ring index, never overflows
            var min = double.MaxValue;
            foreach (var v in _learn)
            {
                min = Math.Min(min, v);
            }

            _lossDb = Math.Clamp(min, MinLossDb, MaxLossDb);
        }
    }

    /// <summary>Forgets the learned loss (the echo canceller lost the echo path): back to the minimum, learned anew.</summary>
    public void Relearn() => Relearn(double.NaN);

    /// <summary>
    /// As <see cref="Relearn()"/>, with <paramref name="floorDb"/> as the loss until the new one is learned (NaN: the
    /// minimum): what else is known of the echo path (the line's own ERL) bounds the echo while the loss is relearned.
    /// </summary>
    public void Relearn(double floorDb)
    {
        _learned = 0;
        _lossDb = double.NaN;
        _relearnFloorDb = double.IsNaN(floorDb) ? double.NegativeInfinity : Math.Min(floorDb, MaxLossDb);
    }

    /// <summary>Forgets the far-end history and the learned loss (a new call).</summary>
    public void Reset()
    {
        Array.Clear(_far);
        _learned = 0;
        _lossDb = double.NaN;
        _relearnFloorDb = double.NegativeInfinity;
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
