using Gateway.Media.Classification;
using Gateway.Media.Codecs;
using Gateway.Media.Dsp;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>RTP comfort-noise frames (RFC 3389) are never speech, whatever their content, during or after the prompt.</summary>
public sealed class ComfortNoiseTests
{
    [Fact]
    public void A_da_delivered_as_comfort_noise_frames_is_never_a_yes()
    {
        var u = Corpus.Instance.Of("tune", "yes").First(x => x.Id == "yes-da" && x.Voice == "m3");
        var x = new float[Signals.Samples(3000)];
        Channel.Place(x, Channel.Scaled(u.Samples, -15), Signals.Samples(600));
        var pcm = Channel.Finish(x, G711Law.MuLaw, 0, new Random(1));
        var prompt = Signals.ToPcm(Channel.Scaled(Corpus.Instance.Prompt, -15));
        foreach (var duringPrompt in new[] { true, false })
        {
            var reply = new ReplyDetector(new ReplyDetectorOptions { MaxReplays = 0 });
            reply.StartPrompt(0);
            if (!duringPrompt)
            {
                reply.PromptFinished(0);
            }

            for (var f = 0; f + 160 <= pcm.Length; f += 160)
            {
                var far = duringPrompt ? prompt.AsSpan(f, 160) : default;
                var d = reply.Process(pcm.AsSpan(f, 160), f / 8, far, isComfortNoise: true);
                Assert.NotEqual(ReplyKind.Yes, d.Kind);
                Assert.NotEqual(ReplyKind.StopPrompt, d.Kind);
                Assert.Equal(SpeechFrame.ComfortNoise, reply.Speech.LastDecision);
            }
        }
    }

    [Fact]
    public void The_same_frames_not_marked_as_comfort_noise_are_a_yes()
    {
        var u = Corpus.Instance.Of("tune", "yes").First(x => x.Id == "yes-da" && x.Voice == "m3");
        var x = new float[Signals.Samples(3000)];
        Channel.Place(x, Channel.Scaled(u.Samples, -15), Signals.Samples(600));
        var pcm = Channel.Finish(x, G711Law.MuLaw, 0, new Random(1));
        var reply = new ReplyDetector(new ReplyDetectorOptions { MaxReplays = 0 });
        reply.StartPrompt(0);
        reply.PromptFinished(0);
        var got = ReplyKind.None;
        for (var f = 0; f + 160 <= pcm.Length && got == ReplyKind.None; f += 160)
        {
            got = reply.Process(pcm.AsSpan(f, 160), f / 8).Kind;
        }

        Assert.Equal(ReplyKind.Yes, got);
    }
}
