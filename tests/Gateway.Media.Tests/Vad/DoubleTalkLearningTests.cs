using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// When the double-talk detector has learned its residual-echo ratio: a learnable echo-only frame (estimate clear of the
/// noise and dominant, correlation ≈ 1) counts once 5 more frames were not speech, whether or not they were learnable
/// themselves — on a quiet echo (ERL 20 dB) or early in the prompt few frames are learnable. And when trust lapses: after
/// frames that could have confirmed the filter and did not, not during a pause of the prompt.
/// </summary>
public sealed class DoubleTalkLearningTests
{
    [Fact]
    public void Learns_from_sparse_learnable_frames_in_27_frames_where_sessions_4_and_5_needed_37()
    {
        Assert.InRange(FramesToLearn(new DoubleTalkDetector()), 1, 27);
        Assert.InRange(FramesToLearn(new DoubleTalkDetector { CommitAfterQuietFrames = false }), 36, 60);
    }

    [Fact]
    public void A_speech_frame_still_discards_what_was_pending_before_it()
    {
        var dtd = new DoubleTalkDetector();
        for (var frame = 0; frame < 200; frame++)
        {
            // A learnable frame every 4th; every 5th frame is speech (Learn not called): nothing is ever 5 quiet frames old.
            var learnable = frame % 4 == 0;
            dtd.Observe(heard: 1e4, residual: 10, estimate: learnable ? 1e4 : 1, correlation: 1, noise: 1, diverged: false);
            if (frame % 5 != 4)
            {
                dtd.Learn();
            }
        }

        Assert.True(double.IsNaN(dtd.RatioDb));
    }

    [Fact]
    public void A_pause_in_the_prompt_keeps_the_trust_so_a_reply_right_after_it_is_heard()
    {
        Assert.True(NearEndAfterPause(new DoubleTalkDetector()));
        Assert.False(NearEndAfterPause(new DoubleTalkDetector { LapseOnInformativeFramesOnly = false }));
    }

    // 40 learnable echo-only frames, a 400 ms pause of the prompt (estimate under the noise), then a reply louder than
    // the echo estimate over the next word of the prompt.
    private static bool NearEndAfterPause(DoubleTalkDetector dtd)
    {
        for (var frame = 0; frame < 40; frame++)
        {
            dtd.Observe(heard: 1e4, residual: 10, estimate: 1e4, correlation: 1, noise: 1, diverged: false);
            dtd.Learn();
        }

        for (var frame = 0; frame < 20; frame++)
        {
            dtd.Observe(heard: 1, residual: 1, estimate: 0.5, correlation: 1, noise: 1, diverged: false);
            dtd.Learn();
        }

        return dtd.Observe(heard: 3e4, residual: 2e4, estimate: 1e4, correlation: 1, noise: 1, diverged: false);
    }

    // Echo-only frames, one in four learnable (the others: an estimate under the noise): frames until the ratio is known.
    private static int FramesToLearn(DoubleTalkDetector dtd)
    {
        for (var frame = 0; frame < 200; frame++)
        {
            var learnable = frame % 4 == 0;
            dtd.Observe(heard: 1e4, residual: 10, estimate: learnable ? 1e4 : 1, correlation: 1, noise: 1, diverged: false);
            dtd.Learn();
            if (!double.IsNaN(dtd.RatioDb))
            {
                return frame;
            }
        }

        return int.MaxValue;
    }
}
