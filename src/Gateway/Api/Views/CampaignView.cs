using Gateway.Api.Contracts;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;

namespace Gateway.Api.Views;

/// <summary>A campaign as the API shows it (the webhook secret is never shown).</summary>
public sealed record CampaignView(
    Guid Id,
    string Name,
    string State,
    int Priority,
    IReadOnlyList<Guid> DocumentIds,
    SenderSpec Sender,
    string? PromptRef,
    string? DefaultTimeZone,
    string? DefaultRegion,
    IReadOnlyList<WindowSpec> CallWindows,
    IReadOnlyList<string> Holidays,
    RetryPolicySpec RetryPolicy,
    WebhookView? Webhook,
    string Trunk,
    string? ExternalRef,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    CountsView Counts)
{
    /// <summary>From a stored campaign and its job counts.</summary>
    public static CampaignView From(Campaign c, CampaignCounts counts)
    {
        var s = c.Settings;
        return new(
            c.Id, c.Name, ApiJson.EnumName(c.State), c.Priority, s.DocumentIds,
            new SenderSpec { Tsi = s.Sender.Tsi, HeaderText = s.Sender.HeaderText, CallerNumber = s.Sender.CallerNumber },
            s.PromptRef, s.DefaultTimeZone, s.DefaultRegion, CampaignSpecMapper.ToSpec(s.Windows),
            s.Windows.Holidays.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            CampaignSpecMapper.ToSpec(s.Retry), s.Webhook is null ? null : new WebhookView(s.Webhook.Url.ToString()), s.Trunk, s.ExternalRef,
            c.CreatedAt, c.UpdatedAt, c.StartedAt, c.FinishedAt, CountsView.From(counts));
    }
}
