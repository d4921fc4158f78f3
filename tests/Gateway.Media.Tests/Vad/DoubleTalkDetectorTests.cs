using Gateway.Media.Codecs;
using Gateway.Media.Dsp;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// The double-talk detector on the echo canceller's output: the prompt through a dispersive echo path (G.711 both
/// ways), with and without a "да" spoken over it, and with the echo path changed under the canceller.
/// </summary>
public sealed class DoubleTalkDetectorTests
{
    [Theory]
    [InlineData(6, 0)]
    [InlineData(6, 32)]
    [InlineData(15, 64)]
    public void Echo_alone_never_makes_three_speech_frames_in_a_row(int erlDb, int delayMs)
    {
        // Three frames (60 ms) is the voice run the reply detector asks of an utterance under echo.
        for (var seed = 0; seed < 3; seed++)
        {
            var (near, far) = EchoCancellerTests.EchoOf(delayMs, erlDb, seed: (seed * 17) + erlDb + delayMs);
            Assert.True(LongestSpeechRun(near, far, new SpeechOptions(), out _) < 3, $"seed {seed}");
        }
    }

    [Theory]
    [InlineData(6, 16, -30)]
    [InlineData(10, 64, -28)]
    public void Da_spoken_under_the_echo_level_is_heard_where_the_gate_alone_is_deaf(int erlDb, int delayMs, double replyDbm0)
    {
        // The prompt at −15 dBm0 comes back at −21 (ERL 6 dB) or −25 dBm0: the reply is 3–9 dB below the echo.
        var (near, far) = EchoCancellerTests.EchoOf(delayMs, erlDb, seed: erlDb + delayMs);
        var u = Corpus.Instance.Of("tune", "yes").First(x => x.Id == "yes-da" && x.Voice == "m1");
        var reply = Signals.ToPcm(Channel.Scaled(u.Samples, replyDbm0));
        var at = Signals.Samples(2400);
        for (var i = 0; i < reply.Length && at + i < near.Length; i++)
        {
            near[at + i] = (short)Math.Clamp(near[at + i] + reply[i], short.MinValue, short.MaxValue);
        }

        Assert.True(LongestSpeechRun(near, far, new SpeechOptions(), out var frames) >= 3, $"speech frames {string.Join(",", frames)}");
        int first = 2400 / 20, last = first + (reply.Length / 160) + 2;
        var outside = frames.Where(f => f < first || f > last).ToList();
        Assert.DoesNotContain(outside, f => outside.Contains(f + 1) && outside.Contains(f + 2)); // echo: isolated frames at most
        // Session 3's detector (IPNLMS canceller, gate alone) is deaf to it. (Session 5's least-squares canceller leaves so
        // little echo that the gate alone hears this reply too; the witness is therefore the session-3 configuration.)
        Assert.True(LongestSpeechRun(near, far, new SpeechOptions { DoubleTalkDetector = false, EchoCancellerKind = EchoCancellerKind.Ipnlms }, out _) < 3, "the session-3 gate alone hears it too: no longer a witness");
    }

    [Fact]
    public void An_echo_path_change_never_makes_three_speech_frames_in_a_row()
    {
        var prompt = Channel.Scaled(Corpus.Instance.Prompt, -12);
        for (var seed = 0; seed < 6; seed++)
        {
            var rng = new Random(seed);
            var changeAt = Signals.Samples(1200 + (seed * 300));
            var path = EchoPath.Dispersive(16, 6, prompt, rng) with { Next = EchoPath.Dispersive(40, 6, prompt, rng), ChangeAt = changeAt };
            var far = Signals.ToPcm(prompt);
            var played = far.Select(v => (float)G711.Decode(G711.Encode(v, G711Law.MuLaw), G711Law.MuLaw)).ToArray();
            var heard = new float[far.Length];
            for (var n = 0; n < heard.Length; n++)
            {
                heard[n] = path.EchoAt(played, n);
            }

            Signals.AddWhiteNoise(heard, -62, rng);
            var pcm = Channel.Finish(heard, G711Law.MuLaw, 0, rng);
            Assert.True(LongestSpeechRun(pcm, far, new SpeechOptions(), out var frames) < 3, $"seed {seed}: speech frames {string.Join(",", frames)} (change at frame {changeAt / 160})");
        }
    }

    [Fact]
    public void Speech_detection_while_the_prompt_plays_allocates_nothing_per_frame()
    {
        var (near, far) = EchoCancellerTests.EchoOf(16, 6, seed: 4);
        var speech = new SpeechDetector();
        var frame = new AnalysisFrame();
        for (var f = 0; f + 160 <= 16000; f += 160)
        {
            frame.Load(near.AsSpan(f, 160), f / 8);
            speech.Process(frame, far.AsSpan(f, 160), false);
        }

        // Fewest bytes of three passes over the same stretch (Allocations.Fewest): a one-off runtime object on a loaded host is not
        // per-frame allocation, while code that allocates per frame does so on every pass.
        var allocated = Allocations.Fewest(() =>
        {
            for (var f = 16000; f + 160 <= near.Length; f += 160)
            {
                frame.Load(near.AsSpan(f, 160), f / 8);
                speech.Process(frame, far.AsSpan(f, 160), false);
            }
        });

        Assert.Equal(0, allocated);
        Assert.NotNull(speech.DoubleTalk);
    }

    // The speech detector over what we heard while the prompt played: the longest run of Speech frames, and all of them.
    private static int LongestSpeechRun(short[] near, short[] far, SpeechOptions options, out List<int> speechFrames)
    {
        var speech = new SpeechDetector(options: options);
        var frame = new AnalysisFrame();
        speechFrames = [];
        int run = 0, longest = 0;
        for (var f = 0; f + 160 <= near.Length; f += 160)
        {
            frame.Load(near.AsSpan(f, 160), f / 8);
            var isSpeech = speech.Process(frame, far.AsSpan(f, 160), false) == SpeechFrame.Speech;
            run = isSpeech ? run + 1 : 0;
            longest = Math.Max(longest, run);
            if (isSpeech)
            {
                speechFrames.Add(f / 160);
            }
        }

        return longest;
    }
}
