using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

/// <summary>
/// The background-talker rule (session 9, <see cref="ReplyDetectorOptions.BackgroundTalkerContinuity"/>): over a wide, gappy
/// background a syllable that is no louder than the line has been in the last 2 s, and after which a voice goes on at its own
/// pitch, is no yes at once. The built-in DSP VAD hears white-noise frames whose level is drawn per frame within −56…−40 dBm0
/// (a wide background: its 3 s spread ≈ 13 dB), with five 20 ms bursts at −30 dBm0 1–1.4 s before the syllable (the crowd's
/// loudest moments); the syllable is 120 ms of a 200 Hz voice with four harmonics, 11 dB over the context's upper quartile, or
/// (scattered) two 40 ms peaks of it 240 ms apart.
/// </summary>
public sealed class ReplyTalkerTests
{
    private const int SyllableFrame = 150; // 3 s in: the VAD's histogram holds 3 s of background
    private const int SyllableFrames = 6;
    private const int PromptEndFrame = 130; // 400 ms before the syllable: inside the answer slot

    private static short[] Pcm(double syllableDbm0, bool voiceGoesOn, bool scattered = false)
    {
        var rng = new Random(41);
        var x = new float[Signals.Samples(4000)];
        for (var f = 0; f < x.Length / 160; f++)
        {
            var frame = new float[160];
            var level = f is 80 or 85 or 90 or 95 or 100 ? -30 : -56 + (rng.NextDouble() * 16);
            // Scattered: two 40 ms peaks 240 ms apart (80 ms of voice in a 280 ms span), with the quiet line between them.
            var syllable = scattered ? f is SyllableFrame or SyllableFrame + 1 or SyllableFrame + 12 or SyllableFrame + 13 : f is >= SyllableFrame and < SyllableFrame + SyllableFrames;
            var after = !scattered && f is >= SyllableFrame + SyllableFrames and < SyllableFrame + SyllableFrames + 5;
            Signals.AddWhiteNoise(frame, syllable || after || (scattered && f is > SyllableFrame and < SyllableFrame + 12) ? -56 : level, rng);
            if (syllable || (after && voiceGoesOn))
            {
                // One voice, 200 Hz (a 40-sample period), phase-continuous from frame to frame; after the syllable 13 dB softer.
                Signals.AddTone(frame, 0, 160, syllable ? syllableDbm0 : syllableDbm0 - 13, 2 * Math.PI * 200 * f * 160 / 8000.0, 200, 400, 600, 800);
            }

            Array.Copy(frame, 0, x, f * 160, 160);
        }

        return Channel.Finish(x, G711Law.ALaw, 0, rng);
    }

    private static ReplyDetectorOptions Options(double continuity = 0.8) => new() { MaxReplays = 0, WordCheck = WordCheck.Off, BackgroundTalkerContinuity = continuity };

    private static void Feed(ReplyDetector reply, short[] pcm)
    {
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
    }

    private static ReplyDetector Run(ReplyDetectorOptions options, double syllableDbm0 = -31, bool voiceGoesOn = true)
    {
        var reply = new ReplyDetector(options, new SpeechDetector(new DspVoiceActivityDetector()));
        Feed(reply, Pcm(syllableDbm0, voiceGoesOn));
        return reply;
    }

    [Fact]
    public void A_syllable_no_louder_than_the_crowd_whose_voice_goes_on_is_no_yes()
    {
        var reply = Run(Options());
        Assert.Equal("talker", reply.LastOutcome); // cleared the contrast in the slot, not taken (no replay left)
        Assert.True(reply.LastBackgroundTalker);
        Assert.True(reply.LastTalkerContinuity >= 0.8, $"continuity {reply.LastTalkerContinuity:F2}");
        Assert.True(reply.LastOverLoudestDb < 2, $"over the loudest {reply.LastOverLoudestDb:F1} dB");
        Assert.True(reply.LastContrastDb >= 7, $"contrast {reply.LastContrastDb:F1} dB");
        Assert.True(reply.LastBackgroundRangeDb > 10, $"range {reply.LastBackgroundRangeDb:F1} dB");
    }

    [Fact]
    public void The_same_syllable_is_a_yes_when_the_voice_stops_or_it_stands_over_the_crowd_or_the_rule_is_off()
    {
        var stops = Run(Options(), voiceGoesOn: false);
        Assert.Equal("yes", stops.LastOutcome);
        Assert.True(stops.LastTalkerContinuity < 0.8, $"continuity {stops.LastTalkerContinuity:F2}");
        var louder = Run(Options(), syllableDbm0: -26);
        Assert.Equal("yes", louder.LastOutcome);
        Assert.True(louder.LastOverLoudestDb >= 2, $"over the loudest {louder.LastOverLoudestDb:F1} dB");
        Assert.Equal("yes", Run(Options(continuity: 0)).LastOutcome);
    }

    [Fact]
    public void Scattered_peaks_no_louder_than_the_crowd_are_no_yes_even_when_no_voice_goes_on()
    {
        var reply = new ReplyDetector(Options(), new SpeechDetector(new DspVoiceActivityDetector()));
        Feed(reply, Pcm(-31, voiceGoesOn: false, scattered: true));
        Assert.Equal("talker", reply.LastOutcome);
        Assert.Equal((280, 80), (reply.LastUtterance.LengthMs, reply.LastUtterance.VoiceMs));
        Assert.True(reply.LastTalkerContinuity < 0.8, $"continuity {reply.LastTalkerContinuity:F2}");
        var louder = new ReplyDetector(Options(), new SpeechDetector(new DspVoiceActivityDetector()));
        Feed(louder, Pcm(-26, voiceGoesOn: false, scattered: true));
        Assert.Equal("yes", louder.LastOutcome); // 3 dB over the crowd's loudest: a reply, however scattered
        var shareOff = Options();
        shareOff.BackgroundTalkerMinVoiceShare = 0;
        var off = new ReplyDetector(shareOff, new SpeechDetector(new DspVoiceActivityDetector()));
        Feed(off, Pcm(-31, voiceGoesOn: false, scattered: true));
        Assert.Equal("yes", off.LastOutcome);
    }

    [Fact]
    public void With_a_replay_left_the_syllable_asks_for_the_prompt_again()
    {
        var options = Options();
        options.MaxReplays = 1;
        var reply = new ReplyDetector(options, new SpeechDetector(new DspVoiceActivityDetector()));
        var pcm = Pcm(-31, voiceGoesOn: true);
        reply.StartPrompt(0);
        var decision = ReplyDecision.None;
        for (var f = 0; f < pcm.Length / 160 && decision.Kind == ReplyKind.None; f++)
        {
            if (f == PromptEndFrame)
            {
                reply.PromptFinished(f * 20);
            }

            decision = reply.Process(pcm.AsSpan(f * 160, 160), f * 20);
        }

        Assert.Equal(ReplyKind.ReplayPrompt, decision.Kind);
        Assert.Equal("UNSURE", decision.Reason);
    }

    [Fact]
    public void Judging_with_the_background_talker_rule_allocates_nothing_per_frame()
    {
        var pcm = Pcm(-31, voiceGoesOn: true);
        Run(Options()); // warm-up: every path compiled
        var detectors = new Queue<ReplyDetector>(Enumerable.Range(0, 3).Select(_ => new ReplyDetector(Options(), new SpeechDetector(new DspVoiceActivityDetector()))));
        var last = detectors.Peek();
        var allocated = Allocations.Fewest(() => Feed(last = detectors.Dequeue(), pcm));
        Assert.Equal(0, allocated);
        Assert.Equal("talker", last.LastOutcome);
    }
}
