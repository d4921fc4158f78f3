namespace Gateway.Campaigns.Domain;

/// <summary>
/// When a destination may be called, read in the destination's local time: weekly ranges (several a day,
/// e.g. a lunch break is two ranges) minus holiday dates. Evaluated by <see cref="Scheduling.CallWindowCalendar"/>.
/// </summary>
public sealed record CallWindows
{
    public required IReadOnlyList<WeeklyRange> Weekly { get; init; }

    /// <summary>Local dates on which no call starts.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];

    /// <summary>
    /// Monday to Friday 08:00–21:00 local. 47 CFR 64.1200(c)(1) limits telephone solicitations to
    /// 08:00–21:00 called-party time; WriteToThem faxes 08:00–20:59 (research/campaign-ops.md §3, §4).
    /// </summary>
    public static CallWindows Default { get; } = Weekdays(TimeSpan.FromHours(8), TimeSpan.FromHours(21));

    /// <summary>Every day, all day.</summary>
    public static CallWindows Always { get; } = new()
    {
        Weekly = Enum.GetValues<DayOfWeek>().Select(d => new WeeklyRange(d, TimeSpan.Zero, WeeklyRange.EndOfDay)).ToArray(),
    };

    /// <summary>The same range Monday to Friday.</summary>
    public static CallWindows Weekdays(TimeSpan start, TimeSpan end) => new()
    {
        Weekly = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WeeklyRange(d, start, end)).ToArray(),
    };

    /// <summary>Throws <see cref="ArgumentException"/> for an empty week or a malformed or overlapping range.</summary>
    public void Validate()
    {
        if (Weekly.Count == 0)
        {
            throw new ArgumentException("call windows need at least one weekly range");
        }

        foreach (var r in Weekly)
        {
            r.Validate();
        }

        foreach (var day in Weekly.GroupBy(r => r.Day))
        {
            var sorted = day.OrderBy(r => r.Start).ToArray();
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i].Start < sorted[i - 1].End)
                {
                    throw new ArgumentException($"call windows on {day.Key} overlap: {sorted[i - 1].Start:hh\\:mm}-{sorted[i - 1].End:hh\\:mm} and {sorted[i].Start:hh\\:mm}-{sorted[i].End:hh\\:mm}");
                }
            }
        }
    }
}
