using Gateway.Media.Classification;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// A person who says "алло" as the handset comes up is heard from the first frame: the noise model must not
/// learn the loud onset as the floor (the session-1 detector missed an "алло" starting within ~60 ms).
/// </summary>
public sealed class EarlySpeechTests
{
    // Recorded corpus utterances (scripts/corpus/build-corpus.sh), trimmed to their first sample within 30 dB
    // of the peak, so the onset really is at the stated offset after answer.
    public static TheoryData<int> Offsets => [0, 10, 20, 40, 60];

    [Theory]
    [MemberData(nameof(Offsets))]
    public void Allo_starting_right_after_answer_is_heard_as_speech(int offsetMs)
    {
        foreach (var u in Corpus.Instance.Of("tune", "human").Where(u => u.Id == "human-allo"))
        {
            var x = new float[Signals.Samples(2000)];
            var speech = Channel.Scaled(Trimmed(u.Samples), -25);
            Channel.Place(x, speech, Signals.Samples(offsetMs));
            Signals.AddWhiteNoise(x, -60, new Random(offsetMs));
            var pcm = Channel.Finish(x, G711Law.ALaw, 0, new Random(1));
            var detector = new SpeechDetector();
            var voiced = 0;
            var voicedInAllo = 0;
            var alloFrames = (speech.Length / 160) + (offsetMs / 20);
            for (var f = 0; f + 160 <= pcm.Length; f += 160)
            {
                var frame = new Gateway.Media.Dsp.AnalysisFrame();
                frame.Load(pcm.AsSpan(f, 160), f / 8);
                if (detector.Process(frame, default, false) == SpeechFrame.Speech)
                {
                    voiced++;
                    voicedInAllo += f / 160 <= alloFrames ? 1 : 0;
                }
            }

            // At least a word's worth of it is voice (AMD's MinimumWordLength, 100 ms), and nothing after it is.
            Assert.True(voicedInAllo * 20 >= 120, $"{u.Voice} at +{offsetMs} ms: {voicedInAllo} voiced frames of {speech.Length / 160}");
            Assert.Equal(voicedInAllo, voiced);
        }
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void Person_saying_allo_right_after_answer_is_classified_human(int offsetMs)
    {
        foreach (var u in Corpus.Instance.Of("tune", "human").Where(u => u.Id == "human-allo"))
        {
            var x = new float[Signals.Samples(4000)];
            Channel.Place(x, Channel.Scaled(Trimmed(u.Samples), -22), Signals.Samples(offsetMs));
            Signals.AddWhiteNoise(x, -55, new Random(offsetMs));
            var pcm = Channel.Finish(x, G711Law.MuLaw, 0, new Random(2));
            var c = new AnswerClassifier();
            var d = AnswerDecision.Undecided;
            for (var f = 0; f + 160 <= pcm.Length && !d.IsFinal; f += 160)
            {
                d = c.Process(pcm.AsSpan(f, 160), f / 8);
            }

            Assert.True(d.Class == AnswerClass.Human, $"{u.Voice} at +{offsetMs} ms: {d.Class} ({d.Reason}) after {d.ElapsedMs} ms");
        }
    }

    [Theory]
    [InlineData(-35)]
    [InlineData(-40)]
    [InlineData(-50)]
    public void Steady_line_noise_from_the_first_frame_is_not_a_word(double noiseDbm0)
    {
        var x = new float[Signals.Samples(3000)];
        Signals.AddWhiteNoise(x, noiseDbm0, new Random(7));
        var pcm = Channel.Finish(x, G711Law.ALaw, 0, new Random(3));
        var c = new AnswerClassifier();
        var d = AnswerDecision.Undecided;
        for (var f = 0; f + 160 <= pcm.Length && !d.IsFinal; f += 160)
        {
            d = c.Process(pcm.AsSpan(f, 160), f / 8);
        }

        Assert.Equal(0, c.Words);
        Assert.Equal(AnswerClass.Silence, d.Class);
    }

    [Fact]
    public void Floor_tracker_never_reports_a_loud_onset_as_the_floor_before_it_has_settled()
    {
        var t = new NoiseFloorTracker();
        var seed = t.SeedMeanSquare;
        Assert.Equal(seed, t.MeanSquare);
        for (var i = 0; i < 15; i++)
        {
            t.Update(seed * 1000);
            Assert.Equal(seed, t.MeanSquare);
            Assert.False(t.Settled);
        }

        t.Update(seed * 1000);
        Assert.True(t.Settled);
        Assert.Equal(seed * 1000, t.MeanSquare, 6);
    }

    private static float[] Trimmed(float[] x)
    {
        var peak = x.Max(Math.Abs);
        var first = Array.FindIndex(x, v => Math.Abs(v) >= peak / 31.6f);
        return x[Math.Max(0, first)..];
    }
}
