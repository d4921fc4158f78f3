using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

/// <summary>
/// The onset hold (session 8, <see cref="ReplyDetectorOptions.OnsetHoldFrames"/>): frames right before an utterance's first voice
/// frame that reach the VAD's hold level (2.5 dB over its reference) but not its onset (4.5 dB) count as the utterance's start.
/// Built-in DSP VAD over steady white noise at −40 dBm0; the "да" is one frame 3.5 dB over the noise, then 80 ms 12 dB over it.
/// </summary>
public sealed class ReplyOnsetTests
{
    private const int OnsetFrame = 150; // 3 s in: the VAD's histogram holds 3 s of background
    private const int VoiceFrames = 4;  // 80 ms of voice: short of the 100 ms a reply needs without its onset
    private const int PromptEndFrame = 130;

    private static ReplyDetector Run(ReplyDetectorOptions options, double onsetOverNoiseDb = 3.5)
    {
        var reply = new ReplyDetector(options, new SpeechDetector(new DspVoiceActivityDetector()));
        Feed(reply, Pcm(onsetOverNoiseDb));
        return reply;
    }

    private static short[] Pcm(double onsetOverNoiseDb)
    {
        var rng = new Random(31);
        var x = new float[Signals.Samples(4000)];
        for (var f = 0; f < x.Length / 160; f++)
        {
            var level = f == OnsetFrame ? -40 + onsetOverNoiseDb : f > OnsetFrame && f <= OnsetFrame + VoiceFrames ? -28 : -40;
            var frame = new float[160];
            Signals.AddWhiteNoise(frame, level, rng);
            Array.Copy(frame, 0, x, f * 160, 160);
        }

        return Channel.Finish(x, G711Law.MuLaw, 0, rng);
    }

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

    private static ReplyDetectorOptions Options(int holdFrames = 2) => new() { MaxReplays = 0, WordCheck = WordCheck.Off, OnsetHoldFrames = holdFrames };

    [Fact]
    public void A_da_whose_onset_is_under_the_vad_onset_keeps_its_length_and_is_a_yes()
    {
        var reply = Run(Options());
        Assert.Equal("yes", reply.LastOutcome);
        Assert.Equal(1, reply.LastOnsetHoldFrames);
        Assert.Equal(OnsetFrame * 20L, reply.LastUtterance.StartMs);
        Assert.Equal(100, reply.LastUtterance.LengthMs);
        Assert.InRange(reply.LastBackgroundRangeDb, 0, 4); // steady noise: a narrow background
    }

    [Fact]
    public void Without_the_hold_or_with_an_onset_under_the_hold_level_the_same_da_is_too_short()
    {
        var off = Run(Options(holdFrames: 0));
        Assert.Equal("short", off.LastOutcome);
        Assert.Equal(80, off.LastUtterance.LengthMs);
        var weak = Run(Options(), onsetOverNoiseDb: 1); // 1 dB over the noise: under the hold level, no onset
        Assert.Equal("short", weak.LastOutcome);
        Assert.Equal(0, weak.LastOnsetHoldFrames);
    }

    [Fact]
    public void The_hold_applies_only_over_a_background_no_wider_than_its_bound()
    {
        // Session 9, OnsetHoldMaxSpreadDb: steady white noise spreads 1–3 dB over 3 s; a bound under that turns the hold off.
        var narrowBound = Options();
        narrowBound.OnsetHoldMaxSpreadDb = 0.5;
        var off = Run(narrowBound);
        Assert.Equal("short", off.LastOutcome);
        Assert.Equal(0, off.LastOnsetHoldFrames);
        var wideBound = Options();
        wideBound.OnsetHoldMaxSpreadDb = 30;
        wideBound.OnsetHoldWideVoice = false; // a narrow background: the held frame counts as voice all the same
        Assert.Equal("yes", Run(wideBound).LastOutcome);
    }

    [Fact]
    public void Judging_with_the_onset_hold_and_the_dense_rule_allocates_nothing_per_frame()
    {
        var pcm = Pcm(3.5);
        Run(Options()); // warm-up: every path compiled
        var detectors = new Queue<ReplyDetector>(Enumerable.Range(0, 3).Select(_ => new ReplyDetector(Options(), new SpeechDetector(new DspVoiceActivityDetector()))));
        var last = detectors.Peek();
        var allocated = Allocations.Fewest(() => Feed(last = detectors.Dequeue(), pcm));
        Assert.Equal(0, allocated);
        Assert.Equal("yes", last.LastOutcome);
        Assert.Equal(1, last.LastOnsetHoldFrames);
    }
}
