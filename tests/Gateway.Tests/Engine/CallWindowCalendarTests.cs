using Gateway.Engine;

namespace Gateway.Tests.Engine;

public sealed class CallWindowCalendarTests
{
    private static CallWindowCalendar Calendar(params string[] holidays) => CallWindowCalendar.Build(
        [new WindowSpec { Days = ["mon", "tue", "wed", "thu", "fri"], From = "09:00", To = "12:00" },
         new WindowSpec { Days = ["mon", "tue", "wed", "thu", "fri"], From = "13:00", To = "17:00" }], holidays).Calendar!;

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Fact]
    public void Lunch_break_moves_a_call_to_the_afternoon_range_in_local_time()
    {
        // Wed 2026-03-04 12:30 in Almaty (UTC+5) = 07:30 UTC.
        var next = Calendar().NextOpening(new DateTimeOffset(2026, 3, 4, 7, 30, 0, TimeSpan.Zero), Zone("Asia/Almaty"));
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 8, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void Friday_evening_rolls_over_the_weekend_and_a_holiday_to_tuesday()
    {
        // Fri 2026-12-25 18:00 Moscow (UTC+3); Mon 2026-12-28 is a holiday → Tue 09:00 MSK = 06:00 UTC.
        var next = Calendar("2026-12-28").NextOpening(new DateTimeOffset(2026, 12, 25, 15, 0, 0, TimeSpan.Zero), Zone("Europe/Moscow"));
        Assert.Equal(new DateTimeOffset(2026, 12, 29, 6, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void Windows_keep_local_hours_across_the_new_york_dst_change()
    {
        // Before (Fri 2026-03-06, EST = UTC-5) and after (Mon 2026-03-09, EDT = UTC-4) the 2026-03-08 switch.
        var ny = Zone("America/New_York");
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 14, 0, 0, TimeSpan.Zero), Calendar().NextOpening(new DateTimeOffset(2026, 3, 6, 12, 0, 0, TimeSpan.Zero), ny));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero), Calendar().NextOpening(new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.Zero), ny));
    }

    [Fact]
    public void A_window_opening_inside_the_spring_forward_gap_opens_at_the_first_valid_minute()
    {
        // Sun 2026-03-08 02:00-03:00 does not exist in New York; a window from 02:30 opens at 03:00 EDT = 07:00 UTC.
        var cal = CallWindowCalendar.Build([new WindowSpec { Days = ["sun"], From = "02:30", To = "05:00" }], []).Calendar!;
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), cal.NextOpening(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), Zone("America/New_York")));
    }

    [Fact]
    public void Inside_a_window_the_time_itself_is_returned_and_no_windows_means_always_open()
    {
        var at = new DateTimeOffset(2026, 3, 4, 5, 0, 0, TimeSpan.Zero); // 10:00 Almaty
        Assert.True(Calendar().IsOpen(at, Zone("Asia/Almaty")));
        Assert.False(Calendar().IsOpen(at, Zone("America/New_York")));
        Assert.True(CallWindowCalendar.Build(null, null).Calendar!.AlwaysOpen);
    }
}
