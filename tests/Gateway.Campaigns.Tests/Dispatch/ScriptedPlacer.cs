using System.Collections.Concurrent;
using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Tests.Dispatch;

/// <summary>
/// The call-layer double: for each number, a script of outcomes played in order (the last one repeats).
/// It records every call with the fake time it started; a script step may report pages and may hang until cancelled.
/// </summary>
public sealed class ScriptedPlacer(TimeProvider time) : IFaxCallPlacer
{
    private readonly ConcurrentDictionary<string, Queue<Step>> _scripts = new();

    public ConcurrentQueue<(string Number, DateTimeOffset At, int StartPage, Guid CampaignId)> Calls { get; } = new();

    /// <summary>Outcome steps for a number.</summary>
    public ScriptedPlacer Script(string number, params Step[] steps)
    {
        _scripts[number] = new Queue<Step>(steps);
        return this;
    }

    public async Task<CallOutcome> PlaceCallAsync(FaxCallRequest request, IFaxCallProgress progress, CancellationToken cancellationToken)
    {
        Calls.Enqueue((request.Number, time.GetUtcNow(), request.StartPage, request.CampaignId));
        var queue = _scripts.GetOrAdd(request.Number, _ => new Queue<Step>([Step.Ok(1)]));
        Step step;
        lock (queue)
        {
            step = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
        }

        if (step.Answered)
        {
            await progress.AnsweredAsync(time.GetUtcNow(), cancellationToken);
        }

        for (var p = 1; p <= step.PagesConfirmed; p++)
        {
            await progress.PagesConfirmedAsync(p, step.PagesTotal, cancellationToken);
        }

        if (step.Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return new CallOutcome
        {
            Failure = step.Failure,
            Reason = "scripted " + step.Failure,
            Answered = step.Answered,
            PagesConfirmed = step.PagesConfirmed,
            PagesTotal = step.PagesTotal,
            SipStatus = step.Failure == FailureClass.Busy ? 486 : 200,
            Transport = step.Answered ? FaxTransport.T38 : FaxTransport.None,
        };
    }

    public sealed record Step(FailureClass Failure, bool Answered, int PagesConfirmed, int PagesTotal, bool Hang = false)
    {
        public static Step Ok(int pages) => new(FailureClass.Succeeded, true, pages, pages);

        public static Step Busy => new(FailureClass.Busy, false, 0, 0);

        public static Step NoAnswer => new(FailureClass.NoAnswer, false, 0, 0);

        public static Step Partial(int confirmed, int total) => new(FailureClass.PartialSend, true, confirmed, total);

        /// <summary>Confirms pages then never returns (until cancelled): a node that dies mid-call.</summary>
        public static Step HangAfter(int confirmed, int total) => new(FailureClass.NetworkError, true, confirmed, total, Hang: true);
    }
}
