using Gateway.Campaigns.Domain;
using PhoneNumbers;

namespace Gateway.Campaigns.Numbers;

/// <summary>
/// Normalizes numbers to E.164 with libphonenumber and picks each destination's IANA zone: the destination's own
/// override, else the single zone libphonenumber's PhoneNumberToTimeZonesMapper gives, else (several or no zones)
/// the campaign default. The choice and the candidates are recorded on the destination.
/// </summary>
public sealed class DestinationResolver(string? defaultRegion, string? defaultTimeZone)
{
    private const string UnknownZone = "Etc/Unknown";
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper ZoneMapper = PhoneNumberToTimeZonesMapper.GetInstance();

    private readonly string? _region = string.IsNullOrWhiteSpace(defaultRegion) ? null : defaultRegion.Trim().ToUpperInvariant();

    /// <summary>The E.164 form of <paramref name="raw"/>; throws <see cref="DestinationException"/> (field "number").</summary>
    public string Normalize(string raw, int line = 0)
    {
        var text = raw?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw Error(line, "number", raw, "empty");
        }

        PhoneNumber number;
        try
        {
            number = Util.Parse(text, _region ?? "ZZ");
        }
        catch (NumberParseException e)
        {
            var why = e.ErrorType == ErrorType.INVALID_COUNTRY_CODE && _region is null
                ? "not in international form (+country code) and the campaign has no default region"
                : $"not a phone number ({e.ErrorType})";
            throw Error(line, "number", raw, why);
        }

        if (!Util.IsValidNumber(number))
        {
            throw Error(line, "number", raw, "not a valid number for its country (libphonenumber)");
        }

        return Util.Format(number, PhoneNumberFormat.E164);
    }

    /// <summary>Normalizes and chooses the zone; throws <see cref="DestinationException"/> naming the field.</summary>
    public Destination Resolve(DestinationInput input)
    {
        var e164 = Normalize(input.Number, input.Line);
        var candidates = ZoneMapper.GetTimeZonesForNumber(Util.Parse(e164, "ZZ"))
            .Where(z => z != UnknownZone && TimeZones.TryFind(z) is not null)
            .ToArray();

        if (!string.IsNullOrWhiteSpace(input.TimeZone))
        {
            var zone = TimeZones.TryFind(input.TimeZone) ?? throw Error(input.Line, "time_zone", input.TimeZone, "not a known IANA time zone (e.g. Asia/Almaty)");
            return Make(zone.Id, TimeZoneSource.Override);
        }

        if (candidates.Length == 1)
        {
            return Make(candidates[0], TimeZoneSource.Number);
        }

        if (defaultTimeZone is not null)
        {
            return Make(defaultTimeZone, TimeZoneSource.CampaignDefault);
        }

        var why = candidates.Length == 0
            ? "no time zone is known for this number; give time_zone or a campaign default_time_zone"
            : $"the number spans several time zones ({string.Join(", ", candidates)}); give time_zone or a campaign default_time_zone";
        throw Error(input.Line, "time_zone", null, why);

        Destination Make(string zone, TimeZoneSource source)
        {
            try
            {
                input.Windows?.Validate();
            }
            catch (ArgumentException e)
            {
                throw Error(input.Line, "windows", null, e.Message);
            }

            return new Destination(e164, zone, source, candidates, input.Windows, string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim());
        }
    }

    private static DestinationException Error(int line, string field, string? value, string message) =>
        new(new DestinationError(line, field, value, message));
}
