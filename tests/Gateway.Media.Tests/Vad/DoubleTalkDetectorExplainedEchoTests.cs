using Gateway.Media.Classification;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Vad;

/// <summary>
/// Session 9: a frame that the trusted double-talk detector explains as echo (its residual well under the residual echo it
/// predicts for that frame) is echo, even where the echo gate's coarser prediction would pass it (docs/detection.md, "Session 9:
/// barge-in"). Taken from the barge-in evaluation exactly as it runs it (<see cref="BargeInEvaluation.Trials"/>, same seed).
/// </summary>
public sealed class DoubleTalkDetectorExplainedEchoTests
{
    // BargeInEvaluationTests: seed 20261129, + 1 per cell in ERL-then-delay order, + 104729 for the second held-out set.
    private const int HeldOut2SeedBase = 20261129 + 104729;

    [Fact]
    public void A_male_prompts_loud_vowel_that_the_gate_misjudges_makes_no_yes_before_the_reply()
    {
        // Session 8's echo-made yes (held-out 2: ru+m7's greeting through two hybrid reflections, ERL 6 dB, 0 ms; reply 38, "да,
        // принимаю" at −30 dBm0 from 3195 ms). After 0.5 s of prompt frames cancelled to 36 dB the gate's loss (the minimum of the
        // last 25) was 34.5 dB; the next word's loud vowel at 2340–2400 ms was cancelled to 23 dB only, its residual echo passed
        // the gate as four speech frames while the detector put them 9–16 dB under its prediction, and a "yes" came at 2960 ms.
        var (sessionEight, at) = Run(6, 0, 38, new SpeechOptions { ExplainedEchoVetoDb = null });
        Assert.Equal(ReplyKind.Yes, sessionEight.Kind);
        Assert.True(sessionEight.AtMs < at, $"session 8's yes came at {sessionEight.AtMs} ms, the reply at {at} ms");
        var (shipped, _) = Run(6, 0, 38, new SpeechOptions());
        Assert.False(shipped.Kind == ReplyKind.Yes && shipped.AtMs < at, $"echo-made yes at {shipped.AtMs} ms, the reply at {at} ms");
    }

    private static (ReplyResult Result, int ReplyAtMs) Run(int erl, int delay, int reply, SpeechOptions options)
    {
        var cell = (Array.IndexOf(BargeInEvaluation.Erls, erl) * BargeInEvaluation.Delays.Length) + Array.IndexOf(BargeInEvaluation.Delays, delay);
        var trial = BargeInEvaluation.Trials(Corpus.Instance, "heldout2", () => new SpeechDetector(options: options), erl, delay, 0, HeldOut2SeedBase + cell)
            .Single(t => t.Reply is not null && t.Index == reply);
        return (ReplyRunner.Run(trial.Scenario, BargeInEvaluation.Options()), trial.ReplyAtMs);
    }
}
