namespace Gateway.Campaigns.Domain;

/// <summary>One range of local time on one weekday, [Start, End). End may be 24:00 (a whole-day end).</summary>
public readonly record struct WeeklyRange(DayOfWeek Day, TimeSpan Start, TimeSpan End)
{
    public static readonly TimeSpan EndOfDay = TimeSpan.FromHours(24);

    /// <summary>Throws <see cref="ArgumentException"/> unless 00:00 ≤ Start &lt; End ≤ 24:00.</summary>
    public void Validate()
    {
        if (Start < TimeSpan.Zero || End > EndOfDay || Start >= End)
        {
            throw new ArgumentException($"call window {Day} {Start:hh\\:mm}-{End:hh\\:mm} must satisfy 00:00 <= start < end <= 24:00");
        }
    }
}
