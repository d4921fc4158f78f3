using Gateway.Documents;
using Gateway.Engine;

namespace Gateway.Api;

/// <summary>Checks a campaign spec and turns destinations into normalized jobs, collecting every field error.</summary>
public static class CampaignValidation
{
    /// <summary>Field errors of a spec (empty = valid).</summary>
    public static async Task<Dictionary<string, string[]>> ValidateAsync(CampaignSpec spec, DocumentStore documents, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Length > 200)
        {
            errors["name"] = ["required, 1 to 200 characters"];
        }

        if (spec.DocumentIds is not { Count: > 0 })
        {
            errors["documentIds"] = ["at least one document id (upload with POST /api/v1/documents)"];
        }
        else
        {
            for (var i = 0; i < spec.DocumentIds.Count; i++)
            {
                if (await documents.FindAsync(spec.DocumentIds[i] ?? "", ct) is null)
                {
                    errors[$"documentIds[{i}]"] = [$"document '{spec.DocumentIds[i]}' does not exist"];
                }
            }
        }

        if (spec.DefaultTimeZone is { } tz && !NumberNormalizer.IsKnownZone(tz))
        {
            errors["defaultTimeZone"] = [$"unknown IANA time zone '{tz}'"];
        }

        if (spec.DefaultRegion is { } region && (region.Length != 2 || !PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.ToUpperInvariant())))
        {
            errors["defaultRegion"] = [$"'{region}' is not a supported ISO 3166 region code"];
        }

        if (spec.Sender?.Tsi is { Length: > 20 })
        {
            errors["sender.tsi"] = ["at most 20 characters (T.30 §5.3.6.2.4)"];
        }

        if (spec.Sender?.CallerNumber is { } caller && NumberNormalizer.Normalize(caller, spec.DefaultRegion).Error is { } callerError)
        {
            errors["sender.callerNumber"] = [callerError];
        }

        if (spec.Priority is < -1000 or > 1000)
        {
            errors["priority"] = ["from -1000 to 1000"];
        }

        foreach (var (k, v) in CallWindowCalendar.Build(spec.CallWindows, spec.Holidays).Errors)
        {
            errors[k] = v;
        }

        foreach (var (k, v) in RetryPolicy.Build(spec.RetryPolicy).Errors)
        {
            errors[k] = v;
        }

        if (spec.Webhook is { } w)
        {
            if (!Uri.TryCreate(w.Url, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
            {
                errors["webhook.url"] = ["an absolute http(s) URL"];
            }

            if (w.Secret is not { Length: >= 16 and <= 200 })
            {
                errors["webhook.secret"] = ["16 to 200 characters"];
            }
        }

        return errors;
    }

    /// <summary>Normalizes destinations; every bad one is reported under <paramref name="label"/>(index or line).</summary>
    public static (List<NewJob> Jobs, Dictionary<string, string[]> Errors) Destinations(
        IEnumerable<(string Label, DestinationInput Row)> rows, CampaignSpec spec, int max)
    {
        var jobs = new List<NewJob>();
        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<string>();
        foreach (var (label, row) in rows)
        {
            if (jobs.Count + errors.Count >= max)
            {
                errors["destinations"] = [$"at most {max} destinations per request"];
                break;
            }

            var (e164, numberError) = NumberNormalizer.Normalize(row.Number, spec.DefaultRegion);
            if (numberError is not null)
            {
                errors[label + ".number"] = [numberError];
                continue;
            }

            if (!seen.Add(e164!))
            {
                errors[label + ".number"] = [$"{e164} appears twice in this request"];
                continue;
            }

            var (zone, source, zoneError) = NumberNormalizer.TimeZoneFor(e164!, row.TimeZone, spec.DefaultTimeZone);
            if (zoneError is not null)
            {
                errors[label + ".timeZone"] = [zoneError];
                continue;
            }

            if (row.Name is { Length: > 200 } || row.Reference is { Length: > 200 })
            {
                errors[label] = ["name and reference are at most 200 characters"];
                continue;
            }

            jobs.Add(new NewJob(e164!, zone!, source, row.Name, row.Reference));
        }

        return (jobs, errors);
    }
}
