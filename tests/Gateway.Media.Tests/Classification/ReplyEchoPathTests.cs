using Gateway.Media.Classification;
using Gateway.Media.Codecs;
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
        // Both with the word check (ReplyDetector.Words.cs) off: the drop alone must prevent the yes.
        var shipped = ReplyRunner.Run(trial.Scenario with { OnFrame = (_, d, _) => detector = d }, new ReplyDetectorOptions { MaxReplays = 0, WordCheck = WordCheck.Off });
        var session6 = ReplyRunner.Run(trial.Scenario, new ReplyDetectorOptions { MaxReplays = 0, DropOnEchoPathChange = false, WordCheck = WordCheck.Off }); // session 6: no word check either

        Assert.NotEqual(ReplyKind.Yes, shipped.Kind);
        Assert.False(shipped.BargedIn);
        Assert.True(detector!.EchoPathDrops >= 1, "the utterance over the change was dropped");
        Assert.Equal(ReplyKind.Yes, session6.Kind); // the scenario still makes the false yes without the drop
    }

    [Theory]
    [InlineData(20, 64, -15)]
    public void A_loud_da_over_which_the_echo_path_changes_is_kept(int erlDb, int delayMs, int levelDbm0)
    {
        // "да" 2 s into the prompt (at −15 dBm0); the echo path changes 60 ms into the word. Its frames stand 6 dB or more over
        // the raw echo the line's ERL predicts (the loudest prompt frame of 160 ms less the ERL), so it is no echo whatever the
        // canceller says. (At 15 dB ERL / 16 ms a "да" at −15 dBm0 clears that prediction by less and is dropped: the rule is strict;
        // at −10 dBm0 the rest of the word after the change is a yes even when the start is dropped.)
        var corpus = Corpus.Instance;
        var prompt = Channel.Scaled(corpus.Prompt, -15);
        var u = corpus.Of("tune", "yes").First(x => x.Id == "yes-da" && x.Voice == "m1");
        var rng = new Random(erlDb * 100 + delayMs);
        var near = new float[Signals.Samples(7000)];
        Channel.Place(near, Channel.Scaled(u.Samples, levelDbm0), Signals.Samples(2400));
        Signals.AddWhiteNoise(near, -65, rng);
        var scenario = new ReplyScenario(near, prompt, 400, erlDb, delayMs, G711Law.ALaw, 0, 3000, 1)
        {
            Path = EchoPath.Dispersive(delayMs, erlDb, prompt, rng) with
            {
                Next = EchoPath.Dispersive(delayMs + 24, erlDb - 2, prompt, rng),
                ChangeAt = Signals.Samples(2460),
            },
        };
        ReplyDetector? detector = null;
        // The word check (ReplyDetector.Words.cs) off: this is about what the echo rules let through.
        var kept = ReplyRunner.Run(scenario with { OnFrame = (_, d, _) => detector = d }, new ReplyDetectorOptions { MaxReplays = 0, WordCheck = WordCheck.Off });
        var allDropped = ReplyRunner.Run(scenario, new ReplyDetectorOptions { MaxReplays = 0, WordCheck = WordCheck.Off, EchoPathKeepClearanceDb = double.PositiveInfinity });

        Assert.True(kept.Kind == ReplyKind.Yes, $"{kept.Kind}, drops {detector!.EchoPathDrops}, all-dropped {allDropped.Kind}");
        Assert.True(kept.AtMs > 2400 && kept.AtMs < 3400, $"at {kept.AtMs} ms");
        Assert.Equal(0, detector!.EchoPathDrops);
        Assert.NotEqual(ReplyKind.Yes, allDropped.Kind); // the change does fall inside the word
    }
}
