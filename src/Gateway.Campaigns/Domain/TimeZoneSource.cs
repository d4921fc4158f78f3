namespace Gateway.Campaigns.Domain;

/// <summary>How a destination's IANA time zone was chosen; recorded with the destination.</summary>
public enum TimeZoneSource
{
    /// <summary>The number maps to exactly one zone (libphonenumber PhoneNumberToTimeZonesMapper).</summary>
    Number,

    /// <summary>The number maps to several or no zones; the campaign's default zone decided.</summary>
    CampaignDefault,

    /// <summary>The destination named its zone explicitly.</summary>
    Override,
}
