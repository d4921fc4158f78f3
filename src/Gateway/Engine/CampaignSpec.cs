namespace Gateway.Engine;

/// <summary>What a campaign is made of; the body of <c>POST /api/v1/campaigns</c> and stored as JSON.</summary>
public sealed class CampaignSpec
{
    /// <summary>Display name, 1..200 characters.</summary>
    public string? Name { get; set; }

    /// <summary>Documents sent, in order (ids from <c>POST /api/v1/documents</c>).</summary>
    public List<string>? DocumentIds { get; set; }

    /// <summary>Sender identity.</summary>
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

    /// <summary>Retry policy; defaults per failure class when absent.</summary>
    public RetryPolicySpec? RetryPolicy { get; set; }

    /// <summary>Higher first; default 0.</summary>
    public int Priority { get; set; }

    /// <summary>Webhook for state changes.</summary>
    public WebhookSpec? Webhook { get; set; }

    /// <summary>Destinations given inline at creation (not stored in the spec).</summary>
    public List<DestinationInput>? Destinations { get; set; }
}

/// <summary>Sender identity on the fax.</summary>
public sealed class SenderSpec
{
    /// <summary>T.30 TSI, at most 20 characters (T.30 §5.3.6.2.4).</summary>
    public string? Tsi { get; set; }

    /// <summary>Header line text.</summary>
    public string? HeaderText { get; set; }

    /// <summary>Caller number presented.</summary>
    public string? CallerNumber { get; set; }
}

/// <summary>One weekly range: days and a local time range (<c>from</c> inclusive, <c>to</c> exclusive; <c>24:00</c> allowed).</summary>
public sealed class WindowSpec
{
    /// <summary>mon..sun.</summary>
    public List<string>? Days { get; set; }

    /// <summary>HH:MM.</summary>
    public string? From { get; set; }

    /// <summary>HH:MM or 24:00.</summary>
    public string? To { get; set; }
}

/// <summary>Retry policy.</summary>
public sealed class RetryPolicySpec
{
    /// <summary>Most attempts in total per destination.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>Per failure class (camelCase class names) overrides.</summary>
    public Dictionary<string, RetryClassSpec>? Classes { get; set; }
}

/// <summary>Retry settings of one failure class.</summary>
public sealed class RetryClassSpec
{
    /// <summary>Delay before the next attempt, seconds.</summary>
    public double? DelaySeconds { get; set; }

    /// <summary><c>fixed</c> or <c>exponential</c> (delay × 2^(n-1)).</summary>
    public string? Backoff { get; set; }

    /// <summary>Most attempts ending in this class; 0 = never retried after it.</summary>
    public int? MaxAttempts { get; set; }
}

/// <summary>Webhook endpoint.</summary>
public sealed class WebhookSpec
{
    /// <summary>http(s) URL.</summary>
    public string? Url { get; set; }

    /// <summary>HMAC-SHA256 key, at least 16 characters.</summary>
    public string? Secret { get; set; }
}

/// <summary>A destination as given by a client.</summary>
public sealed class DestinationInput
{
    /// <summary>Phone number, E.164 or national with the campaign's region.</summary>
    public string? Number { get; set; }

    /// <summary>Explicit IANA zone (overrides the one derived from the number).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Label.</summary>
    public string? Name { get; set; }

    /// <summary>Caller's correlation reference.</summary>
    public string? Reference { get; set; }
}
