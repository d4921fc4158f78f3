using Gateway.Calls;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Gateway.Calls.FaxCallCommand;
using E = Gateway.Calls.FaxCallEvent;

namespace Gateway.Calls.Tests;

public class FaxCallMachineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(5)));

    private FaxCallMachine NewCall(T38Policy t38 = T38Policy.Accept, int pages = 2, MachineAction onMachine = MachineAction.HangUpAndRetry) =>
        new(new FaxCallSettings { T38 = t38, PagesTotal = pages, OnMachine = onMachine }, _time);

    private IReadOnlyList<FaxCallCommand> After(FaxCallMachine call, TimeSpan wait, FaxCallEvent? e = null)
    {
        _time.Advance(wait);
        return call.Handle(e ?? new E.Tick());
    }

    private static FaxResult Completed(int pages) => new(true, true, pages, "T30_ERR_OK", "OK", 14400, true, "+7 727 000");

    [Fact]
    public void Person_says_da_then_cng_for_the_switch_delay_then_t30_then_bye_at_phase_e()
    {
        FaxCallMachine call = NewCall();
        Assert.IsType<SendInvite>(Assert.Single(call.Start()));
        call.Handle(new E.Provisional(180, false));
        Assert.IsType<StartClassifier>(Assert.Single(After(call, TimeSpan.FromSeconds(4), new E.Answered())));

        IReadOnlyList<FaxCallCommand> prompt = After(call, TimeSpan.FromSeconds(1.5), new E.Classified(AnswerClass.Person));
        Assert.Equal(new PlayPrompt(1), prompt[0]);
        Assert.IsType<StartReplyDetector>(prompt[1]);
        call.Handle(new E.PromptFinished());
        Assert.IsType<StartCng>(Assert.Single(After(call, TimeSpan.FromSeconds(1), new E.ReplyHeard(ReplyClass.Yes))));

        Assert.Empty(After(call, TimeSpan.FromSeconds(1.9))); // the operator is still switching the machine on
        Assert.Equal(new StartFax(FaxTransport.G711), Assert.Single(After(call, TimeSpan.FromSeconds(0.1))));

        call.Handle(new E.DisReceived());
        call.Handle(new E.PageConfirmed(1));
        call.Handle(new E.PageConfirmed(2));
        Assert.IsType<SendBye>(Assert.Single(call.Handle(new E.FaxFinished(Completed(2)))));
        Finish done = Assert.IsType<Finish>(Assert.Single(call.Handle(new E.CallCleared())));

        Assert.Equal(FailureClass.Succeeded, done.Outcome.Failure);
        Assert.Equal(AnsweredBy.Person, done.Outcome.AnsweredBy);
        Assert.Equal(FaxTransport.G711, done.Outcome.Transport);
        Assert.Equal(2, done.Outcome.PagesConfirmed);
        Assert.Equal(14400, done.Outcome.BitRate);
        Assert.Equal("+7 727 000", done.Outcome.RemoteIdent);
        Assert.Equal(_time.GetUtcNow().AddSeconds(-8.5), done.Outcome.StartedAt);
        Assert.Equal(
            [FaxCallState.Dialing, FaxCallState.Classifying, FaxCallState.Prompting, FaxCallState.AwaitingReply, FaxCallState.SwitchDelay, FaxCallState.Faxing, FaxCallState.HangingUp],
            done.Outcome.Timings.Select(t => t.State));
        Assert.Equal(TimeSpan.FromSeconds(2), done.Outcome.Timings.Single(t => t.State == FaxCallState.SwitchDelay).Duration);
    }

    [Fact]
    public void A_person_who_never_says_yes_hears_the_prompt_twice_and_gets_no_fax()
    {
        FaxCallMachine call = NewCall();
        var all = new List<FaxCallCommand>(call.Start());
        all.AddRange(call.Handle(new E.Answered()));
        all.AddRange(call.Handle(new E.Classified(AnswerClass.Person)));
        all.AddRange(call.Handle(new E.PromptFinished()));
        all.AddRange(After(call, TimeSpan.FromSeconds(5)));
        Assert.Contains(new PlayPrompt(2), all);
        all.AddRange(call.Handle(new E.PromptFinished()));
        all.AddRange(call.Handle(new E.ReplyHeard(ReplyClass.LongSpeech)));
        all.AddRange(call.Handle(new E.CallCleared()));

        Assert.DoesNotContain(all, c => c is StartFax or StartCng);
        Assert.Equal(FailureClass.NoReply, call.Outcome!.Failure);
    }

    [Fact]
    public void An_unsure_reply_gets_the_question_again_and_a_yes_after_it_is_consent()
    {
        FaxCallMachine call = NewCall();
        call.Start();
        call.Handle(new E.Answered());
        call.Handle(new E.Classified(AnswerClass.Person));
        call.Handle(new E.PromptFinished());
        Assert.Equal(new PlayPrompt(2), call.Handle(new E.ReplyHeard(ReplyClass.Unsure))[0]);
        call.Handle(new E.PromptFinished());
        Assert.Contains(new StartCng(), call.Handle(new E.ReplyHeard(ReplyClass.Yes)));
        Assert.Equal(FaxCallState.SwitchDelay, call.State);
    }

    [Fact]
    public void A_person_who_declines_is_hung_up_on_at_once_without_a_replay()
    {
        FaxCallMachine call = NewCall();
        call.Start();
        call.Handle(new E.Answered());
        call.Handle(new E.Classified(AnswerClass.Person));
        Assert.Equal([new StopPrompt(), new SendBye()], call.Handle(new E.ReplyHeard(ReplyClass.Declined)));
        call.Handle(new E.CallCleared());
        Assert.Equal(FailureClass.NoReply, call.Outcome!.Failure);
        Assert.Equal("the person declined", call.Outcome.Reason);
    }

    [Fact]
    public void Silence_gets_the_prompt_not_a_fax()
    {
        FaxCallMachine call = NewCall();
        call.Start();
        call.Handle(new E.Answered());
        IReadOnlyList<FaxCallCommand> next = After(call, TimeSpan.FromSeconds(5)); // classifier budget spent
        Assert.Equal(new PlayPrompt(1), next[0]);
        Assert.Equal(AnsweredBy.Silence, call.AnsweredBy);
    }

    [Fact]
    public void Fax_answering_with_ced_gets_t30_at_once_and_request_policy_falls_back_to_g711_on_488()
    {
        FaxCallMachine call = NewCall(T38Policy.Request, pages: 1);
        call.Start();
        call.Handle(new E.Answered());
        IReadOnlyList<FaxCallCommand> start = call.Handle(new E.Classified(AnswerClass.Fax));
        Assert.Equal([new StartFax(FaxTransport.G711), new RequestT38()], start);

        Assert.Empty(call.Handle(new E.T38RequestAnswered(false, 488)));
        Assert.Empty(call.Handle(new E.DisReceived())); // asked once already: not again on DIS
        call.Handle(new E.FaxFinished(Completed(1)));
        call.Handle(new E.CallCleared());

        Assert.Equal(FailureClass.Succeeded, call.Outcome!.Failure);
        Assert.Equal(FaxTransport.G711, call.Outcome.Transport);
        Assert.Equal(AnsweredBy.Fax, call.Outcome.AnsweredBy);
    }

    [Fact]
    public void Request_policy_switches_the_running_t30_to_t38_when_accepted()
    {
        FaxCallMachine call = NewCall(T38Policy.Request);
        call.Start();
        call.Handle(new E.Answered());
        call.Handle(new E.Classified(AnswerClass.Fax));
        Assert.Equal(new SwitchFaxToT38(), Assert.Single(call.Handle(new E.T38RequestAnswered(true, 200))));
        Assert.Equal(FaxTransport.T38, call.Transport);
    }

    [Fact]
    public void A_t38_reinvite_mid_prompt_stops_the_prompt_and_faxes_over_t38_unless_policy_is_off()
    {
        FaxCallMachine call = NewCall();
        call.Start();
        call.Handle(new E.Answered());
        call.Handle(new E.Classified(AnswerClass.Person));
        Assert.Equal([new StopPrompt(), new AcceptT38(), new StartFax(FaxTransport.T38)], call.Handle(new E.T38Offered()));

        FaxCallMachine off = NewCall(T38Policy.Off);
        off.Start();
        off.Handle(new E.Answered());
        off.Handle(new E.Classified(AnswerClass.Fax));
        Assert.Equal(new RejectT38(), Assert.Single(off.Handle(new E.T38Offered())));
        Assert.Equal(FaxTransport.G711, off.Transport);
    }

    [Fact]
    public void A_t38_reinvite_mid_t30_over_g711_switches_transport_in_place()
    {
        FaxCallMachine call = NewCall();
        call.Start();
        call.Handle(new E.Answered());
        call.Handle(new E.FaxTonesHeard());
        call.Handle(new E.DisReceived());
        Assert.Equal([new AcceptT38(), new SwitchFaxToT38()], call.Handle(new E.T38Offered()));
    }

    [Fact]
    public void Far_end_hanging_up_mid_document_is_a_partial_send()
    {
        FaxCallMachine call = NewCall(pages: 3);
        call.Start();
        call.Handle(new E.Answered());
        call.Handle(new E.Classified(AnswerClass.Fax));
        call.Handle(new E.DisReceived());
        call.Handle(new E.PageConfirmed(1));
        Finish done = Assert.IsType<Finish>(Assert.Single(call.Handle(new E.ByeReceived())));

        Assert.Equal(FailureClass.PartialSend, done.Outcome.Failure);
        Assert.Equal(1, done.Outcome.PagesConfirmed);
        Assert.Equal(3, done.Outcome.PagesTotal);
    }

    [Fact]
    public void Failed_training_without_a_page_is_negotiation_failed_and_no_dis_after_yes_is_not_a_fax()
    {
        FaxCallMachine training = NewCall();
        training.Start();
        training.Handle(new E.Answered());
        training.Handle(new E.Classified(AnswerClass.Fax));
        training.Handle(new E.FaxFinished(new FaxResult(false, true, 0, "T30_ERR_CANNOT_TRAIN", "Cannot train")));
        training.Handle(new E.CallCleared());
        Assert.Equal(FailureClass.NegotiationFailed, training.Outcome!.Failure);
        Assert.Equal("T30_ERR_CANNOT_TRAIN: Cannot train", training.Outcome.T30Result);

        FaxCallMachine silent = NewCall();
        silent.Start();
        silent.Handle(new E.Answered());
        silent.Handle(new E.Classified(AnswerClass.Person));
        silent.Handle(new E.ReplyHeard(ReplyClass.Yes));
        After(silent, TimeSpan.FromSeconds(2));
        Assert.IsType<SendBye>(Assert.Single(After(silent, TimeSpan.FromSeconds(35))));
        silent.Handle(new E.CallCleared());
        Assert.Equal(FailureClass.NotAFax, silent.Outcome!.Failure);
    }

    [Theory]
    [InlineData(486, FailureClass.Busy)]
    [InlineData(600, FailureClass.Busy)]
    [InlineData(480, FailureClass.NoAnswer)]
    [InlineData(404, FailureClass.Rejected)]
    [InlineData(603, FailureClass.Rejected)]
    [InlineData(503, FailureClass.NetworkError)]
    [InlineData(408, FailureClass.NoAnswer)]
    public void Final_responses_map_to_failure_classes(int status, FailureClass expected)
    {
        FaxCallMachine call = NewCall();
        call.Start();
        Finish done = Assert.IsType<Finish>(Assert.Single(call.Handle(new E.Rejected(status))));
        Assert.Equal(expected, done.Outcome.Failure);
        Assert.Equal(status, done.Outcome.SipStatus);
    }

    [Fact]
    public void Ring_timeout_cancels_and_the_487_ends_it_as_no_answer()
    {
        FaxCallMachine call = NewCall();
        call.Start();
        Assert.Empty(After(call, TimeSpan.FromSeconds(59)));
        Assert.IsType<Cancel>(Assert.Single(After(call, TimeSpan.FromSeconds(1))));
        call.Handle(new E.Rejected(487));
        Assert.Equal(FailureClass.NoAnswer, call.Outcome!.Failure);
    }

    [Fact]
    public void Sit_in_early_media_cancels_and_is_rejected_busy_tone_is_busy()
    {
        FaxCallMachine call = NewCall();
        call.Start();
        Assert.IsType<StartClassifier>(Assert.Single(call.Handle(new E.Provisional(183, true))));
        Assert.IsType<Cancel>(Assert.Single(call.Handle(new E.Classified(AnswerClass.SpecialInformationTone))));
        call.Handle(new E.Answered()); // 200 crossed the CANCEL: the SIP layer ACKs and BYEs it
        Assert.Equal(FailureClass.Rejected, call.Outcome!.Failure);

        FaxCallMachine busy = NewCall();
        busy.Start();
        busy.Handle(new E.Answered());
        busy.Handle(new E.Classified(AnswerClass.Busy));
        busy.Handle(new E.CallCleared());
        Assert.Equal(FailureClass.Busy, busy.Outcome!.Failure);
    }

    [Fact]
    public void An_answering_machine_is_hung_up_on_by_default_or_prompted_when_configured()
    {
        FaxCallMachine call = NewCall();
        call.Start();
        call.Handle(new E.Answered());
        Assert.IsType<SendBye>(Assert.Single(call.Handle(new E.Classified(AnswerClass.Machine))));
        call.Handle(new E.CallCleared());
        Assert.Equal(FailureClass.NoAnswer, call.Outcome!.Failure);
        Assert.Equal(AnsweredBy.Machine, call.Outcome.AnsweredBy);

        // Configured to prompt a machine anyway: the question waits for the greeting to end (its words would pass
        // for a reply), then plays; a machine that never stops talking is given up on.
        FaxCallMachine prompted = NewCall(onMachine: MachineAction.Prompt);
        prompted.Start();
        prompted.Handle(new E.Answered());
        Assert.Equal(new AwaitQuiet(TimeSpan.FromSeconds(1)), Assert.Single(prompted.Handle(new E.Classified(AnswerClass.Machine))));
        _time.Advance(TimeSpan.FromSeconds(10)); // past the 5 s classification budget: still waiting for the greeting
        Assert.Empty(prompted.Handle(new E.Tick()));
        Assert.Empty(prompted.Handle(new E.Classified(AnswerClass.Person)));
        Assert.Equal(new PlayPrompt(1), prompted.Handle(new E.LineQuiet())[0]);
        Assert.Equal(FaxCallState.Prompting, prompted.State);

        FaxCallMachine talker = NewCall(onMachine: MachineAction.Prompt);
        talker.Start();
        talker.Handle(new E.Answered());
        talker.Handle(new E.Classified(AnswerClass.Machine));
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.IsType<SendBye>(Assert.Single(talker.Handle(new E.Tick())));
        talker.Handle(new E.CallCleared());
        Assert.Equal(FailureClass.NoAnswer, talker.Outcome!.Failure);
        Assert.Contains("still talking", talker.Outcome.Reason);
        Assert.Equal(AnsweredBy.Machine, talker.Outcome.AnsweredBy);
    }

    [Fact]
    public void Without_prompting_a_person_or_silence_gets_no_fax_but_a_fax_machine_does()
    {
        var quiet = new FaxCallSettings { PagesTotal = 1, PromptPeople = false };
        foreach (AnswerClass answered in new[] { AnswerClass.Person, AnswerClass.Silence })
        {
            var call = new FaxCallMachine(quiet, _time);
            call.Start();
            call.Handle(new E.Answered());
            Assert.IsType<SendBye>(Assert.Single(call.Handle(new E.Classified(answered))));
            call.Handle(new E.CallCleared());
            Assert.Equal(FailureClass.NotAFax, call.Outcome!.Failure);
            Assert.Contains("prompting is off", call.Outcome.Reason);
        }

        var machine = new FaxCallMachine(quiet, _time);
        machine.Start();
        machine.Handle(new E.Answered());
        machine.Handle(new E.Classified(AnswerClass.Fax));
        Assert.Equal(FaxCallState.Faxing, machine.State);
    }

    [Fact]
    public void Events_after_the_end_change_nothing()
    {
        FaxCallMachine call = NewCall();
        call.Start();
        call.Handle(new E.Rejected(486));
        Assert.Empty(call.Handle(new E.ByeReceived()));
        Assert.Empty(After(call, TimeSpan.FromHours(1)));
        Assert.Equal(FaxCallState.Ended, call.State);
    }
}
