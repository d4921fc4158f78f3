using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

/// <summary>
/// Dense babble (session 8, <see cref="ReplyDetectorOptions.DenseContrastDb"/>): where the VAD's 3 s model of the background
/// spans at most 10 dB (90th less 10th percentile), a yes needs 5 dB over the context's upper quartile instead of 7. The
/// built-in DSP VAD hears white-noise frames whose level is drawn per frame: a dense background within 6 dB, or a gappy one
/// whose frames are that half the time and 18 dB lower the other half (a crowd of a few talkers pausing together).
/// </summary>
public sealed class ReplyDenseTests
{
    private const int BurstFrame = 150; // 3 s in: the VAD's histogram holds 3 s of background
    private const int BurstFrames = 6;  // 120 ms, a "да"
    private const int PromptEndFrame = 130; // the prompt "ends" 400 ms before the burst: inside the answer slot

    private static ReplyDetector Run(bool gappy, double burstOverUpperDb, ReplyDetectorOptions? options = null)
    {
        var rng = new Random(23);
        var x = new float[Signals.Samples(4000)];
        for (var f = 0; f < x.Length / 160; f++)
        {
            // Dense: −32…−26 dBm0 (upper quartile −27.5). Gappy: until 800 ms before the burst the same in 100 ms spells with
            // −46…−40 dBm0 between them, so the 800 ms context of the contrast rule is the same as over dense babble.
            var level = f is >= BurstFrame and < BurstFrame + BurstFrames ? -27.5 + burstOverUpperDb
                : gappy && f < BurstFrame - 40 && (f / 5) % 2 == 1 ? -46 + (rng.NextDouble() * 6) : -32 + (rng.NextDouble() * 6);
            var frame = new float[160];
            Signals.AddWhiteNoise(frame, level, rng);
            Array.Copy(frame, 0, x, f * 160, 160);
        }

        var pcm = Channel.Finish(x, G711Law.ALaw, 0, rng);
        var reply = new ReplyDetector(options ?? new ReplyDetectorOptions { MaxReplays = 0, WordCheck = WordCheck.Off }, new SpeechDetector(new DspVoiceActivityDetector()));
        reply.StartPrompt(0);
        for (var f = 0; f < pcm.Length / 160; f++)
        {
            if (f == PromptEndFrame)
            {
                reply.PromptFinished(f * 20);
            }

            if (reply.Process(pcm.AsSpan(f * 160, 160), f * 20).IsFinal)
            {
                break;
            }
        }

        return reply;
    }

    [Fact]
    public void Over_dense_babble_a_da_6_dB_over_the_upper_quartile_is_a_yes()
    {
        var reply = Run(gappy: false, burstOverUpperDb: 5.8);
        Assert.Equal("yes", reply.LastOutcome);
        Assert.False(reply.LastContextSteady);
        Assert.InRange(reply.LastBackgroundRangeDb, 3, 10);
        Assert.Equal(5, reply.LastRequiredContrastDb);
        Assert.InRange(reply.LastContrastDb, 5, 7);
    }

    [Fact]
    public void Over_a_gappy_background_the_same_da_needs_7_dB()
    {
        var reply = Run(gappy: true, burstOverUpperDb: 5.8);
        Assert.Equal("near", reply.LastOutcome); // 5–7 dB: within the unsure margin, no replay left
        Assert.InRange(reply.LastContrastDb, 5, 7);
        Assert.True(reply.LastBackgroundRangeDb > 10, $"range {reply.LastBackgroundRangeDb:F1} dB");
        Assert.Equal(7, reply.LastRequiredContrastDb);
    }

    [Fact]
    public void The_rule_can_be_switched_off()
    {
        var off = Run(gappy: false, burstOverUpperDb: 5.8, new ReplyDetectorOptions { MaxReplays = 0, WordCheck = WordCheck.Off, DenseBackgroundSpreadDb = 0 });
        Assert.Equal("near", off.LastOutcome);
        Assert.Equal(7, off.LastRequiredContrastDb);
    }
}
