using Gateway.Campaigns.Domain;

namespace Gateway.Telephony;

/// <summary>
/// Turns a campaign's stored (already rasterized) documents into the pages one call sends: the pages from
/// <c>startPage</c> on, each stamped with this call's header line.
/// </summary>
public interface IFaxPageSourceFactory
{
    /// <summary>Prepares the pages; a missing or unreadable stored document throws <see cref="InvalidOperationException"/>.</summary>
    Task<PreparedFax> PrepareAsync(IReadOnlyList<DocumentRef> documents, SenderIdentity sender, int startPage, DateTimeOffset sendingAt, CancellationToken ct);
}
