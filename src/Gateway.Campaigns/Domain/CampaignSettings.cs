namespace Gateway.Campaigns.Domain;

/// <summary>What an operator submits to create a campaign (or a single fax, a campaign of one).</summary>
public sealed record CampaignSettings
{
    public required string Name { get; init; }

    /// <summary>Registry ids of the documents, sent in this order as one fax.</summary>
    public required IReadOnlyList<Guid> DocumentIds { get; init; }

    public required SenderIdentity Sender { get; init; }

    /// <summary>The spoken prompt played to a person who answers; null = the host's default prompt.</summary>
    public string? PromptRef { get; init; }

    public CallWindows Windows { get; init; } = CallWindows.Default;

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Higher first; 0–255, default 128.</summary>
    public int Priority { get; init; } = 128;

    public WebhookTarget? Webhook { get; init; }

    /// <summary>IANA zone used when a number maps to several (or no) zones and the destination names none.</summary>
    public string? DefaultTimeZone { get; init; }

    /// <summary>ISO 3166 region for numbers written without '+', e.g. "KZ"; null = numbers must be international.</summary>
    public string? DefaultRegion { get; init; }

    /// <summary>The SIP trunk the calls go out on (its limits are in the dispatcher options).</summary>
    public string Trunk { get; init; } = "default";

    /// <summary>The caller's own tag, echoed in webhooks and listings.</summary>
    public string? ExternalRef { get; init; }
}
