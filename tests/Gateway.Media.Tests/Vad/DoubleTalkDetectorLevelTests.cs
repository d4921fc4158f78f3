using Gateway.Media.Dsp;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// Session 9: the residual-echo ratios learned per level of a band's echo estimate over the line noise
/// (<see cref="DoubleTalkDetector.LevelEdgesDb"/>): the residual echo of loud frames is predicted from loud frames, never above
/// the single ratio per band of sessions 4–8.
/// </summary>
public sealed class DoubleTalkDetectorLevelTests
{
    [Fact]
    public void Loud_echo_frames_are_predicted_lower_than_by_the_single_ratio_and_never_higher()
    {
        var (near, far) = EchoCancellerTests.EchoOf(16, 6, seed: 9);
        var (levels, single) = Excesses(near, far, new DoubleTalkDetector());
        Assert.NotEmpty(levels);
        // Never above the single ratio: the excess over the level prediction is at least the excess over the single one.
        Assert.All(levels, f => Assert.True(f.Level >= f.Single - 1e-9, $"{f.Level:F2} < {f.Single:F2} dB"));
        // Loud frames (estimate at or over −30 dBm0): the single ratio, set by quiet frames, over-predicts them; per level it does not.
        var loud = levels.Where(f => f.EstimateDbm0 >= -30).Select(f => f.Level - f.Single).Order().ToList();
        Assert.True(loud.Count >= 20, $"{loud.Count} loud trusted frames");
        Assert.True(loud[loud.Count / 2] >= 3, $"median gain in loud frames {loud[loud.Count / 2]:F1} dB");
        // Off (sessions 4–8): the two predictions are the same.
        var (off, _) = Excesses(near, far, new DoubleTalkDetector { LevelEdgesDb = [] });
        Assert.All(off, f => Assert.Equal(f.Single, f.Level, 9));
    }

    [Fact]
    public void More_than_five_level_edges_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DoubleTalkDetector { LevelEdgesDb = [10, 15, 20, 25, 30, 35] });
    }

    // Every trusted frame of the speech detector over near (what we heard) while far plays: the excess over the level prediction,
    // over the single ratio, and the canceller's estimate.
    private static (List<(double Level, double Single, double EstimateDbm0)> Frames, int Speech) Excesses(short[] near, short[] far, DoubleTalkDetector dtd)
    {
        var speech = new SpeechDetector(doubleTalk: dtd);
        var frame = new AnalysisFrame();
        var frames = new List<(double, double, double)>();
        var speechFrames = 0;
        for (var f = 0; f + 160 <= near.Length; f += 160)
        {
            frame.Load(near.AsSpan(f, 160), f / 8);
            speechFrames += speech.Process(frame, far.AsSpan(f, 160), false) == SpeechFrame.Speech ? 1 : 0;
            if (!double.IsNaN(dtd.LastExcessDb))
            {
                frames.Add((dtd.LastExcessDb, dtd.LastBandExcessDb, Level.MeanSquareToDbm0(speech.EchoCanceller!.LastEchoEstimateMeanSquare)));
            }
        }

        return (frames, speechFrames);
    }
}
