using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

/// <summary>
/// The answer slot (<see cref="ReplyDetectorOptions.AnswerSlotMs"/>, session 7): over a fluctuating line a single utterance
/// is a yes at once only when it begins within 1.5 s after the prompt's end (or over the prompt while the background is
/// steady); later it is unsure. The VAD is scripted (voice exactly on the burst's frames) except where the barge-in branch
/// needs the DSP VAD's background model.
/// </summary>
public sealed class ReplySlotTests
{
    private const int PromptEndFrame = 25; // the prompt ends 500 ms in
    private const int BurstFrames = 6;     // 120 ms, a "да"

    /// <summary>Babble-like line: frames alternate in pairs between −30 and −50 dBm0 (IQR 20 dB); steady: −40 dBm0.</summary>
    private static double Line(int frame, bool fluctuating) => !fluctuating ? -40 : frame % 4 < 2 ? -30 : -50;

    private static short[] Signal(int burstFrame, bool fluctuating, int seconds = 8)
    {
        var rng = new Random(5);
        var x = new float[Signals.Samples(seconds * 1000)];
        for (var f = 0; f < x.Length / 160; f++)
        {
            var frame = new float[160];
            Signals.AddWhiteNoise(frame, f >= burstFrame && f < burstFrame + BurstFrames ? -18 : Line(f, fluctuating), rng);
            Array.Copy(frame, 0, x, f * 160, 160);
        }

        return Channel.Finish(x, G711Law.ALaw, 0, rng);
    }

    /// <summary>Runs to the first decision; the prompt plays (nothing audible) from 0 to <see cref="PromptEndFrame"/>.</summary>
    private static ReplyDecision Run(short[] pcm, ReplyDetectorOptions options, IVoiceActivityDetector vad, int promptEndFrame = PromptEndFrame)
    {
        options.WordCheck = WordCheck.Off; // white-noise bursts pin the level rules, not the word check
        var reply = new ReplyDetector(options, new SpeechDetector(vad, new SpeechOptions { EchoCanceller = false }));
        reply.StartPrompt(0);
        for (var f = 0; f < pcm.Length / 160; f++)
        {
            if (f == promptEndFrame)
            {
                reply.PromptFinished(f * 20);
            }

            var d = reply.Process(pcm.AsSpan(f * 160, 160), f * 20);
            LastSpread = reply.LastBackgroundSpreadDb;
            if (d.Kind == ReplyKind.StopPrompt && f < promptEndFrame)
            {
                promptEndFrame = f + 1; // the caller stops the prompt on a barge-in
            }
            else if (d.Kind != ReplyKind.None)
            {
                return d;
            }
        }

        return ReplyDecision.None;
    }

    private static double LastSpread { get; set; }

    private static ScriptedVad Burst(int at) => new(f => f >= at && f < at + BurstFrames);

    [Fact]
    public void Over_fluctuating_noise_a_clear_utterance_in_the_slot_is_a_yes()
    {
        var at = PromptEndFrame + 25; // 500 ms after the prompt
        var d = Run(Signal(at, fluctuating: true), new ReplyDetectorOptions(), Burst(at));
        Assert.Equal(ReplyKind.Yes, d.Kind);
        Assert.Equal("UTTERANCE", d.Reason);
    }

    [Fact]
    public void Over_fluctuating_noise_a_late_utterance_asks_for_the_question_again()
    {
        var at = PromptEndFrame + 100; // 2 s after the prompt
        var d = Run(Signal(at, fluctuating: true), new ReplyDetectorOptions(), Burst(at));
        Assert.Equal(ReplyKind.ReplayPrompt, d.Kind);
        Assert.Equal("UNSURE", d.Reason);

        // No replay left: not a yes, the window runs out.
        d = Run(Signal(at, fluctuating: true), new ReplyDetectorOptions { MaxReplays = 0 }, Burst(at));
        Assert.Equal(ReplyKind.NoReply, d.Kind);
    }

    [Fact]
    public void Over_steady_noise_a_late_utterance_is_still_a_yes()
    {
        var at = PromptEndFrame + 100;
        Assert.Equal(ReplyKind.Yes, Run(Signal(at, fluctuating: false), new ReplyDetectorOptions(), Burst(at)).Kind);
    }

    [Fact]
    public void The_slot_can_be_switched_off()
    {
        var at = PromptEndFrame + 100;
        Assert.Equal(ReplyKind.Yes, Run(Signal(at, fluctuating: true), new ReplyDetectorOptions { AnswerSlotMs = 0 }, Burst(at)).Kind);
    }

    [Fact]
    public void A_barge_in_over_a_fluctuating_background_is_no_yes()
    {
        // The DSP VAD learns the background from the start (before the question: AssumeBackground), so it knows the line
        // fluctuates (reference far over its floor); the burst 2 s into a 4 s prompt barges in but is not taken as consent.
        const int promptEnd = 200;
        const int at = 100;
        var pcm = Signal(at, fluctuating: true);
        var d = Run(pcm, new ReplyDetectorOptions { MaxReplays = 0 }, new DspVoiceActivityDetector(), promptEnd);
        Assert.True(d.Kind != ReplyKind.Yes, $"{d.Kind} {d.Reason} at {d.AtMs} ms, background spread {LastSpread:F1} dB");
        Assert.Equal(ReplyKind.Yes, Run(pcm, new ReplyDetectorOptions { MaxReplays = 0, AnswerSlotMs = 0 }, new DspVoiceActivityDetector(), promptEnd).Kind);
    }
}
