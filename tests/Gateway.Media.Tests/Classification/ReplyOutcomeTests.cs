using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

/// <summary>
/// The per-utterance outcome the noise evaluation's miss breakdown reads (session 8, <c>ReplyDetector.Diagnostics.cs</c>):
/// which rule ended each utterance, its length and voice. Scripted VAD over steady white noise, so the rule is pinned.
/// </summary>
public sealed class ReplyOutcomeTests
{
    private const int BurstFrame = 50;

    private static ReplyDetector Run(int burstFrames, double burstDbm0, double noiseDbm0 = -40)
    {
        var rng = new Random(5);
        var x = new float[Signals.Samples(2500)];
        for (var f = 0; f < x.Length / 160; f++)
        {
            var frame = new float[160];
            Signals.AddWhiteNoise(frame, f is >= BurstFrame && f < BurstFrame + burstFrames ? burstDbm0 : noiseDbm0, rng);
            Array.Copy(frame, 0, x, f * 160, 160);
        }

        var pcm = Channel.Finish(x, G711Law.MuLaw, 0, rng);
        var reply = new ReplyDetector(
            new ReplyDetectorOptions { MaxReplays = 0, WordCheck = WordCheck.Off },
            new SpeechDetector(new ScriptedVad(f => f >= BurstFrame && f < BurstFrame + burstFrames)));
        reply.StartPrompt(0);
        reply.PromptFinished(0);
        for (var f = 0; f + 160 <= pcm.Length && !reply.Process(pcm.AsSpan(f, 160), f / 8).IsFinal; f += 160)
        {
        }

        return reply;
    }

    [Fact]
    public void A_clear_da_ends_as_yes_with_its_length_and_voice()
    {
        var reply = Run(6, -20);
        Assert.Equal(1, reply.UtterancesEnded);
        Assert.Equal("yes", reply.LastOutcome);
        Assert.Equal((BurstFrame * 20L, 120, 120, 120), reply.LastUtterance); // the first voice frame's start to the last's end; 6 voice frames in one run
        Assert.True(reply.LastMarginDb > 10, $"margin {reply.LastMarginDb:F1}");
    }

    [Fact]
    public void Too_short_a_burst_ends_as_short_and_is_never_judged()
    {
        var reply = Run(3, -20);
        Assert.Equal("short", reply.LastOutcome);
        Assert.Equal(0, reply.ContrastChecks);
    }

    [Fact]
    public void A_burst_just_under_the_steady_contrast_is_near_and_far_under_it_is_contrast()
    {
        var near = Run(6, -36); // ≈ 4 dB over the median: misses the 5 dB by ≈ 1 dB (within the 2 dB unsure margin; no replay left)
        Assert.Equal("near", near.LastOutcome);
        Assert.InRange(near.LastMarginDb, -2, 0);
        var far = Run(6, -38.5);
        Assert.Equal("contrast", far.LastOutcome);
        Assert.True(far.LastMarginDb < -2, $"margin {far.LastMarginDb:F1}");
    }
}
