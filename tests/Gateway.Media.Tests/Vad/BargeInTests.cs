using Gateway.Media.Classification;
using Gateway.Media.Codecs;
using Gateway.Media.Tests.Evaluation;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// "да" over the prompt's echo (dispersive echo path, G.711) is heard with the echo canceller on, and the echo
/// alone, even when the echo path changes under the canceller mid-prompt, is never a "yes".
/// </summary>
public sealed class BargeInTests
{
    [Theory]
    [InlineData(10, 16)]
    [InlineData(20, 64)]
    public void Da_spoken_over_the_prompt_is_a_yes(int erlDb, int delayMs)
    {
        var corpus = Corpus.Instance;
        var prompt = Channel.Scaled(corpus.Prompt, -15);
        var u = corpus.Of("tune", "yes").First(x => x.Id == "yes-da" && x.Voice == "m1");
        var speech = Channel.Scaled(u.Samples, -18);
        var rng = new Random(erlDb + delayMs);
        var near = new float[Signals.Samples(7000)];
        Channel.Place(near, speech, Signals.Samples(2400));
        Signals.AddWhiteNoise(near, -65, rng);
        var r = ReplyRunner.Run(new ReplyScenario(near, prompt, 400, erlDb, delayMs, G711Law.ALaw, 0, 3000, 1)
        {
            Path = EchoPath.Dispersive(delayMs, erlDb, prompt, rng),
        });
        Assert.Equal(ReplyKind.Yes, r.Kind);
        Assert.True(r.AtMs > 2400 && r.AtMs < 3400, $"at {r.AtMs} ms");
    }

    [Theory]
    [InlineData(6, 0)]
    [InlineData(10, 32)]
    [InlineData(15, 16)]
    [InlineData(20, 64)]
    public void Echo_alone_is_no_yes_even_when_the_echo_path_changes_mid_prompt(int erlDb, int delayMs)
    {
        var prompt = Channel.Scaled(Corpus.Instance.Prompt, -12);
        for (var seed = 0; seed < 4; seed++)
        {
            var rng = new Random(seed * 31 + erlDb);
            var near = new float[Signals.Samples(1700) + prompt.Length];
            Signals.AddWhiteNoise(near, -60, rng);
            var path = EchoPath.Dispersive(delayMs, erlDb, prompt, rng) with
            {
                Next = EchoPath.Dispersive(delayMs + 24, erlDb, prompt, rng),
                ChangeAt = Signals.Samples(200 + 1500 + (seed * 250)),
            };
            var r = ReplyRunner.Run(new ReplyScenario(near, prompt, 200, erlDb, delayMs, G711Law.MuLaw, 0, 1500, seed) { Path = path });
            Assert.NotEqual(ReplyKind.Yes, r.Kind);
            Assert.False(r.BargedIn);
        }
    }
}
