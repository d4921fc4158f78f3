namespace Gateway.Campaigns.Store;

public enum RetryBatchState
{
    /// <summary>Will run at <see cref="RetryBatch.RunAt"/>.</summary>
    Scheduled,

    /// <summary>A one-time batch that ran.</summary>
    Done,

    Cancelled,
}
