namespace Gateway.Campaigns;

/// <summary>Bad input (HTTP 400 / exit code 2); <see cref="Field"/> names what was wrong.</summary>
public sealed class CampaignValidationException(string field, string message) : CampaignException($"{field}: {message}")
{
    public string Field { get; } = field;

    /// <summary>Why, without the field name.</summary>
    public string Reason { get; } = message;
}
