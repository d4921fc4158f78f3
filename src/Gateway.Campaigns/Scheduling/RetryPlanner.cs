using Gateway.Campaigns.Dispatch;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns.Scheduling;

/// <summary>
/// Decides what follows an attempt (sans-IO): success, a retry at a time inside the call windows, or failure.
/// Rules in docs/campaigns.md "Retry policy".
/// </summary>
public static class RetryPlanner
{
    public static JobDecision Decide(Job job, CallOutcome outcome, RetryPolicy policy, CallWindowCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(calendar);
        var resume = job.ResumePage + Math.Max(0, outcome.PagesConfirmed);
        var failure = outcome.Failure;

        // Every page confirmed is a delivered fax whatever the call layer called the ending (T.30 §5.3.6.1.7: MCF per page).
        if (failure == FailureClass.Succeeded || (outcome.PagesTotal > 0 && resume >= outcome.PagesTotal))
        {
            return new JobDecision(JobState.Succeeded, null, resume);
        }

        if (failure == FailureClass.Refused)
        {
            return new JobDecision(JobState.Refused, null, resume, Note: outcome.Reason);
        }

        var ofClass = job.FailuresOf(failure) + 1;
        var attempts = job.AttemptCount + 1;
        if (!policy.Rules.TryGetValue(failure, out var rule) || ofClass > rule.MaxRetries)
        {
            return Fail($"{Name(failure)}: {(rule is null ? "not retried" : $"{rule.MaxRetries} retries used")}");
        }

        if (attempts >= policy.MaxTotalAttempts)
        {
            return Fail($"{attempts} attempts: the total cap is reached");
        }

        var everAnswered = job.EverAnswered || outcome.Answered;
        if (!everAnswered && failure != FailureClass.Busy)
        {
            // HylaFAX FaxSend.c++: caps for a number never reached avoid "harrassing someone w/ repeated calls".
            var unanswered = job.AttemptCount - job.FailuresOf(FailureClass.Busy) + 1;
            if (unanswered >= policy.NeverAnsweredMaxAttempts)
            {
                return Fail($"never answered by a fax or a person after {unanswered} attempts");
            }
        }

        var due = now + rule.DelayAfter(ofClass);
        var opening = calendar.NextOpening(due);
        return opening is null
            ? Fail("no call window opens within a year")
            : new JobDecision(JobState.Pending, opening, resume);

        JobDecision Fail(string note) => new(JobState.Failed, null, resume, Note: note);
    }

    private static string Name(FailureClass failure) => failure.ToString();
}
