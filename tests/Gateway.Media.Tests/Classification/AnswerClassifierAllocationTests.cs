using Gateway.Media.Classification;
using Gateway.Media.Tests.Evaluation;
using Gateway.Media.Tones;
using Xunit;

namespace Gateway.Media.Tests.Classification;

/// <summary>
/// Session 9: a tone decision allocates nothing. Its reason used to be <c>tone.Kind.ToString().ToUpperInvariant()</c>:
/// a boxed <see cref="ToneKind"/> and a copy of its name (56–72 bytes) on the media thread at every tone answer, which the
/// load test's allocation samples showed at 1,000 calls. Each figure is the fewest bytes of three measured passes, each a
/// fresh classifier over the whole signal (construction not measured).
/// </summary>
public sealed class AnswerClassifierAllocationTests
{
    public static TheoryData<string> ToneCases => [.. ToneEvaluation.Cases.Select(c => c.Name)];

    private static short[] Signal(string name)
    {
        var c = ToneEvaluation.Cases.Single(t => t.Name == name);
        var x = new float[Signals.Samples(6000)];
        c.Add(x, Signals.Samples(300), -20, 0);
        Signals.AddWhiteNoise(x, -60, new Random(1));
        return Signals.ToPcm(x);
    }

    [Theory]
    [MemberData(nameof(ToneCases))]
    public void A_tone_answer_is_decided_without_allocating(string name)
    {
        var kind = ToneEvaluation.Cases.Single(t => t.Name == name).Kind;
        var pcm = Signal(name);
        AnswerDecision decision = default;
        long Pass()
        {
            var classifier = new AnswerClassifier();
            var bytes = 0L;
            for (var f = 0; f + 160 <= pcm.Length && !classifier.Decision.IsFinal; f += 160)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                classifier.Process(pcm.AsSpan(f, 160), f / 8);
                bytes += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            decision = classifier.Decision;
            return bytes;
        }

        Pass(); // every path compiled
        var allocated = Allocations.FewestMeasured(Pass);

        Assert.Equal(kind, decision.Tone.Kind);
        Assert.Equal(kind.ToString().ToUpperInvariant(), decision.Reason);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("RU busy 425 350/350", AnswerClass.Busy, "EARLYMEDIA-BUSY")]
    [InlineData("NA reorder 480+620", AnswerClass.Congestion, "EARLYMEDIA-CONGESTION")]
    [InlineData("SIT ITU 950/1400/1800", AnswerClass.Sit, "EARLYMEDIA-SIT")]
    public void Early_media_tones_are_decided_without_allocating(string name, AnswerClass expected, string reason)
    {
        var pcm = Signal(name);
        AnswerDecision decision = default;
        long Pass()
        {
            var classifier = new AnswerClassifier();
            var bytes = 0L;
            decision = default;
            for (var f = 0; f + 160 <= pcm.Length && !decision.IsFinal; f += 160)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                decision = classifier.ProcessEarlyMedia(pcm.AsSpan(f, 160), f / 8);
                bytes += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            return bytes;
        }

        Pass();
        var allocated = Allocations.FewestMeasured(Pass);

        Assert.Equal((expected, reason), (decision.Class, decision.Reason));
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("CED 2100", "CED")]
    [InlineData("ANSam/ 2100", "ANSAM")]
    [InlineData("V.21 flags", "V21FLAGS")]
    public void Fax_tones_after_the_prompt_are_decided_without_allocating(string name, string reason)
    {
        var pcm = Signal(name);
        ReplyDecision decision = default;
        long Pass()
        {
            var reply = new ReplyDetector(new ReplyDetectorOptions());
            reply.StartPrompt(0);
            reply.PromptFinished(0);
            var bytes = 0L;
            decision = default;
            for (var f = 0; f + 160 <= pcm.Length && !decision.IsFinal; f += 160)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                decision = reply.Process(pcm.AsSpan(f, 160), f / 8);
                bytes += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            return bytes;
        }

        Pass();
        var allocated = Allocations.FewestMeasured(Pass);

        Assert.Equal((ReplyKind.Fax, reason), (decision.Kind, decision.Reason));
        Assert.Equal(0, allocated);
    }
}
