using PhoneNumbers;

namespace Gateway.Engine;

/// <summary>
/// E.164 normalization and time zone derivation with libphonenumber. A number mapping to one zone gets
/// it; several zones → the campaign default if it is one of them, else the first, and the source records
/// the choice; no zone → the campaign default, else an error.
/// </summary>
public static class NumberNormalizer
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper Zones = PhoneNumberToTimeZonesMapper.GetInstance();

    /// <summary>The E.164 form, or an error message.</summary>
    public static (string? E164, string? Error) Normalize(string? text, string? region)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "number is required");
        }

        try
        {
            var n = Util.Parse(text, string.IsNullOrEmpty(region) ? "ZZ" : region.ToUpperInvariant());
            return Util.IsValidNumber(n)
                ? (Util.Format(n, PhoneNumberFormat.E164), null)
                : (null, $"'{text}' is not a valid phone number");
        }
        catch (NumberParseException ex)
        {
            return (null, $"'{text}' is not a phone number ({ex.ErrorType}){(string.IsNullOrEmpty(region) ? "; write it as +<country code><number> or set defaultRegion" : "")}");
        }
    }

    /// <summary>The zone for a normalized number and how it was chosen, or an error.</summary>
    public static (string? Zone, string Source, string? Error) TimeZoneFor(string e164, string? explicitZone, string? campaignDefault)
    {
        if (!string.IsNullOrEmpty(explicitZone))
        {
            return IsKnownZone(explicitZone) ? (explicitZone, "override", null) : (null, "", $"unknown time zone '{explicitZone}'");
        }

        var zones = Zones.GetTimeZonesForNumber(Util.Parse(e164, "ZZ"))
            .Where(z => z != "Etc/Unknown" && IsKnownZone(z))
            .ToList();
        if (zones.Count == 1)
        {
            return (zones[0], "number", null);
        }

        if (zones.Count > 1)
        {
            return campaignDefault is not null && zones.Contains(campaignDefault)
                ? (campaignDefault, $"campaign default (number maps to {zones.Count} zones)", null)
                : (zones[0], $"first of {zones.Count} zones of the number ({string.Join(' ', zones.Take(4))}{(zones.Count > 4 ? " ..." : "")})", null);
        }

        return campaignDefault is not null
            ? (campaignDefault, "campaign default (number has no zone)", null)
            : (null, "", "no time zone can be derived from the number; give timeZone or the campaign's defaultTimeZone");
    }

    /// <summary>True for an IANA id this system knows.</summary>
    public static bool IsKnownZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }
}
