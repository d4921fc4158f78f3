using Gateway.Engine;

namespace Gateway.Api;

/// <summary>A campaign as the API shows it (the webhook secret is never shown).</summary>
public sealed record CampaignView(string Id, string Name, string State, int Priority, IReadOnlyList<string> DocumentIds, SenderSpec? Sender,
    string? PromptRef, string? DefaultTimeZone, string? DefaultRegion, IReadOnlyList<WindowSpec>? CallWindows, IReadOnlyList<string>? Holidays,
    RetryPolicySpec? RetryPolicy, WebhookView? Webhook, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JobCounts Counts)
{
    /// <summary>From a record.</summary>
    public static CampaignView From(CampaignRecord c) => new(c.Id, c.Name, c.State, c.Priority, c.Spec.DocumentIds ?? [], c.Spec.Sender, c.Spec.PromptRef,
        c.Spec.DefaultTimeZone, c.Spec.DefaultRegion, c.Spec.CallWindows, c.Spec.Holidays, c.Spec.RetryPolicy,
        c.Spec.Webhook?.Url is { } u ? new WebhookView(u) : null, c.CreatedAt, c.UpdatedAt, c.Counts);
}

/// <summary>Webhook without its secret.</summary>
public sealed record WebhookView(string Url);

/// <summary>A fax (one destination of a campaign; a single fax is a campaign of one).</summary>
public sealed record FaxView(string Id, string CampaignId, string To, string Status, string TimeZone, string TimeZoneSource, string? Name,
    string? Reference, int AttemptCount, DateTimeOffset? NextAttemptAt, string? LastFailureClass, int PagesConfirmed, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>From a record.</summary>
    public static FaxView From(JobRecord j) => new(j.Id, j.CampaignId, j.Number, j.Status, j.TimeZone, j.TimeZoneSource, j.Name, j.Reference, j.Attempts,
        j.NextAttemptAt, j.LastFailure, j.PagesConfirmed, j.CreatedAt, j.UpdatedAt);
}

/// <summary>One attempt.</summary>
public sealed record AttemptView(int Number, string Id, DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt, string? Outcome,
    int? SipStatus, int PagesConfirmed, bool FaxConfirmed, string? Transport, int? Rate, string? RemoteIdent, string Node, string? Detail)
{
    /// <summary>From a record.</summary>
    public static AttemptView From(AttemptRecord a) => new(a.Number, a.Id, a.StartedAt, a.AnsweredAt, a.EndedAt, a.Outcome, a.SipStatus, a.PagesConfirmed,
        a.FaxConfirmed, a.Transport, a.Rate, a.RemoteIdent, a.Node, a.Detail);
}

/// <summary>A page of a list.</summary>
public sealed record PageView<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
