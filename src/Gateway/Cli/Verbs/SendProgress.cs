using Gateway.Calls;

namespace Gateway.Cli.Verbs;

/// <summary>Live progress of <c>gateway send</c>: one line per state change and per confirmed page.</summary>
internal sealed class SendProgress(TextWriter output, int pagesTotal, bool quiet)
{
    private readonly Lock _gate = new();
    private FaxCallState _state = FaxCallState.Idle;
    private int _pages;
    private (FaxTransport Transport, int BitRate) _line;

    public void OnProgress(FaxCall call)
    {
        if (quiet)
        {
            return;
        }

        lock (_gate)
        {
            if (call.State != _state)
            {
                _state = call.State;
                output.WriteLine($"{DateTime.Now:HH:mm:ss} {Describe(_state)}");
            }

            if (call.BitRate > 0 && (call.Transport, call.BitRate) != _line)
            {
                // Known once our DCS went out; a training fallback or a switch to T.38 prints it again.
                _line = (call.Transport, call.BitRate);
                output.WriteLine($"{DateTime.Now:HH:mm:ss} {call.BitRate} bit/s over {(call.Transport == FaxTransport.T38 ? "T.38" : "G.711")}");
            }

            if (call.PagesConfirmed > _pages)
            {
                _pages = call.PagesConfirmed;
                output.WriteLine($"{DateTime.Now:HH:mm:ss} page {_pages}/{pagesTotal} confirmed");
            }
        }
    }

    public void Finish(FaxCallOutcome outcome)
    {
        if (!quiet && outcome.AnsweredBy != AnsweredBy.None)
        {
            output.WriteLine($"{DateTime.Now:HH:mm:ss} answered by {outcome.AnsweredBy.ToString().ToLowerInvariant()}" +
                (outcome.RemoteIdent is { Length: > 0 } id ? $", remote ident '{id}'" : ""));
        }
    }

    private static string Describe(FaxCallState state) => state switch
    {
        FaxCallState.Dialing => "dialing",
        FaxCallState.Classifying => "answered; listening who it is",
        FaxCallState.Prompting => "playing the prompt",
        FaxCallState.AwaitingReply => "waiting for the reply",
        FaxCallState.SwitchDelay => "reply heard; CNG while the machine is switched on",
        FaxCallState.Faxing => "faxing",
        FaxCallState.HangingUp => "hanging up",
        FaxCallState.Ended => "ended",
        _ => state.ToString(),
    };
}
