using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

/// <summary>
/// The contrast rule (<see cref="ReplyDetectorOptions.MinContrastDb"/>): a yes must stand 7 dB over the upper quartile of
/// the line's levels in the 500 ms before it and the silence after it, or 5 dB over their median where they are steady. The VAD is scripted (voice exactly on the burst's
/// frames), so these pin the rule, not the VAD.
/// </summary>
public sealed class ReplyContrastTests
{
    private const int BurstFrame = 50; // 1 s in
    private const int BurstFrames = 6; // 120 ms, a "да"

    /// <summary>Noise at <paramref name="beforeDbm0"/> up to the burst and <paramref name="afterDbm0"/> after it; the burst at −20 dBm0.</summary>
    private static (ReplyKind Kind, double ContrastDb) Run(double beforeDbm0, double afterDbm0, double burstDbm0 = -20, Func<int, double>? beforeAt = null)
    {
        var rng = new Random(11);
        var x = new float[Signals.Samples(3000)];
        for (var f = 0; f < x.Length / 160; f++)
        {
            var level = f < BurstFrame ? beforeAt?.Invoke(f) ?? beforeDbm0 : f < BurstFrame + BurstFrames ? burstDbm0 : afterDbm0;
            var frame = new float[160];
            Signals.AddWhiteNoise(frame, level, rng);
            Array.Copy(frame, 0, x, f * 160, 160);
        }

        var pcm = Channel.Finish(x, G711Law.ALaw, 0, rng);
        var reply = new ReplyDetector(
            new ReplyDetectorOptions { MaxReplays = 0, WordCheck = WordCheck.Off }, // white-noise bursts: the level rule alone, no words
            new SpeechDetector(new ScriptedVad(f => f is >= BurstFrame and < BurstFrame + BurstFrames)));
        reply.StartPrompt(0);
        reply.PromptFinished(0);
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            var d = reply.Process(pcm.AsSpan(f, 160), f / 8);
            if (d.IsFinal)
            {
                return (d.Kind, reply.LastContrastDb);
            }
        }

        return (ReplyKind.None, reply.LastContrastDb);
    }

    [Fact]
    public void A_da_well_above_steady_line_noise_is_a_yes()
    {
        var (kind, contrast) = Run(-40, -40);
        Assert.Equal(ReplyKind.Yes, kind);
        Assert.InRange(contrast, 18, 22);
    }

    [Fact]
    public void Over_steady_noise_a_burst_6_dB_over_the_median_is_a_yes_and_4_dB_is_not()
    {
        var (kind, contrast) = Run(-26, -26);
        Assert.Equal(ReplyKind.Yes, kind);
        Assert.InRange(contrast, 5, 7);
        (kind, contrast) = Run(-24, -24);
        Assert.Equal(ReplyKind.None, kind); // no yes (the 5 s reply window is still open)
        Assert.InRange(contrast, 3, 5);
    }

    [Fact]
    public void A_burst_no_louder_than_the_syllables_around_it_is_no_yes()
    {
        // Babble-like context: frames alternate between −21 and −33 dBm0 (loud syllables half the time), so the
        // upper quartile is −21 dBm0 and the median between the two; the burst at −20 dBm0 is 12 dB over the quiet frames.
        var (kind, contrast) = Run(-33, -27, beforeAt: f => f % 4 < 2 ? -21 : -33);
        Assert.Equal(ReplyKind.None, kind); // no yes (the 5 s reply window is still open)
        Assert.True(contrast < 7, $"contrast {contrast:F1} dB");
        Assert.True(Run(-33, -33).Kind == ReplyKind.Yes, "the same burst over the quiet frames alone is a yes");
    }

    [Fact]
    public void A_loud_passage_right_after_the_burst_counts_as_its_context()
    {
        // Quiet before (−40 dBm0), but the line is at −22 dBm0 from the burst on: the burst is the start of a loud
        // passage, not a word over the background.
        var (kind, contrast) = Run(-40, -22);
        Assert.Equal(ReplyKind.None, kind);
        Assert.True(contrast < 7, $"contrast {contrast:F1} dB");
    }

    [Fact]
    public void The_rule_can_be_switched_off()
    {
        var rng = new Random(1);
        var x = new float[Signals.Samples(2000)];
        Signals.AddWhiteNoise(x, -26, rng);
        var pcm = Channel.Finish(x, G711Law.ALaw, 0, rng);
        var reply = new ReplyDetector(
            new ReplyDetectorOptions { MaxReplays = 0, WordCheck = WordCheck.Off, MinContrastDb = double.NegativeInfinity, MinSteadyContrastDb = double.NegativeInfinity },
            new SpeechDetector(new ScriptedVad(f => f is >= BurstFrame and < BurstFrame + BurstFrames)));
        reply.StartPrompt(0);
        reply.PromptFinished(0);
        var kinds = new List<ReplyKind>();
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            kinds.Add(reply.Process(pcm.AsSpan(f, 160), f / 8).Kind);
        }

        Assert.Contains(ReplyKind.Yes, kinds); // a "burst" at the noise's own level: only the contrast rule rejects it
    }

    [Fact]
    public void Echo_of_our_prompt_before_the_burst_is_not_counted_as_the_line_around_it()
    {
        // Frames 0–39: we play white noise at −10 dBm0 and hear −18 dBm0 (8 dB "ERL"): the echo gate holds them (Echo).
        // Then the line is at −40 dBm0, and a −20 dBm0 burst at frame 50. Counted as context, the held frames would put
        // the upper quartile at −18 dBm0 (contrast ≈ −2 dB, no yes); they are our echo, not the line's background.
        var rng = new Random(13);
        const int farFrames = 40;
        var x = new float[Signals.Samples(3000)];
        var far = new short[farFrames * 160];
        var farNoise = new float[far.Length];
        Signals.AddWhiteNoise(farNoise, -10, rng);
        for (var i = 0; i < far.Length; i++)
        {
            far[i] = (short)Math.Round(farNoise[i]);
        }

        for (var f = 0; f < x.Length / 160; f++)
        {
            var frame = new float[160];
            Signals.AddWhiteNoise(frame, f < farFrames ? -18 : f is >= BurstFrame and < BurstFrame + BurstFrames ? -20 : -40, rng);
            Array.Copy(frame, 0, x, f * 160, 160);
        }

        var pcm = Channel.Finish(x, G711Law.ALaw, 0, rng);
        var reply = new ReplyDetector(
            new ReplyDetectorOptions { MaxReplays = 0, WordCheck = WordCheck.Off }, // white-noise bursts: the level rule alone, no words
            new SpeechDetector(new ScriptedVad(f => f is >= BurstFrame and < BurstFrame + BurstFrames), new SpeechOptions { EchoCanceller = false }));
        reply.StartPrompt(0);
        var got = ReplyKind.None;
        for (var f = 0; f < pcm.Length / 160 && got == ReplyKind.None; f++)
        {
            if (f == farFrames)
            {
                reply.PromptFinished(f * 20);
            }

            got = reply.Process(pcm.AsSpan(f * 160, 160), f * 20, f < farFrames ? far.AsSpan(f * 160, 160) : default).Kind;
            if (f == 30)
            {
                Assert.Equal(SpeechFrame.Echo, reply.Speech.LastDecision);
            }
        }

        Assert.Equal(ReplyKind.Yes, got);
        Assert.True(reply.LastContrastDb > 15, $"contrast {reply.LastContrastDb:F1} dB");
    }
}
