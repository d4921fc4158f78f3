namespace Gateway.Campaigns;

/// <summary>Limits the campaign service enforces on input.</summary>
public sealed class CampaignServiceOptions
{
    /// <summary>Largest accepted document, bytes (default 50 MB, Telnyx's limit in research/campaign-ops.md §1).</summary>
    public long MaxDocumentBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Most destinations in one upload.</summary>
    public int MaxDestinationsPerUpload { get; set; } = 200_000;
}
