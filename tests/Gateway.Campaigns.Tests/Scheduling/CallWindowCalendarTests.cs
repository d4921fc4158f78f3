using Gateway.Campaigns.Domain;
using Gateway.Campaigns.Scheduling;

namespace Gateway.Campaigns.Tests.Scheduling;

public sealed class CallWindowCalendarTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeZoneInfo Almaty = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static CallWindows Week(TimeSpan start, TimeSpan end, params DateOnly[] holidays) => CallWindows.Weekdays(start, end) with { Holidays = holidays };

    [Fact]
    public void Opening_stays_at_local_nine_across_the_new_york_spring_forward()
    {
        // DST starts Sunday 2026-03-08 02:00 EST → 03:00 EDT: 09:00 local is 14:00Z before, 13:00Z after.
        var calendar = new CallWindowCalendar(Week(TimeSpan.FromHours(9), TimeSpan.FromHours(17)), NewYork);
        Assert.Equal(Utc(3, 6, 14), calendar.NextOpening(Utc(3, 6, 5)));
        Assert.Equal(Utc(3, 9, 13), calendar.NextOpening(Utc(3, 6, 22))); // Friday after close → Monday, now EDT
        Assert.Equal(Utc(3, 9, 21), calendar.ClosesAt(Utc(3, 9, 13)));
    }

    [Fact]
    public void Opening_inside_the_spring_forward_gap_moves_to_the_end_of_the_gap()
    {
        var windows = new CallWindows { Weekly = [new WeeklyRange(DayOfWeek.Sunday, new TimeSpan(2, 30, 0), TimeSpan.FromHours(4))] };
        var calendar = new CallWindowCalendar(windows, NewYork);
        Assert.Equal(Utc(3, 8, 7), calendar.NextOpening(Utc(3, 8, 0))); // 02:30 does not exist; 03:00 EDT = 07:00Z
        Assert.Equal(Utc(3, 8, 8), calendar.ClosesAt(Utc(3, 8, 7)));
    }

    [Fact]
    public void Range_entirely_inside_the_gap_never_opens_that_day()
    {
        var windows = new CallWindows { Weekly = [new WeeklyRange(DayOfWeek.Sunday, new TimeSpan(2, 10, 0), new TimeSpan(2, 50, 0))] };
        var calendar = new CallWindowCalendar(windows, NewYork);
        Assert.Equal(Utc(3, 15, 6, 10), calendar.NextOpening(Utc(3, 8, 0))); // next Sunday, 02:10 EDT
    }

    [Fact]
    public void Fall_back_night_opens_at_the_first_occurrence_and_lasts_an_hour_longer()
    {
        // DST ends Sunday 2026-11-01 02:00 EDT → 01:00 EST: 01:30 happens twice.
        var windows = new CallWindows { Weekly = [new WeeklyRange(DayOfWeek.Sunday, new TimeSpan(1, 30, 0), TimeSpan.FromHours(3))] };
        var calendar = new CallWindowCalendar(windows, NewYork);
        var open = calendar.NextOpening(Utc(11, 1, 0));
        Assert.Equal(Utc(11, 1, 5, 30), open);
        Assert.Equal(Utc(11, 1, 8), calendar.ClosesAt(open!.Value));
    }

    [Fact]
    public void Lunch_break_in_moscow_closes_the_window_between_two_ranges()
    {
        var windows = new CallWindows
        {
            Weekly = Enum.GetValues<DayOfWeek>().SelectMany(d => new[] { new WeeklyRange(d, TimeSpan.FromHours(9), TimeSpan.FromHours(13)), new WeeklyRange(d, TimeSpan.FromHours(14), TimeSpan.FromHours(18)) }).ToArray(),
        };
        var calendar = new CallWindowCalendar(windows, Moscow);
        Assert.True(calendar.IsOpen(Utc(3, 10, 9, 59)));      // 12:59 MSK
        Assert.False(calendar.IsOpen(Utc(3, 10, 10)));        // 13:00 MSK: end is exclusive
        Assert.Equal(Utc(3, 10, 11), calendar.NextOpening(Utc(3, 10, 10, 30)));
        Assert.Equal(Utc(3, 10, 15), calendar.ClosesAt(Utc(3, 10, 11)));
    }

    [Fact]
    public void Holiday_in_almaty_skips_the_whole_local_day()
    {
        // Asia/Almaty is UTC+5 (tzdata 2024a). 2026-03-09 is a Monday and a holiday here.
        var calendar = new CallWindowCalendar(Week(TimeSpan.FromHours(9), TimeSpan.FromHours(18), new DateOnly(2026, 3, 9)), Almaty);
        Assert.Equal(Utc(3, 10, 4), calendar.NextOpening(Utc(3, 6, 13))); // Friday 18:00 local → Tuesday 09:00 local
        Assert.False(calendar.IsOpen(Utc(3, 9, 6)));
    }

    [Fact]
    public void Range_ending_at_midnight_runs_into_the_next_day_range()
    {
        var windows = new CallWindows
        {
            Weekly = [new WeeklyRange(DayOfWeek.Monday, TimeSpan.FromHours(22), WeeklyRange.EndOfDay), new WeeklyRange(DayOfWeek.Tuesday, TimeSpan.Zero, TimeSpan.FromHours(1))],
        };
        var calendar = new CallWindowCalendar(windows, Moscow);
        Assert.True(calendar.IsOpen(Utc(3, 9, 20, 59)));   // Monday 23:59 MSK
        Assert.True(calendar.IsOpen(Utc(3, 9, 21, 0)));    // Tuesday 00:00 MSK
        Assert.False(calendar.IsOpen(Utc(3, 9, 22, 0)));   // Tuesday 01:00 MSK
    }

    [Fact]
    public void No_opening_within_a_year_is_null()
    {
        var allHolidays = Enumerable.Range(0, 800).Select(i => new DateOnly(2026, 1, 1).AddDays(i)).ToArray();
        var calendar = new CallWindowCalendar(CallWindows.Always with { Holidays = allHolidays }, Moscow);
        Assert.Null(calendar.NextOpening(Utc(3, 1, 0)));
    }

    [Theory]
    [InlineData(9, 9)]
    [InlineData(10, 9)]
    [InlineData(-1, 5)]
    public void Malformed_ranges_are_rejected(int start, int end)
    {
        var windows = new CallWindows { Weekly = [new WeeklyRange(DayOfWeek.Monday, TimeSpan.FromHours(start), TimeSpan.FromHours(end))] };
        Assert.Throws<ArgumentException>(windows.Validate);
    }

    [Fact]
    public void Overlapping_ranges_on_one_day_are_rejected()
    {
        var windows = new CallWindows { Weekly = [new WeeklyRange(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(13)), new WeeklyRange(DayOfWeek.Monday, TimeSpan.FromHours(12), TimeSpan.FromHours(15))] };
        Assert.Throws<ArgumentException>(windows.Validate);
    }
}
