namespace Gateway.Campaigns.Scheduling;

/// <summary>Local wall-clock time to UTC instants across DST transitions.</summary>
public static class LocalTime
{
    /// <summary>
    /// The first instant whose local time in <paramref name="zone"/> is <paramref name="local"/>, or, when that local
    /// time does not exist (the spring-forward gap), the instant the gap ends. Ambiguous times (fall-back) take the
    /// earlier instant, so a window opening at 01:30 on a fall-back night opens at the first 01:30.
    /// </summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var largest = offsets.Max();
            return new DateTimeOffset(local - largest, TimeSpan.Zero);
        }

        if (zone.IsInvalidTime(local))
        {
            // Gaps are whole minutes (at most a few hours): walk to the first valid minute.
            var probe = new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
            for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(probe); i++)
            {
                probe = probe.AddMinutes(1);
            }

            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(probe, zone), TimeSpan.Zero);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>The local date and time of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, zone);

    /// <summary>The next instant strictly after <paramref name="after"/> whose local time of day is <paramref name="timeOfDay"/>.</summary>
    public static DateTimeOffset NextDaily(TimeSpan timeOfDay, TimeZoneInfo zone, DateTimeOffset after)
    {
        var day = ToLocal(after, zone).Date;
        for (var i = 0; i < 3; i++)
        {
            var candidate = ToUtc(day.AddDays(i) + timeOfDay, zone);
            if (candidate > after)
            {
                return candidate;
            }
        }

        return ToUtc(day.AddDays(3) + timeOfDay, zone);
    }
}
