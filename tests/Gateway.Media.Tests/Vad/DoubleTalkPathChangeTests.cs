using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// When a contradiction of the canceller's estimate (correlation with what was heard far below 1) is an echo path change
/// (<see cref="DoubleTalkDetector.PathChanged"/>: the ratios and the gate's loss are forgotten, the reply detector drops the
/// utterance in progress) and when it only withdraws trust (session 7): at the end of a prompt word whose echo estimate
/// fell over two frames, and while nothing has been learned yet (a young filter's misfit).
/// </summary>
public sealed class DoubleTalkPathChangeTests
{
    [Fact]
    public void A_word_end_whose_estimate_falls_over_two_frames_is_no_path_change()
    {
        // The estimate falls 6 dB, then 6 more (12 dB in two frames, under 10 dB in each), and the next frame contradicts it.
        Assert.False(ContradictionAfterFall(new DoubleTalkDetector(), [1e4, 2.5e3, 6.3e2]));
        Assert.True(ContradictionAfterFall(new DoubleTalkDetector { WordEndFrames = 1 }, [1e4, 2.5e3, 6.3e2]));
    }

    [Fact]
    public void A_contradiction_without_a_fall_of_the_estimate_is_a_path_change()
    {
        Assert.True(ContradictionAfterFall(new DoubleTalkDetector(), [1e4, 1e4, 1e4]));
    }

    [Fact]
    public void A_contradiction_before_anything_was_learned_withdraws_trust_but_is_no_path_change()
    {
        var young = new DoubleTalkDetector();
        Assert.False(Contradict(young));
        Assert.Equal(1, young.Contradictions);
        Assert.True(Contradict(new DoubleTalkDetector { PathChangeOnlyWhenLearned = false }));
    }

    // Learns on 40 echo-only frames, then the estimates given (echo-only, confirming), then a frame that contradicts the last.
    private static bool ContradictionAfterFall(DoubleTalkDetector dtd, double[] estimates)
    {
        for (var frame = 0; frame < 40; frame++)
        {
            dtd.Observe(heard: 1e4, residual: 10, estimate: 1e4, correlation: 1, noise: 1, diverged: false);
            dtd.Learn();
        }

        Assert.True(dtd.Trusted);
        foreach (var e in estimates)
        {
            dtd.Observe(heard: e, residual: e / 1000, estimate: e, correlation: 1, noise: 1, diverged: false);
            dtd.Learn();
        }

        return Contradict(dtd, estimates[^1]);
    }

    // A frame whose estimate (28 dB over the noise) is not in what was heard: correlation 0.1, residual louder than the estimate.
    private static bool Contradict(DoubleTalkDetector dtd, double estimate = 6.3e2)
    {
        dtd.Observe(heard: estimate * 1.2, residual: estimate * 1.3, estimate: estimate, correlation: 0.1, noise: 1, diverged: false);
        return dtd.PathChanged;
    }
}
