using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

/// <summary>
/// The unsure reply (<see cref="ReplyDetectorOptions.UnsureMarginDb"/>, <c>ReplyDetector.Repeat.cs</c>): an utterance that
/// misses the contrast rule by at most 2 dB asks for a replay instead of being dropped, and a second such utterance after
/// the replayed question is a yes only when it repeats the first. Steady white noise, so the steady branch applies
/// (5 dB over the median; unsure from 3 dB); the VAD is scripted (voice exactly on the bursts' frames).
/// </summary>
public sealed class ReplyRepeatTests
{
    private const int FirstBurst = 50;   // 1 s after the prompt's end
    private const int ReplayAt = 80;     // the replayed prompt starts and ends here (a zero-length prompt: only the rule matters)
    private const int SecondBurst = 120; // 800 ms after the replay

    private sealed record Outcome(List<ReplyDecision> Decisions, ReplyDetector Detector)
    {
        public ReplyDecision Final => Decisions.LastOrDefault(d => d.Kind != ReplyKind.None);
    }

    /// <summary>
    /// White noise at <paramref name="noiseDbm0"/> (from the replay on at <paramref name="noiseAfterReplayDbm0"/>), a first burst of
    /// <paramref name="firstFrames"/> frames at <paramref name="firstDbm0"/> and a second of <paramref name="secondFrames"/> at
    /// <paramref name="secondDbm0"/>. The prompt is replayed when the detector asks (and only then).
    /// </summary>
    private static Outcome Run(
        ReplyDetectorOptions options, double noiseDbm0, double firstDbm0, double secondDbm0, int firstFrames = 6, int secondFrames = 6,
        double? noiseAfterReplayDbm0 = null, bool firstDuringPrompt = false)
    {
        var rng = new Random(21);
        const int frames = 200;
        var x = new float[frames * 160];
        for (var f = 0; f < frames; f++)
        {
            var level = f >= FirstBurst && f < FirstBurst + firstFrames ? firstDbm0
                : f >= SecondBurst && f < SecondBurst + secondFrames ? secondDbm0
                : f >= ReplayAt && noiseAfterReplayDbm0 is { } after ? after : noiseDbm0;
            var frame = new float[160];
            Signals.AddWhiteNoise(frame, level, rng);
            Array.Copy(frame, 0, x, f * 160, 160);
        }

        var pcm = Channel.Finish(x, G711Law.ALaw, 0, rng);
        bool Voice(int f) => (f >= FirstBurst && f < FirstBurst + firstFrames) || (f >= SecondBurst && f < SecondBurst + secondFrames);
        options.WordCheck = WordCheck.Off; // white-noise bursts: the level and repeat rules alone, no words (session 7)
        var reply = new ReplyDetector(options, new SpeechDetector(new ScriptedVad(Voice)));
        reply.StartPrompt(0);
        if (!firstDuringPrompt)
        {
            reply.PromptFinished(0);
        }

        var decisions = new List<ReplyDecision>();
        for (var f = 0; f < frames; f++)
        {
            var t = f * 20L;
            if (firstDuringPrompt && f == FirstBurst + firstFrames + 20 && !decisions.Any(d => d.Kind == ReplyKind.StopPrompt))
            {
                reply.PromptFinished(t); // the prompt ends after the utterance was judged over it
            }

            if (f == ReplayAt && decisions.Any(d => d.Kind == ReplyKind.ReplayPrompt))
            {
                reply.StartPrompt(t);
                reply.PromptFinished(t);
            }

            var d = reply.Process(pcm.AsSpan(f * 160, 160), t);
            decisions.Add(d);
            if (d.Kind == ReplyKind.StopPrompt)
            {
                reply.PromptFinished(t + 20); // barge-in: the call stops the prompt
            }

            if (d.IsFinal)
            {
                break;
            }
        }

        return new Outcome(decisions, reply);
    }

    [Fact]
    public void An_utterance_just_short_of_the_contrast_asks_for_a_replay_instead_of_being_dropped()
    {
        var o = Run(new ReplyDetectorOptions(), -24, -20, -60, secondFrames: 0);
        var replay = Assert.Single(o.Decisions, d => d.Kind == ReplyKind.ReplayPrompt);
        Assert.Equal("UNSURE", replay.Reason);
        Assert.InRange(o.Detector.LastContrastDb, 3, 5); // under the 5 dB of steady noise, within the 2 dB unsure margin
        Assert.Equal(1, o.Detector.UnsureReplays);
    }

    [Fact]
    public void The_same_utterance_after_the_replayed_question_is_a_yes()
    {
        var o = Run(new ReplyDetectorOptions(), -24, -20, -20);
        Assert.Equal(ReplyKind.Yes, o.Final.Kind);
        Assert.Equal("REPEATED", o.Final.Reason);
        Assert.True(o.Final.AtMs > SecondBurst * 20);
    }

