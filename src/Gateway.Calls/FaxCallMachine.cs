namespace Gateway.Calls;

/// <summary>
/// One outbound fax call as an explicit, sans-IO state machine (ARCHITECTURE.md "Call flow"): events
/// in, commands out, a deadline on every state, exactly one <see cref="FaxCallCommand.Finish"/> at the
/// end. It never starts T.30 unless a fax machine was heard (CED/ANSam/V.21, a T.38 offer) or a person
/// said yes: no fax without consent.
/// </summary>
public sealed partial class FaxCallMachine
{
    private readonly FaxCallSettings _settings;
    private readonly TimeProvider _time;
    private readonly List<FaxCallStateTiming> _timings = [];
    private readonly List<FaxCallCommand> _commands = [];

    private DateTimeOffset _enteredAt;
    private DateTimeOffset _deadline;
    private DateTimeOffset _startedAt;
    private DateTimeOffset? _answeredAt;
    private DateTimeOffset? _t38RequestDeadline;
    private FaxCallOutcome? _pendingOutcome;
    private FaxResult? _faxResult;
    private int _sipStatus;
    private int _promptPlays;
    private int _pagesConfirmed;
    private bool _disSeen;
    private bool _t38Requested;
    private bool _consented;

    public FaxCallMachine(FaxCallSettings settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
    }

    public FaxCallState State { get; private set; } = FaxCallState.Idle;

    public AnsweredBy AnsweredBy { get; private set; } = AnsweredBy.None;

    public FaxTransport Transport { get; private set; } = FaxTransport.None;

    /// <summary>The outcome, once the machine has ended.</summary>
    public FaxCallOutcome? Outcome { get; private set; }

    /// <summary>When the current state's deadline falls, so the edge can arm one timer.</summary>
    public DateTimeOffset Deadline => _t38RequestDeadline is { } t38 && t38 < _deadline ? t38 : _deadline;

    /// <summary>Begins the call: INVITE, and listen to early media.</summary>
    public IReadOnlyList<FaxCallCommand> Start()
    {
        if (State != FaxCallState.Idle)
        {
            throw new InvalidOperationException("The call has already started.");
        }

        _commands.Clear();
        _startedAt = _time.GetUtcNow();
        _enteredAt = _startedAt;
        Enter(FaxCallState.Dialing, _settings.Timeouts.Ring);
        _commands.Add(new FaxCallCommand.SendInvite());
        return [.. _commands];
    }

    /// <summary>Feeds one event; returns what to do, in order.</summary>
    public IReadOnlyList<FaxCallCommand> Handle(FaxCallEvent e)
    {
        _commands.Clear();
        switch (State)
        {
            case FaxCallState.Dialing:
                OnDialing(e);
                break;
            case FaxCallState.Classifying:
                OnClassifying(e);
                break;
            case FaxCallState.Prompting:
                OnPrompting(e);
                break;
            case FaxCallState.AwaitingReply:
                OnAwaitingReply(e);
                break;
            case FaxCallState.SwitchDelay:
                OnSwitchDelay(e);
                break;
            case FaxCallState.Faxing:
                OnFaxing(e);
                break;
            case FaxCallState.HangingUp:
                OnHangingUp(e);
                break;
            default:
                break; // Idle or Ended: late events (a retransmitted BYE, a stray tick) change nothing
        }

        // Most events (ticks, provisional responses, progress) ask for nothing: the shared empty list, not a new array.
        return _commands.Count == 0 ? [] : [.. _commands];
    }

    private bool Expired => _time.GetUtcNow() >= _deadline;

    private void OnDialing(FaxCallEvent e)
    {
        switch (e)
        {
            case FaxCallEvent.Provisional { EarlyMedia: true }:
                _commands.Add(new FaxCallCommand.StartClassifier()); // SIT or busy played before any answer
                break;
            case FaxCallEvent.Answered:
                _sipStatus = 200;
                _answeredAt = _time.GetUtcNow();
                Enter(FaxCallState.Classifying, _settings.Timeouts.Classify);
                _commands.Add(new FaxCallCommand.StartClassifier());
                break;
            case FaxCallEvent.Rejected r:
                _sipStatus = r.Status;
                Finish(Describe(SipFailure.Classify(r.Status), $"INVITE answered {r.Status}"));
                break;
            case FaxCallEvent.Classified { Class: AnswerClass.Busy or AnswerClass.Congestion or AnswerClass.SpecialInformationTone } c:
                HangUp(new FaxCallCommand.Cancel(), Describe(ToneFailure(c.Class), $"{c.Class} heard in early media"));
                break;
            case FaxCallEvent.Tick when Expired:
                HangUp(new FaxCallCommand.Cancel(), Describe(FailureClass.NoAnswer, "ring timeout"));
                break;
            default:
                break;
        }
    }

    /// <summary>A machine answered and <see cref="MachineAction.Prompt"/> is set: the prompt waits for its greeting to end.</summary>
    private bool _awaitingMachineEnd;

