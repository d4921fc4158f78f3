using System.Globalization;
using Gateway.Api.Contracts;
using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Store;

namespace Gateway.Api;

/// <summary>
/// Maps the API's campaign body onto <see cref="CampaignSettings"/> of Gateway.Campaigns, collecting every error
/// under the field name the API uses (<c>callWindows[1].days</c>, <c>retryPolicy.classes.busy</c>). The rest of the
/// validation (TSI, header, zones, regions, webhook scheme) is the campaign service's.
/// </summary>
public static class CampaignSpecMapper
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>The settings, or the field errors (then the settings are null).</summary>
    public static async Task<(CampaignSettings? Settings, Dictionary<string, string[]> Errors)> ToSettingsAsync(CampaignSpec spec, ICampaignStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var documents = new List<Guid>();
        if (spec.DocumentIds is not { Count: > 0 })
        {
            errors["documentIds"] = ["at least one document id (upload with POST /api/v1/documents)"];
        }
        else
        {
            for (var i = 0; i < spec.DocumentIds.Count; i++)
            {
                if (Guid.TryParse(spec.DocumentIds[i], out var id) && await store.GetDocumentAsync(id, ct) is not null)
                {
                    documents.Add(id);
                }
                else
                {
                    errors[$"documentIds[{i}]"] = [$"document '{spec.DocumentIds[i]}' does not exist"];
                }
            }
        }

        var windows = Windows(spec.CallWindows, spec.Holidays, errors);
        var retry = Retry(spec.RetryPolicy, errors);
        Uri? url = null;
        if (spec.Webhook is { } hook && !Uri.TryCreate(hook.Url, UriKind.Absolute, out url))
        {
            errors["webhook.url"] = ["an absolute http(s) URL"];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new CampaignSettings
        {
            Name = spec.Name ?? "",
            DocumentIds = documents,
            Sender = new SenderIdentity(spec.Sender?.Tsi ?? "", spec.Sender?.HeaderText ?? "", string.IsNullOrWhiteSpace(spec.Sender?.CallerNumber) ? null : spec.Sender.CallerNumber),
            PromptRef = spec.PromptRef,
            Windows = windows,
            Retry = retry,
            Priority = spec.Priority ?? 128,
            Webhook = url is null ? null : new WebhookTarget(url, spec.Webhook!.Secret ?? ""),
            DefaultTimeZone = string.IsNullOrWhiteSpace(spec.DefaultTimeZone) ? null : spec.DefaultTimeZone,
            DefaultRegion = string.IsNullOrWhiteSpace(spec.DefaultRegion) ? null : spec.DefaultRegion,
            Trunk = string.IsNullOrWhiteSpace(spec.Trunk) ? "default" : spec.Trunk.Trim(),
            ExternalRef = spec.ExternalRef,
        }, errors);
    }

    /// <summary>The API name of a field the campaign service names.</summary>
    public static string ApiField(string serviceField) => serviceField switch
    {
        "documents" => "documentIds",
        "windows" => "callWindows",
        "retry" => "retryPolicy",
        "time_zone" => "timeZone",
        _ => serviceField,
    };

    /// <summary>The API form of stored windows (one entry per weekly range).</summary>
    public static List<WindowSpec> ToSpec(CallWindows windows) =>
        windows.Weekly.Select(r => new WindowSpec { Days = [DayNames[(int)r.Day]], From = Clock(r.Start), To = Clock(r.End) }).ToList();

    /// <summary>The API form of a stored retry policy.</summary>
    public static RetryPolicySpec ToSpec(RetryPolicy policy) => new()
    {
        MaxAttempts = policy.MaxTotalAttempts,
        NeverAnsweredMaxAttempts = policy.NeverAnsweredMaxAttempts,
        Classes = policy.Rules.ToDictionary(
            r => ApiJson.EnumName(r.Key),
            r => new RetryClassSpec
            {
                DelaySeconds = r.Value.Delay.TotalSeconds,
                Backoff = r.Value.BackoffFactor > 1 ? "exponential" : "fixed",
                BackoffFactor = r.Value.BackoffFactor,
                MaxDelaySeconds = r.Value.MaxDelay?.TotalSeconds,
                MaxRetries = r.Value.MaxRetries,
            }),
    };

    private static CallWindows Windows(List<WindowSpec>? specs, List<string>? holidays, Dictionary<string, string[]> errors)
    {
        var days = new List<DateOnly>();
        for (var i = 0; i < (holidays?.Count ?? 0); i++)
        {
            if (DateOnly.TryParseExact(holidays![i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                days.Add(d);
            }
            else
            {
                errors[$"holidays[{i}]"] = [$"'{holidays[i]}' is not a date YYYY-MM-DD"];
            }
        }

        if (specs is not { Count: > 0 })
        {
            return CallWindows.Always with { Holidays = days };
        }

        var ranges = new List<WeeklyRange>();
        for (var i = 0; i < specs.Count; i++)
        {
            var w = specs[i];
            var weekdays = (w.Days ?? []).Select(DayIndex).ToList();
            if (weekdays.Count == 0 || weekdays.Contains(-1))
            {
                errors[$"callWindows[{i}].days"] = ["one or more of mon, tue, wed, thu, fri, sat, sun"];
                continue;
            }

            if (ParseClock(w.From) is not { } from || ParseClock(w.To) is not { } to || from >= to)
            {
                errors[$"callWindows[{i}]"] = ["'from' and 'to' as HH:MM local time, from < to, 'to' up to 24:00"];
                continue;
            }

            ranges.AddRange(weekdays.Distinct().Select(d => new WeeklyRange((DayOfWeek)d, from, to)));
        }

        return new CallWindows { Weekly = ranges, Holidays = days };
    }

    /// <summary>0 = Sunday (as <see cref="DayOfWeek"/>) for "sun" or "sunday", -1 when not a day.</summary>
    private static int DayIndex(string? day)
    {
        var s = (day ?? "").Trim().ToLowerInvariant();
        var i = Array.IndexOf(DayNames, s);
        return i >= 0 ? i : Array.FindIndex(Enum.GetNames<DayOfWeek>(), n => n.Equals(s, StringComparison.OrdinalIgnoreCase));
    }

    private static RetryPolicy Retry(RetryPolicySpec? spec, Dictionary<string, string[]> errors)
    {
        var defaults = RetryPolicy.Default;
        if (spec is null)
        {
            return defaults;
        }

        var rules = new Dictionary<FailureClass, RetryRule>(defaults.Rules);
        foreach (var (name, c) in spec.Classes ?? [])
        {
            var field = $"retryPolicy.classes.{name}";
            if (!Enum.TryParse<FailureClass>(name, ignoreCase: true, out var failure) || int.TryParse(name, out _))
            {
                errors[field] = [$"unknown failure class; one of {string.Join(", ", Enum.GetValues<FailureClass>().Select(ApiJson.EnumName))}"];
                continue;
            }

            if (failure is FailureClass.Succeeded or FailureClass.Refused)
            {
                errors[field] = [$"{name} ends the job and is never retried"];
                continue;
            }

            var baseRule = rules.GetValueOrDefault(failure) ?? new RetryRule(TimeSpan.FromMinutes(5), 0);
            double? factor = c.Backoff?.Trim().ToLowerInvariant() switch
            {
                null => c.BackoffFactor ?? baseRule.BackoffFactor,
                "fixed" => 1.0,
                "exponential" => c.BackoffFactor ?? (baseRule.BackoffFactor > 1 ? baseRule.BackoffFactor : 2.0),
                _ => null,
            };
            if (factor is null || !InRange(c.DelaySeconds) || !InRange(c.MaxDelaySeconds))
            {
                errors[field] = ["backoff 'fixed' or 'exponential'; delaySeconds and maxDelaySeconds from 0 to 604800"];
                continue;
            }

            rules[failure] = new RetryRule(
                c.DelaySeconds is { } delay ? TimeSpan.FromSeconds(delay) : baseRule.Delay,
                c.MaxRetries ?? baseRule.MaxRetries,
                factor.Value,
                c.MaxDelaySeconds is { } max ? TimeSpan.FromSeconds(max) : baseRule.MaxDelay);
        }

        return defaults with
        {
            Rules = rules,
            MaxTotalAttempts = spec.MaxAttempts ?? defaults.MaxTotalAttempts,
            NeverAnsweredMaxAttempts = spec.NeverAnsweredMaxAttempts ?? defaults.NeverAnsweredMaxAttempts,
        };
    }

    private static bool InRange(double? seconds) => seconds is null || (double.IsFinite(seconds.Value) && seconds.Value is >= 0 and <= 604_800);

    private static TimeSpan? ParseClock(string? text)
    {
        if (text == "24:00")
        {
            return WeeklyRange.EndOfDay;
        }

        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.ToTimeSpan() : null;
    }

    private static string Clock(TimeSpan t) => t >= WeeklyRange.EndOfDay ? "24:00" : t.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
