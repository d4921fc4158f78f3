using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

public sealed class DspVoiceActivityDetectorTests
{
    private static short[] Babble(string set, double dbm0, int ms, int seed)
    {
        var x = new float[Signals.Samples(ms)];
        Channel.AddNoise(x, "babble", dbm0, new Random(seed), Corpus.Instance.Babble, set);
        return Channel.Finish(x, G711Law.ALaw, 0, new Random(seed + 1));
    }

    private static int VoiceFrames(DspVoiceActivityDetector vad, short[] pcm, int fromMs, int toMs, Func<int, VadHints>? hints = null)
    {
        var voice = 0;
        for (var f = 0; f + 160 <= pcm.Length; f += 160)
        {
            var ms = f / 8;
            var p = vad.Process(pcm.AsSpan(f, 160), hints?.Invoke(ms) ?? VadHints.None);
            voice += ms >= fromMs && ms < toMs && p >= 0.5 ? 1 : 0;
        }

        return voice;
    }

    [Theory]
    [InlineData("tune")]
    [InlineData("heldout")]
    public void A_crowd_heard_for_a_few_seconds_no_longer_counts_as_voice(string set)
    {
        // 8 s of babble at −35 dBm0: over its last 4 s (200 frames) at most 2 % of the frames are voice. The
        // session-3 reference (median + 4.5 dB) called 10-20 % of them voice: babble peaks stand 4-6 dB over its median.
        var pcm = Babble(set, -35, 8000, 11);
        var voice = VoiceFrames(new DspVoiceActivityDetector(), pcm, 4000, 8000);
        Assert.True(voice <= 4, $"{voice} of 200 frames");
        var old = VoiceFrames(new DspVoiceActivityDetector { TailPercentile = 0 }, pcm, 4000, 8000);
        Assert.True(old > 3 * voice, $"without the percentile reference: {old}");
    }
}
