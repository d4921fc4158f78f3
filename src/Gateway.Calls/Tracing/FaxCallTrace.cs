using System.Diagnostics;
using Gateway.Fax.T30;

namespace Gateway.Calls.Tracing;

/// <summary>
/// The span tree of one call attempt (ActivitySource <c>Gateway.Calls</c>):
/// <code>
/// fax.call                     trunk, outcome, answered_by, sip status, transport, rate, ECM, pages
///   dial                       event "answer" when the far end answered
///   classify / prompt / reply / switch_delay
///   fax                        transport, rate; events "t38.switch", "page.confirmed"
///     t30.phase_b              pre-message procedure (T.30 §2.2: DIS/DCS, training)
///     t30.phase_c              one per page sent (fax.page), image transmission
///     t30.phase_d              one per page (fax.page), post-message command and its response
///     t30.phase_e              call release (DCN)
///   hang_up
/// </code>
/// State spans come from the call's task, T.30 phases from the media thread, so every method takes one
/// lock. Spans are started with explicit parents and the thread's ambient <see cref="Activity.Current"/> is
/// put back afterwards: media threads serve many calls and must not inherit one call's span.
/// Times come from the call's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class FaxCallTrace
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Activity _root;
    private Activity? _state;
    private Activity? _fax;
    private Activity? _phase;
    private T30Phase? _lastPhase;

    private FaxCallTrace(Activity root, TimeProvider time)
    {
        _root = root;
        _time = time;
    }

    /// <summary>Starts the call's root span under the ambient activity, or returns null when nobody listens.</summary>
    public static FaxCallTrace? Start(FaxCallRequest request, TimeProvider time)
    {
        if (!FaxCallTelemetry.Source.HasListeners())
        {
            return null;
        }

        Activity? root = FaxCallTelemetry.Source.StartActivity(FaxCallTelemetry.CallSpan, ActivityKind.Client, parentContext: default, startTime: time.GetUtcNow());
        if (root is null)
        {
            return null;
        }

        root.SetTag("gateway.trunk", request.Trunk.Name);
        root.SetTag("fax.pages.total", request.Settings.PagesTotal);
        root.SetTag("fax.t38_policy", request.Settings.T38.ToString());
        return new FaxCallTrace(root, time);
    }

    /// <summary>The call entered <paramref name="state"/>: the previous state's span ends, the new one starts.</summary>
    public void EnterState(FaxCallState state)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_state is { } previous && previous.OperationName == "dial" && state is not (FaxCallState.HangingUp or FaxCallState.Ended))
            {
                previous.AddEvent(new ActivityEvent("answer", now));
            }

            if (state != FaxCallState.Faxing)
            {
                EndPhase(now);
                End(ref _fax, now);
            }

            End(ref _state, now);
            string? name = state switch
            {
                FaxCallState.Dialing => "dial",
                FaxCallState.Classifying => "classify",
                FaxCallState.Prompting => "prompt",
                FaxCallState.AwaitingReply => "reply",
                FaxCallState.SwitchDelay => "switch_delay",
                FaxCallState.Faxing => "fax",
                FaxCallState.HangingUp => "hang_up",
                _ => null,
            };
            if (name is not null)
            {
                _state = Begin(name, _root, now);
                if (state == FaxCallState.Faxing)
                {
                    _fax = _state;
                }
            }
        }
    }

    /// <summary>T.30 over <paramref name="transport"/> starts (again, after a switch to T.38).</summary>
    public void FaxStarted(FaxTransport transport, bool switched)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            _fax?.SetTag("fax.transport", Name(transport));
            if (switched)
            {
                EndPhase(now);
                _lastPhase = null;
                _fax?.AddEvent(new ActivityEvent("t38.switch", now));
            }
        }
    }

    /// <summary>The T.30 session is in <paramref name="phase"/>; <paramref name="page"/> is the page sent or next (1-based, in this call).</summary>
    public void T30Phase(T30Phase phase, int page, int bitRate)
    {
        lock (_gate)
        {
            if (_fax is null || phase == _lastPhase || phase == Fax.T30.T30Phase.A)
            {
                return;
            }

            DateTimeOffset now = _time.GetUtcNow();
            _lastPhase = phase;
            EndPhase(now);
            _phase = Begin("t30.phase_" + char.ToLowerInvariant(phase.ToString()[0]), _fax, now);
            if (phase is Fax.T30.T30Phase.C or Fax.T30.T30Phase.D)
            {
                _phase?.SetTag("fax.page", page);
            }

            if (phase == Fax.T30.T30Phase.C && bitRate > 0)
            {
                _fax.SetTag("fax.bit_rate", bitRate);
                _phase?.SetTag("fax.bit_rate", bitRate);
            }
        }
    }

    public void PageConfirmed(int pages)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            _fax?.AddEvent(new ActivityEvent("page.confirmed", now, new ActivityTagsCollection { ["fax.pages.confirmed"] = pages }));
        }
    }

    /// <summary>Ends every open span with the outcome on the root.</summary>
    public void Finish(FaxCallOutcome outcome)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            EndPhase(now);
            End(ref _fax, now);
            End(ref _state, now);
            _root.SetTag("fax.outcome", outcome.Failure.ToString());
            _root.SetTag("fax.answered_by", outcome.AnsweredBy.ToString());
            _root.SetTag("sip.status", outcome.SipStatus);
            _root.SetTag("fax.transport", Name(outcome.Transport));
            _root.SetTag("fax.bit_rate", outcome.BitRate);
            _root.SetTag("fax.ecm", outcome.Ecm);
            _root.SetTag("fax.pages.confirmed", outcome.PagesConfirmed);
            if (outcome.Failure != FailureClass.Succeeded)
            {
                _root.SetStatus(ActivityStatusCode.Error, outcome.Reason);
            }

            Stop(_root, now);
        }
    }

    /// <summary>The call ended by an exception or cancellation: close what is open.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            if (_root.IsStopped)
            {
                return;
            }

            DateTimeOffset now = _time.GetUtcNow();
            EndPhase(now);
            End(ref _fax, now);
            End(ref _state, now);
            _root.SetStatus(ActivityStatusCode.Error, "the call was abandoned");
            Stop(_root, now);
        }
    }

    private static string Name(FaxTransport transport) => transport.ToString().ToLowerInvariant();

    private void EndPhase(DateTimeOffset now) => End(ref _phase, now);

    private static Activity? Begin(string name, Activity parent, DateTimeOffset at)
    {
        Activity? ambient = Activity.Current;
        Activity? span = FaxCallTelemetry.Source.StartActivity(name, ActivityKind.Internal, parent.Context, startTime: at);
        Activity.Current = ambient;
        return span;
    }

    private static void End(ref Activity? span, DateTimeOffset at)
    {
        if (span is { IsStopped: false } open)
        {
            Stop(open, at);
        }

        span = null;
    }

    private static void Stop(Activity span, DateTimeOffset at)
    {
        Activity? ambient = Activity.Current;
        span.SetEndTime(at.UtcDateTime);
        span.Stop();
        Activity.Current = ambient;
    }
}
