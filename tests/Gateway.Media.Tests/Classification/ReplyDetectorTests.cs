using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

public sealed class ReplyDetectorTests
{
    private static ReplyKind Run(int promptLengthMs, int daAtMs, ReplyDetectorOptions options)
    {
        var u = Corpus.Instance.Of("tune", "yes").First(x => x.Id == "yes-da" && x.Voice == "m3");
        var x = new float[Signals.Samples(daAtMs + 3000)];
        Signals.AddWhiteNoise(x, -65, new Random(3));
        Channel.Place(x, Channel.Scaled(u.Samples, -20), Signals.Samples(daAtMs));
        var pcm = Channel.Finish(x, G711Law.ALaw, 0, new Random(4));
        var reply = new ReplyDetector(options);
        reply.StartPrompt(0);
        var kinds = new List<ReplyKind>();
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            if (f / 8 == promptLengthMs)
            {
                reply.PromptFinished(f / 8);
            }

            // The prompt's own samples are not played here: this tests the timing rule, not the echo gate.
            var d = reply.Process(pcm.AsSpan(f, 160), f / 8);
            kinds.Add(d.Kind);
        }

        return kinds.Contains(ReplyKind.Yes) ? ReplyKind.Yes : kinds.Contains(ReplyKind.StopPrompt) ? ReplyKind.StopPrompt : kinds.LastOrDefault(k => k != ReplyKind.None);
    }

    [Fact]
    public void Voice_that_begins_before_the_question_is_asked_is_neither_a_yes_nor_a_barge_in()
    {
        var options = new ReplyDetectorOptions { MaxReplays = 0, ReplyWindowMs = 60_000 };
        Assert.Equal(ReplyKind.None, Run(4000, 400, options));
    }

    [Fact]
    public void The_same_da_after_the_question_is_a_yes()
    {
        var options = new ReplyDetectorOptions { MaxReplays = 0, ReplyWindowMs = 60_000 };
        Assert.Equal(ReplyKind.Yes, Run(4000, 1200, options));
        Assert.Equal(ReplyKind.Yes, Run(4000, 400, new ReplyDetectorOptions { MaxReplays = 0, ReplyWindowMs = 60_000, QuestionMs = 0 }));
    }

    private static ReplyKind VoiceThenToneFrame(int toneBridgeMs, int toneFrames)
    {
        // 4 voice frames (80 ms, white noise at −30 dBm0), then SIT's 950 Hz for toneFrames frames, then quiet.
        var x = new float[Signals.Samples(2000)];
        Signals.AddWhiteNoise(x, -70, new Random(5));
        var voice = new float[Signals.Samples(80)];
        Signals.AddWhiteNoise(voice, -30, new Random(6));
        Channel.Place(x, voice, Signals.Samples(200));
        Signals.AddTone(x, Signals.Samples(280), Signals.Samples(20 * toneFrames), -20, 0, 950);
        var pcm = Channel.Finish(x, G711Law.ALaw, 0, new Random(7));
        var reply = new ReplyDetector(
            new ReplyDetectorOptions { MaxReplays = 0, ToneBridgeMs = toneBridgeMs, WordCheck = WordCheck.Off }, // a white-noise "voice": no words
            new SpeechDetector(new ScriptedVad(f => f is >= 10 and < 14)));
        reply.StartPrompt(0);
        reply.PromptFinished(0);
        var got = ReplyKind.None;
        for (var f = 0; f + 160 <= pcm.Length && got == ReplyKind.None; f += 160)
        {
            got = reply.Process(pcm.AsSpan(f, 160), f / 8).Kind;
            if (f / 160 == 14)
            {
                Assert.Equal(SpeechFrame.Tone, reply.Speech.LastDecision); // the tone bank claims the frame after the voice
            }
        }

        return got;
    }

    [Fact]
    public void A_frame_claimed_by_a_tone_detector_inside_an_utterance_does_not_cut_it_short()
    {
        Assert.Equal(ReplyKind.Yes, VoiceThenToneFrame(toneBridgeMs: 60, toneFrames: 1));
        Assert.NotEqual(ReplyKind.Yes, VoiceThenToneFrame(toneBridgeMs: 0, toneFrames: 1)); // 80 ms: shorter than MinUtteranceMs
    }
}