    private void OnClassifying(FaxCallEvent e)
    {
        switch (e)
        {
            case FaxCallEvent.LineQuiet when _awaitingMachineEnd:
                _awaitingMachineEnd = false;
                PlayPrompt();
                break;
            case FaxCallEvent.Tick when Expired && _awaitingMachineEnd:
                HangUp(new FaxCallCommand.SendBye(), Describe(FailureClass.NoAnswer, $"the answering machine was still talking after {_settings.Timeouts.MachineGreeting.TotalSeconds:0} s"));
                break;
            case FaxCallEvent.Classified when _awaitingMachineEnd:
                break; // the classifier has decided; nothing it says now changes the wait
            case FaxCallEvent.Classified { Class: AnswerClass.Fax }:
            case FaxCallEvent.FaxTonesHeard:
                AnsweredBy = AnsweredBy.Fax;
                StartFax(FaxTransport.G711);
                break;
            case FaxCallEvent.Classified { Class: AnswerClass.Person or AnswerClass.Silence } c:
                AnsweredBy = c.Class == AnswerClass.Person ? AnsweredBy.Person : AnsweredBy.Silence;
                PlayPrompt();
                break;
            case FaxCallEvent.Classified { Class: AnswerClass.Machine }:
                AnsweredBy = AnsweredBy.Machine;
                if (_settings.OnMachine == MachineAction.Prompt)
                {
                    // A recording talks on through the prompt, and its words after the question would pass for a
                    // reply (docs/detection.md, session 6: 86 of 130 machines "said yes"). The question waits for the
                    // greeting to end, so only someone who hears it can answer it.
                    _awaitingMachineEnd = true;
                    Enter(FaxCallState.Classifying, _settings.Timeouts.MachineGreeting);
                    _commands.Add(new FaxCallCommand.AwaitQuiet(_settings.Timeouts.MachineQuiet));
                }
                else
                {
                    HangUp(new FaxCallCommand.SendBye(), Describe(FailureClass.NoAnswer, "an answering machine answered"));
                }

                break;
            case FaxCallEvent.Classified { Class: AnswerClass.Busy or AnswerClass.Congestion or AnswerClass.SpecialInformationTone } c:
                HangUp(new FaxCallCommand.SendBye(), Describe(ToneFailure(c.Class), $"{c.Class} heard after answer"));
                break;
            case FaxCallEvent.Tick when Expired:
                AnsweredBy = AnsweredBy.Silence; // nothing decisive within the analysis budget
                PlayPrompt();
                break;
            default:
                OnAnsweredCommon(e);
                break;
        }
    }

    private void OnPrompting(FaxCallEvent e)
    {
        switch (e)
        {
            case FaxCallEvent.ReplyHeard { Reply: ReplyClass.Yes or ReplyClass.KeyPressed }:
                _commands.Add(new FaxCallCommand.StopPrompt()); // barge-in
                Consent();
                break;
            case FaxCallEvent.PromptFinished:
            case FaxCallEvent.Tick when Expired:
                Enter(FaxCallState.AwaitingReply, _settings.Timeouts.Reply);
                break;
            case FaxCallEvent.ReplyHeard { Reply: ReplyClass.Declined }:
                _commands.Add(new FaxCallCommand.StopPrompt());
                HangUp(new FaxCallCommand.SendBye(), Describe(FailureClass.NoReply, "the person declined"));
                break;
            case FaxCallEvent.FaxTonesHeard:
                _commands.Add(new FaxCallCommand.StopPrompt());
                StartFax(FaxTransport.G711);
                break;
            case FaxCallEvent.T38Offered:
                _commands.Add(new FaxCallCommand.StopPrompt());
                OnAnsweredCommon(e);
                break;
            default:
                OnAnsweredCommon(e); // LongSpeech over the prompt: keep playing, judge after it ends
                break;
        }
    }

    private void OnAwaitingReply(FaxCallEvent e)
    {
        switch (e)
        {
            case FaxCallEvent.ReplyHeard { Reply: ReplyClass.Yes or ReplyClass.KeyPressed }:
                Consent();
                break;
            case FaxCallEvent.ReplyHeard { Reply: ReplyClass.Declined }:
                HangUp(new FaxCallCommand.SendBye(), Describe(FailureClass.NoReply, "the person declined"));
                break;
            case FaxCallEvent.ReplyHeard { Reply: ReplyClass.LongSpeech or ReplyClass.Unsure or ReplyClass.NoReply }:
            case FaxCallEvent.Tick when Expired:
                if (_promptPlays < _settings.Timeouts.PromptPlays)
                {
                    PlayPrompt();
                }
                else
                {
                    HangUp(new FaxCallCommand.SendBye(), Describe(FailureClass.NoReply, $"no yes after {_promptPlays} prompts"));
                }

                break;
            case FaxCallEvent.FaxTonesHeard:
                StartFax(FaxTransport.G711);
                break;
            default:
                OnAnsweredCommon(e);
                break;
        }
    }

    private void OnSwitchDelay(FaxCallEvent e)
    {
        switch (e)
        {
            case FaxCallEvent.Tick when Expired:
            case FaxCallEvent.FaxTonesHeard:
                StartFax(FaxTransport.G711);
                break;
            default:
                OnAnsweredCommon(e);
                break;
        }
    }
}
