using Gateway.Media.Classification;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

public sealed class AnswerClassifierTests
{
    private static AnswerDecision Classify(int toneBridgeMs)
    {
        // "да?" as five voice frames (white noise at −25 dBm0 with a scripted VAD) from 600 ms, the middle one a pure
        // 950 Hz frame (SIT's first segment frequency, claimed by the tone bank), then quiet.
        var x = new float[Signals.Samples(4000)];
        Signals.AddWhiteNoise(x, -70, new Random(1));
        var voice = new float[Signals.Samples(100)];
        Signals.AddWhiteNoise(voice, -25, new Random(2));
        Channel.Place(x, voice, Signals.Samples(600));
        Array.Clear(x, Signals.Samples(640), Signals.Samples(20));
        Signals.AddTone(x, Signals.Samples(640), Signals.Samples(20), -20, 0, 950);
        var pcm = Channel.Finish(x, G711Law.MuLaw, 0, new Random(3));
        var c = new AnswerClassifier(new AnswerClassifierOptions { ToneBridgeMs = toneBridgeMs }, new SpeechDetector(new ScriptedVad(f => f is >= 30 and < 35)));
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            var d = c.Process(pcm.AsSpan(f, 160), f / 8);
            if (f / 160 == 32)
            {
                Assert.Equal(SpeechFrame.Tone, c.Speech.LastDecision);
            }

            if (d.IsFinal)
            {
                return d;
            }
        }

        return c.Decision;
    }

    [Fact]
    public void A_frame_claimed_by_SIT_inside_a_short_word_keeps_the_word_whole()
    {
        Assert.Equal(AnswerClass.Human, Classify(toneBridgeMs: 40).Class);
        Assert.Equal(AnswerClass.Silence, Classify(toneBridgeMs: 0).Class); // two 40 ms runs: no word
    }
}