    [Fact]
    public void A_clear_yes_after_the_replay_needs_no_match()
    {
        var o = Run(new ReplyDetectorOptions(), -24, -20, -10);
        Assert.Equal(ReplyKind.Yes, o.Final.Kind);
        Assert.Equal("UTTERANCE", o.Final.Reason);
    }

    [Fact]
    public void A_second_unsure_utterance_at_another_level_is_no_yes()
    {
        // The line rises 8 dB at the replay and so does the second burst: unsure again, but 8 dB louder than the first,
        // not the same word said again (RepeatMatchDb 4).
        var o = Run(new ReplyDetectorOptions(), -24, -20, -12, noiseAfterReplayDbm0: -16);
        Assert.DoesNotContain(o.Decisions, d => d.Kind == ReplyKind.Yes);
        Assert.InRange(o.Detector.LastContrastDb, 3, 5);
    }

    [Fact]
    public void A_second_unsure_utterance_of_another_length_is_no_yes()
    {
        // 100 ms, then 580 ms at nearly the same level (a 1 dB lower burst: its loudest frames of 30 are still unsure).
        var o = Run(new ReplyDetectorOptions(), -24, -20, -21, firstFrames: 6, secondFrames: 30);
        Assert.DoesNotContain(o.Decisions, d => d.Kind == ReplyKind.Yes);
        Assert.InRange(o.Detector.LastContrastDb, 3, 5);
    }

    [Fact]
    public void A_repeat_long_after_the_replayed_question_is_no_yes()
    {
        // The second burst begins 800 ms after the replayed prompt's end; with RepeatWithinMs 500 that is too late.
        var o = Run(new ReplyDetectorOptions { RepeatWithinMs = 500 }, -24, -20, -20);
        Assert.DoesNotContain(o.Decisions, d => d.Kind == ReplyKind.Yes);
        Assert.Equal(ReplyKind.Yes, Run(new ReplyDetectorOptions { RepeatWithinMs = 1000 }, -24, -20, -20).Final.Kind);
    }

    [Fact]
    public void Without_a_replay_left_an_unsure_utterance_is_dropped()
    {
        var o = Run(new ReplyDetectorOptions { MaxReplays = 0 }, -24, -20, -20);
        Assert.DoesNotContain(o.Decisions, d => d.Kind is ReplyKind.Yes or ReplyKind.ReplayPrompt);
    }

    [Fact]
    public void With_the_unsure_margin_off_an_unsure_utterance_is_dropped_and_a_repeat_is_no_yes()
    {
        var o = Run(new ReplyDetectorOptions { UnsureMarginDb = 0 }, -24, -20, -20);
        Assert.DoesNotContain(o.Decisions, d => d.Kind is ReplyKind.Yes or ReplyKind.ReplayPrompt);
    }

    [Fact]
    public void Over_the_prompt_an_unsure_utterance_asks_for_no_replay()
    {
        // The call keeps playing on a replay request over the prompt (FaxCallMachine), so none is made there.
        var o = Run(new ReplyDetectorOptions(), -24, -20, -60, secondFrames: 0, firstDuringPrompt: true);
        Assert.DoesNotContain(o.Decisions, d => d.Kind is ReplyKind.Yes or ReplyKind.ReplayPrompt);
    }

    [Fact]
    public void After_a_barge_in_stopped_the_prompt_an_unsure_utterance_asks_for_no_replay()
    {
        // 200 ms over the prompt stops it (BargeInMs 160); the call would not act on a replay request before the prompt's
        // deadline (FaxCallMachine sees no PromptFinished after a barge-in), so the utterance is dropped as before.
        var o = Run(new ReplyDetectorOptions(), -24, -20, -60, firstFrames: 10, secondFrames: 0, firstDuringPrompt: true);
        Assert.Contains(o.Decisions, d => d.Kind == ReplyKind.StopPrompt);
        Assert.DoesNotContain(o.Decisions, d => d.Kind is ReplyKind.Yes or ReplyKind.ReplayPrompt);
        Assert.InRange(o.Detector.LastContrastDb, 3, 5);
    }

    [Fact]
    public void A_burst_well_under_the_unsure_band_asks_for_no_replay()
    {
        var o = Run(new ReplyDetectorOptions(), -24, -22.5, -60, secondFrames: 0);
        Assert.DoesNotContain(o.Decisions, d => d.Kind is ReplyKind.Yes or ReplyKind.ReplayPrompt);
        Assert.True(o.Detector.LastContrastDb < 3, $"contrast {o.Detector.LastContrastDb:F1} dB");
    }
}
