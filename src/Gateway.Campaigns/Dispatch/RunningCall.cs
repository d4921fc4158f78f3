namespace Gateway.Campaigns.Dispatch;

/// <summary>A call this node runs: its task, its cancellation and the progress reported so far.</summary>
internal sealed class RunningCall(Guid attemptId, CancellationTokenSource cancellation)
{
    public Guid AttemptId { get; } = attemptId;

    public CancellationTokenSource Cancellation { get; } = cancellation;

    public Task Task { get; set; } = Task.CompletedTask;

    public int PagesConfirmed { get; set; }

    public int PagesTotal { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}
