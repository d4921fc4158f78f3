namespace Gateway.Campaigns.Dispatch;

/// <summary>
/// What the call layer tells the store while a call runs. Page confirmations are made durable at once so that
/// a node lost after the last MCF never sends the fax again (docs/store.md "Fax confirmed").
/// </summary>
public interface IFaxCallProgress
{
    /// <summary>A fax or a person answered.</summary>
    ValueTask AnsweredAsync(DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// MCF received (T.30 §5.3.6.1.7): <paramref name="pagesConfirmed"/> pages of this call are confirmed,
    /// counted from the request's start page, of <paramref name="pagesTotal"/> pages in the whole fax.
    /// </summary>
    ValueTask PagesConfirmedAsync(int pagesConfirmed, int pagesTotal, CancellationToken cancellationToken);
}
