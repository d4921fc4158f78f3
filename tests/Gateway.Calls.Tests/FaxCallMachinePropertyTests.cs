using Gateway.Calls;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using E = Gateway.Calls.FaxCallEvent;

namespace Gateway.Calls.Tests;

/// <summary>
/// Random event storms against the machine's two promises: every call ends with exactly one Finish
/// within its deadlines, and T.30 never starts before fax evidence or a yes.
/// </summary>
public class FaxCallMachinePropertyTests
{
    private static readonly FaxCallEvent[] Pool =
    [
        new E.Provisional(180, false), new E.Provisional(183, true), new E.Answered(), new E.Rejected(486), new E.Rejected(487),
        new E.Rejected(503), new E.ByeReceived(), new E.CallCleared(), new E.Classified(AnswerClass.Person),
        new E.Classified(AnswerClass.Machine), new E.Classified(AnswerClass.Silence), new E.Classified(AnswerClass.Busy),
        new E.Classified(AnswerClass.SpecialInformationTone), new E.Classified(AnswerClass.Ringback), new E.Classified(AnswerClass.Fax),
        new E.PromptFinished(), new E.ReplyHeard(ReplyClass.Yes), new E.ReplyHeard(ReplyClass.NoReply),
        new E.ReplyHeard(ReplyClass.LongSpeech), new E.ReplyHeard(ReplyClass.Declined), new E.ReplyHeard(ReplyClass.KeyPressed), new E.FaxTonesHeard(), new E.T38Offered(), new E.T38RequestAnswered(true, 200),
        new E.T38RequestAnswered(false, 488), new E.DisReceived(), new E.PageConfirmed(1),
        new E.FaxFinished(new FaxResult(true, true, 2, "T30_ERR_OK", "OK")), new E.Tick(),
    ];

    private static bool IsFaxEvidence(FaxCallEvent e) =>
        e is E.Classified { Class: AnswerClass.Fax } or E.FaxTonesHeard or E.T38Offered or E.ReplyHeard { Reply: ReplyClass.Yes or ReplyClass.KeyPressed };

    [Fact]
    public void Every_random_call_ends_once_and_never_faxes_without_evidence_or_consent()
    {
        var random = new Random(20261128);
        for (int run = 0; run < 3000; run++)
        {
            var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
            T38Policy policy = (T38Policy)random.Next(3);
            var call = new FaxCallMachine(new FaxCallSettings { T38 = policy, PagesTotal = 2 }, time);
            bool evidence = false;
            int finishes = 0;
            Count(call.Start(), ref finishes);

            // Events arrive with random gaps; after 200 of them only ticks come, as a silent line would give.
            for (int step = 0; step < 400 && call.State != FaxCallState.Ended; step++)
            {
                time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 4000)));
                FaxCallEvent e = step < 200 ? Pool[random.Next(Pool.Length)] : new E.Tick();
                if (step >= 200)
                {
                    time.Advance(TimeSpan.FromMinutes(1));
                }

                IReadOnlyList<FaxCallCommand> commands = call.Handle(e);
                evidence |= IsFaxEvidence(e);
                if (commands.Any(c => c is FaxCallCommand.StartFax))
                {
                    Assert.True(evidence, $"run {run}: T.30 started without fax evidence or consent");
                }

                Count(commands, ref finishes);
            }

            Assert.Equal(FaxCallState.Ended, call.State);
            Assert.Equal(1, finishes);
            Assert.NotNull(call.Outcome);
            Assert.DoesNotContain(call.Outcome!.Timings, t => t.Duration < TimeSpan.Zero);
        }
    }

    private static void Count(IReadOnlyList<FaxCallCommand> commands, ref int finishes) =>
        finishes += commands.Count(c => c is FaxCallCommand.Finish);
}
