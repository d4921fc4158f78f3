using Gateway.Campaigns.Store;

namespace Gateway.Campaigns.Dispatch;

/// <summary>Writes call progress through to the store at once (a confirmed page must survive this node's death).</summary>
internal sealed class LeaseProgress(IJobStore store, RunningCall call, string nodeId) : IFaxCallProgress
{
    public async ValueTask AnsweredAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        call.AnsweredAt ??= at;
        await store.RecordAnsweredAsync(call.AttemptId, nodeId, at, CancellationToken.None);
    }

    public async ValueTask PagesConfirmedAsync(int pagesConfirmed, int pagesTotal, CancellationToken cancellationToken)
    {
        call.PagesConfirmed = Math.Max(call.PagesConfirmed, pagesConfirmed);
        call.PagesTotal = Math.Max(call.PagesTotal, pagesTotal);

        // Not cancellable: once MCF arrived the record must be written even while stopping.
        await store.RecordPagesConfirmedAsync(call.AttemptId, nodeId, call.PagesConfirmed, call.PagesTotal, CancellationToken.None);
    }
}
