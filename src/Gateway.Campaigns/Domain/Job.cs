namespace Gateway.Campaigns.Domain;

/// <summary>One destination of a campaign and the progress of its delivery.</summary>
public sealed record Job
{
    public required Guid Id { get; init; }

    public required Guid CampaignId { get; init; }

    public required Destination Destination { get; init; }

    public required JobState State { get; init; }

    /// <summary>When the next attempt is due (Pending only).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Attempts that dialed (released leases do not count).</summary>
    public int AttemptCount { get; init; }

    /// <summary>Counted attempts by the class they ended in.</summary>
    public IReadOnlyDictionary<FailureClass, int> FailureCounts { get; init; } = new Dictionary<FailureClass, int>();

    /// <summary>True once any attempt was answered by a fax or a person.</summary>
    public bool EverAnswered { get; init; }

    /// <summary>0-based first page not yet confirmed: the page the next attempt starts at (T.30 resume).</summary>
    public int ResumePage { get; init; }

    public FailureClass? LastFailure { get; init; }

    public string? LastReason { get; init; }

    /// <summary>1-based line of the upload it came from (0 when added singly).</summary>
    public int SourceLine { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public int FailuresOf(FailureClass failure) => FailureCounts.TryGetValue(failure, out var n) ? n : 0;

    public bool IsTerminal => State is JobState.Succeeded or JobState.Failed or JobState.Refused or JobState.Cancelled;
}
