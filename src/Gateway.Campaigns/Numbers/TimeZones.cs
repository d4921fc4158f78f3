namespace Gateway.Campaigns.Numbers;

/// <summary>IANA time zone lookup (TimeZoneInfo reads the IANA tzdata on Linux).</summary>
public static class TimeZones
{
    /// <summary>The zone for an IANA id, or null when the id is unknown (Windows ids are not accepted).</summary>
    public static TimeZoneInfo? TryFind(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || !TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) || !zone.HasIanaId)
        {
            return null;
        }

        return zone;
    }

    /// <summary>The zone for an IANA id; throws <see cref="CampaignValidationException"/> naming <paramref name="field"/>.</summary>
    public static TimeZoneInfo Find(string id, string field) =>
        TryFind(id) ?? throw new CampaignValidationException(field, $"'{id}' is not a known IANA time zone (e.g. Europe/Moscow)");
}
