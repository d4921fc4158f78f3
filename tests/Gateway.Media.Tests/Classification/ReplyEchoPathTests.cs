using Gateway.Media.Classification;
using Gateway.Media.Classification.Words;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Vad;
using Xunit;

namespace Gateway.Media.Tests.Classification;

/// <summary>
/// An echo path change under the canceller while the prompt plays (ReplyDetector.EchoPath.cs): the few frames of the new
/// path's echo that pass before the double-talk detector sees the change must not make a "yes".
/// </summary>
public sealed class ReplyEchoPathTests
{
    // The barge-in evaluation's seed of the held-out set in cell ERL 20 dB / 64 ms (BargeInEvaluationTests: 20261129, + 1 per
    // cell in ERL-then-delay order, + 7919 for the held-out set).
    private const int HeldOut20Db64MsSeed = 20261129 + 15 + 7919;

    [Fact]
    public void Echo_path_change_mid_prompt_with_no_near_end_speech_gives_no_yes()
    {
        // Session 6's held-out false "yes" (docs/detection.md): echo-only prompt 50 of that cell, the path changes 2.2 s in
        // (+24 ms of delay, a new hybrid). The old filter's residual passed as speech for 100 ms before the detector saw
        // the change; 300 ms of silence then made a yes.
        var trial = BargeInEvaluation.Trials(Corpus.Instance, "heldout", () => new SpeechDetector(), 20, 64, 51, HeldOut20Db64MsSeed)
            .Single(t => t.Reply is null && t.Index == 50);
        Assert.True(trial.PathChange);
        ReplyDetector? detector = null;
        var shipped = ReplyRunner.Run(trial.Scenario with { OnFrame = (_, d, _) => detector = d }, new ReplyDetectorOptions { MaxReplays = 0 });
        var session6 = ReplyRunner.Run(trial.Scenario, new ReplyDetectorOptions { MaxReplays = 0, DropOnEchoPathChange = false, WordCheck = WordCheck.Off }); // session 6: no word check either

        Assert.NotEqual(ReplyKind.Yes, shipped.Kind);
        Assert.False(shipped.BargedIn);
        Assert.True(detector!.EchoPathDrops >= 1, "the utterance over the change was dropped");
        Assert.Equal(ReplyKind.Yes, session6.Kind); // the scenario still makes the false yes without the drop
    }
}
