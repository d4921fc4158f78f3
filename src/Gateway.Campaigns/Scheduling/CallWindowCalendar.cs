using Gateway.Campaigns.Domain;

namespace Gateway.Campaigns.Scheduling;

/// <summary>
/// Evaluates <see cref="CallWindows"/> in one destination's zone: is a call allowed now, and when is the next
/// opening. Ranges are local wall-clock times, so a 09:00 opening stays 09:00 local across DST changes; a range
/// edge inside a spring-forward gap moves to the end of the gap; on a fall-back night the earlier instant counts.
/// </summary>
public sealed class CallWindowCalendar
{
    // A year is enough to find an opening unless every weekday range falls on a holiday.
    private const int SearchDays = 400;

    private readonly TimeZoneInfo _zone;
    private readonly WeeklyRange[][] _byDay = new WeeklyRange[7][];
    private readonly HashSet<DateOnly> _holidays;

    public CallWindowCalendar(CallWindows windows, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(windows);
        _zone = zone;
        for (var d = 0; d < 7; d++)
        {
            _byDay[d] = windows.Weekly.Where(r => (int)r.Day == d).OrderBy(r => r.Start).ToArray();
        }

        _holidays = [.. windows.Holidays];
    }

    public TimeZoneInfo Zone => _zone;

    /// <summary>True when <paramref name="instant"/> lies inside a range.</summary>
    public bool IsOpen(DateTimeOffset instant) => NextOpening(instant) == instant;

    /// <summary>
    /// The earliest instant ≥ <paramref name="instant"/> inside a range (<paramref name="instant"/> itself when open),
    /// or null when no range opens within about a year.
    /// </summary>
    public DateTimeOffset? NextOpening(DateTimeOffset instant)
    {
        var (start, _) = FindRange(instant) ?? default;
        return start == default ? null : start;
    }

    /// <summary>The end of the range <paramref name="instant"/> is in, or null when it is not in one.</summary>
    public DateTimeOffset? ClosesAt(DateTimeOffset instant)
    {
        var range = FindRange(instant);
        return range is { } r && r.Start == instant ? r.End : null;
    }

    private (DateTimeOffset Start, DateTimeOffset End)? FindRange(DateTimeOffset instant)
    {
        // Start a day early: a range of the previous local day may still be open past midnight UTC shifts.
        var firstDay = LocalTime.ToLocal(instant, _zone).Date.AddDays(-1);
        for (var i = 0; i < SearchDays; i++)
        {
            var day = firstDay.AddDays(i);
            if (_holidays.Contains(DateOnly.FromDateTime(day)))
            {
                continue;
            }

            foreach (var r in _byDay[(int)day.DayOfWeek])
            {
                var start = LocalTime.ToUtc(day + r.Start, _zone);
                var end = LocalTime.ToUtc(day + r.End, _zone);
                if (end <= start || end <= instant)
                {
                    continue; // empty after a DST gap, or already over
                }

                return (start > instant ? start : instant, end);
            }
        }

        return null;
    }
}
