using System.Globalization;

namespace Gateway.Engine;

/// <summary>
/// Weekly call windows plus holidays, evaluated in a destination's own IANA time zone. Local times are
/// converted with the zone's rules for that date, so a window keeps its local hours across DST changes;
/// a window edge that falls in a spring-forward gap moves to the first valid instant after it.
/// </summary>
public sealed class CallWindowCalendar
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private readonly List<(DayOfWeek Day, TimeSpan From, TimeSpan To)> _ranges;
    private readonly HashSet<DateOnly> _holidays;

    private CallWindowCalendar(List<(DayOfWeek, TimeSpan, TimeSpan)> ranges, HashSet<DateOnly> holidays)
    {
        _ranges = ranges;
        _holidays = holidays;
    }

    /// <summary>True when no window is configured (any time).</summary>
    public bool AlwaysOpen => _ranges.Count == 0 && _holidays.Count == 0;

    /// <summary>Builds the calendar or returns field errors.</summary>
    public static (CallWindowCalendar? Calendar, Dictionary<string, string[]> Errors) Build(IReadOnlyList<WindowSpec>? windows, IReadOnlyList<string>? holidays)
    {
        var errors = new Dictionary<string, string[]>();
        var ranges = new List<(DayOfWeek, TimeSpan, TimeSpan)>();
        for (var i = 0; i < (windows?.Count ?? 0); i++)
        {
            var w = windows![i];
            var from = ParseTime(w.From, allow24: false);
            var to = ParseTime(w.To, allow24: true);
            if (from is null || to is null || to <= from)
            {
                errors[$"callWindows[{i}]"] = ["from and to must be HH:MM with from < to (to may be 24:00)"];
                continue;
            }

            if (w.Days is not { Count: > 0 })
            {
                errors[$"callWindows[{i}].days"] = ["at least one of mon, tue, wed, thu, fri, sat, sun"];
                continue;
            }

            foreach (var d in w.Days)
            {
                var idx = Array.IndexOf(DayNames, d.ToLowerInvariant());
                if (idx < 0)
                {
                    errors[$"callWindows[{i}].days"] = [$"'{d}' is not one of mon, tue, wed, thu, fri, sat, sun"];
                    break;
                }

                ranges.Add(((DayOfWeek)idx, from.Value, to.Value));
            }
        }

        var dates = new HashSet<DateOnly>();
        for (var i = 0; i < (holidays?.Count ?? 0); i++)
        {
            if (DateOnly.TryParseExact(holidays![i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                dates.Add(d);
            }
            else
            {
                errors[$"holidays[{i}]"] = [$"'{holidays[i]}' is not YYYY-MM-DD"];
            }
        }

        return errors.Count > 0 ? (null, errors) : (new CallWindowCalendar(ranges, dates), errors);
    }

    /// <summary>The first instant at or after <paramref name="from"/> inside a window in <paramref name="zone"/>; null if none within 400 days.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset from, TimeZoneInfo zone)
    {
        if (AlwaysOpen)
        {
            return from;
        }

        var localStart = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        for (var day = 0; day < 400; day++)
        {
            var date = localStart.AddDays(day);
            if (_holidays.Contains(date))
            {
                continue;
            }

            DateTimeOffset? best = null;
            var ranges = _ranges.Count == 0 ? [(date.DayOfWeek, TimeSpan.Zero, TimeSpan.FromDays(1))] : _ranges;
            foreach (var (dow, f, t) in ranges)
            {
                if (dow != date.DayOfWeek)
                {
                    continue;
                }

                var open = ToUtc(date, f, zone);
                var close = ToUtc(date, t, zone);
                if (close <= from)
                {
                    continue;
                }

                var candidate = open > from ? open : from;
                if (best is null || candidate < best)
                {
                    best = candidate;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="at"/> is inside a window.</summary>
    public bool IsOpen(DateTimeOffset at, TimeZoneInfo zone) => NextOpening(at, zone) == at;

    /// <summary>The UTC instant of a local date and time in <paramref name="zone"/> (gap: first valid minute after; overlap: the earlier instant).</summary>
    public static DateTimeOffset ToUtc(DateOnly date, TimeSpan time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).Add(time);
        // Spring forward: a local time in the gap does not exist; step to the first minute after the gap.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        // Fall back: an ambiguous local time takes the earlier (daylight) offset, so a window never starts late.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static TimeSpan? ParseTime(string? s, bool allow24)
    {
        if (s == "24:00" && allow24)
        {
            return TimeSpan.FromDays(1);
        }

        return TimeOnly.TryParseExact(s, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.ToTimeSpan() : null;
    }
}
