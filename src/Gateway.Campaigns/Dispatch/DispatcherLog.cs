using Gateway.Campaigns.Domain;
using Microsoft.Extensions.Logging;

namespace Gateway.Campaigns.Dispatch;

/// <summary>The dispatcher's log lines; call lines run inside a scope carrying CampaignId, JobId and AttemptId.</summary>
internal static partial class DispatcherLog
{
    [LoggerMessage(1, LogLevel.Error, "Dispatcher tick failed")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Drain time over with {Count} call(s) running: cancelling them")]
    public static partial void DrainTimedOut(ILogger logger, int count);

    [LoggerMessage(3, LogLevel.Information, "Refused {Number} (do-not-fax list) campaign {CampaignId} job {JobId}")]
    public static partial void Refused(ILogger logger, Guid campaignId, Guid jobId, string number);

    [LoggerMessage(4, LogLevel.Information, "Calling {Number}, attempt {Sequence}, from page {StartPage}")]
    public static partial void CallStarting(ILogger logger, string number, int sequence, int startPage);

    [LoggerMessage(5, LogLevel.Information, "Call ended {Outcome} ({Reason}); job {JobState}, next attempt {NextAttemptAt}")]
    public static partial void CallFinished(ILogger logger, FailureClass outcome, string reason, JobState jobState, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(6, LogLevel.Warning, "Call ended {Outcome} but the lease was lost; another node recorded this attempt")]
    public static partial void LeaseLost(ILogger logger, FailureClass outcome);

    [LoggerMessage(7, LogLevel.Information, "Lease released by the stopping node")]
    public static partial void Released(ILogger logger);

    [LoggerMessage(8, LogLevel.Warning, "Recovered expired lease of attempt {AttemptId} (node {NodeId}): {Outcome}, job {JobState}")]
    public static partial void LeaseRecovered(ILogger logger, Guid attemptId, string nodeId, FailureClass outcome, JobState jobState);

    [LoggerMessage(9, LogLevel.Information, "Retry batch {BatchId} of campaign {CampaignId} reset {Jobs} job(s)")]
    public static partial void RetryBatchRan(ILogger logger, Guid batchId, Guid campaignId, int jobs);

    [LoggerMessage(10, LogLevel.Error, "Could not record the end of attempt {AttemptId} (campaign {CampaignId}, job {JobId}); its lease will expire and be recovered")]
    public static partial void CompletionFailed(ILogger logger, Exception exception, Guid campaignId, Guid jobId, Guid attemptId);

    [LoggerMessage(11, LogLevel.Warning, "Recovered {Count} attempt(s) a previous process of node {NodeId} left open (it is dead: this process holds the node lock)")]
    public static partial void OwnLeasesRecovered(ILogger logger, int count, string nodeId);

    [LoggerMessage(12, LogLevel.Information, "Stopping before dialling: lease handed back")]
    public static partial void ReleasedBeforeDialling(ILogger logger);
}
