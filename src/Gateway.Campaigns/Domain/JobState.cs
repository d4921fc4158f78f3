namespace Gateway.Campaigns.Domain;

/// <summary>State of one destination's delivery (docs/store.md "Job and lease state machine").</summary>
public enum JobState
{
    /// <summary>Waiting for <see cref="Job.NextAttemptAt"/>; dispatched when due and its campaign is active.</summary>
    Pending,

    /// <summary>An attempt holds a lease on it.</summary>
    InCall,

    /// <summary>Terminal: every page confirmed.</summary>
    Succeeded,

    /// <summary>Terminal until a retry batch: the retry policy gave up.</summary>
    Failed,

    /// <summary>Terminal: do-not-fax list or a number that cannot be dialed.</summary>
    Refused,

    /// <summary>Terminal: its campaign was cancelled before it finished.</summary>
    Cancelled,
}
