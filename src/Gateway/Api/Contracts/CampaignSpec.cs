namespace Gateway.Api.Contracts;

/// <summary>The body of <c>POST /api/v1/campaigns</c> (docs/api.md "Campaigns"); mapped onto Gateway.Campaigns settings.</summary>
public sealed class CampaignSpec
{
    /// <summary>Display name, 1..200 characters.</summary>
    public string? Name { get; set; }

    /// <summary>Documents sent, in order (ids from <c>POST /api/v1/documents</c>).</summary>
    public List<string>? DocumentIds { get; set; }

    /// <summary>Sender identity; absent = empty TSI and header.</summary>
    public SenderSpec? Sender { get; set; }

    /// <summary>Voice prompt reference (used by the SIP call; unused by the scripted placer).</summary>
    public string? PromptRef { get; set; }

    /// <summary>IANA zone used when a number maps to several zones or none.</summary>
    public string? DefaultTimeZone { get; set; }

    /// <summary>ISO 3166 region for numbers written without +country code.</summary>
    public string? DefaultRegion { get; set; }

    /// <summary>Weekly call windows in each destination's local time; none = any time.</summary>
    public List<WindowSpec>? CallWindows { get; set; }

    /// <summary>Local dates (YYYY-MM-DD) with no calls.</summary>
    public List<string>? Holidays { get; set; }

    /// <summary>Retry policy; the defaults per failure class apply to what is not given.</summary>
    public RetryPolicySpec? RetryPolicy { get; set; }

    /// <summary>Higher first, 0..255; default 128.</summary>
    public int? Priority { get; set; }

    /// <summary>Webhook for state changes.</summary>
    public WebhookSpec? Webhook { get; set; }

    /// <summary>SIP trunk name (limits in <c>Dispatcher:Trunks</c>); default <c>default</c>.</summary>
    public string? Trunk { get; set; }

    /// <summary>The caller's own tag, echoed in webhooks.</summary>
    public string? ExternalRef { get; set; }

    /// <summary>Destinations given inline at creation.</summary>
    public List<DestinationSpec>? Destinations { get; set; }
}
