using Touchpoint.Platform.Calendar;
using Touchpoint.Features.Sla;

namespace Touchpoint.Tests.Platform;

public sealed class BusinessCalendarTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    /// <summary>Mon–Fri 09:00–13:00 and 14:00–18:00 (lunch 13–14), as a Polish store's service team works.</summary>
    private static BusinessCalendar WarsawOffice(params DateOnly[] holidays) => new("Europe/Warsaw", new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>
    {
        [DayOfWeek.Monday] = [OpeningPeriod.Parse("09:00", "13:00"), OpeningPeriod.Parse("14:00", "18:00")],
        [DayOfWeek.Tuesday] = [OpeningPeriod.Parse("09:00", "13:00"), OpeningPeriod.Parse("14:00", "18:00")],
        [DayOfWeek.Wednesday] = [OpeningPeriod.Parse("09:00", "13:00"), OpeningPeriod.Parse("14:00", "18:00")],
        [DayOfWeek.Thursday] = [OpeningPeriod.Parse("09:00", "13:00"), OpeningPeriod.Parse("14:00", "18:00")],
        [DayOfWeek.Friday] = [OpeningPeriod.Parse("09:00", "13:00"), OpeningPeriod.Parse("14:00", "18:00")],
    }, holidays);

    private static DateTime At(TimeZoneInfo zone, int y, int mo, int d, int h, int mi = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Unspecified), zone);

    private static DateTime Local(TimeZoneInfo zone, DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone);

    [Fact]
    public void An_hour_that_runs_into_lunch_continues_after_it()
    {
        // Monday 2026-11-23 12:30 + 1 h → 30 min before lunch, 30 min after: 14:30.
        var due = WarsawOffice().Add(At(Warsaw, 2026, 11, 23, 12, 30), TimeSpan.FromHours(1));
        Assert.Equal(new DateTime(2026, 11, 23, 14, 30, 0), Local(Warsaw, due));
    }

    [Fact]
    public void Friday_evening_rolls_over_the_weekend_and_a_holiday()
    {
        var calendar = WarsawOffice();
        Assert.Equal(new DateTime(2026, 11, 30, 9, 30, 0), Local(Warsaw, calendar.Add(At(Warsaw, 2026, 11, 27, 17, 30), TimeSpan.FromHours(1))));
        var withHoliday = WarsawOffice(new DateOnly(2026, 11, 30));
        Assert.Equal(new DateTime(2026, 12, 1, 9, 30, 0), Local(Warsaw, withHoliday.Add(At(Warsaw, 2026, 11, 27, 17, 30), TimeSpan.FromHours(1))));
    }

    [Fact]
    public void A_message_outside_hours_counts_from_the_next_opening()
    {
        var due = WarsawOffice().Add(At(Warsaw, 2026, 11, 28, 10, 0), TimeSpan.FromMinutes(30));
        Assert.Equal(new DateTime(2026, 11, 30, 9, 30, 0), Local(Warsaw, due));
        Assert.False(WarsawOffice().IsOpen(At(Warsaw, 2026, 11, 23, 13, 30)));
        Assert.True(WarsawOffice().IsOpen(At(Warsaw, 2026, 11, 23, 14, 0)));
    }

    [Fact]
    public void Business_time_between_two_instants_skips_nights_lunch_and_weekends()
    {
        var calendar = WarsawOffice();
        // Friday 17:00 → Monday 10:00: one hour on Friday, one on Monday.
        Assert.Equal(TimeSpan.FromHours(2), calendar.Between(At(Warsaw, 2026, 11, 27, 17, 0), At(Warsaw, 2026, 11, 30, 10, 0)));
        // Monday 12:00 → 15:00: lunch does not count.
        Assert.Equal(TimeSpan.FromHours(2), calendar.Between(At(Warsaw, 2026, 11, 23, 12, 0), At(Warsaw, 2026, 11, 23, 15, 0)));
        Assert.Equal(TimeSpan.Zero, calendar.Between(At(Warsaw, 2026, 11, 23, 15, 0), At(Warsaw, 2026, 11, 23, 12, 0)));
    }

    [Fact]
    public void Warsaw_spring_and_autumn_days_are_as_long_as_the_time_that_really_passes()
    {
        var always = BusinessCalendar.AlwaysOpen("Europe/Warsaw");
        // 2026-03-29: clocks jump from 02:00 to 03:00, the day has 23 hours; 2026-10-25: back from 03:00 to 02:00, 25 hours.
        Assert.Equal(TimeSpan.FromHours(23), always.Between(At(Warsaw, 2026, 3, 29, 0), At(Warsaw, 2026, 3, 30, 0)));
        Assert.Equal(TimeSpan.FromHours(25), always.Between(At(Warsaw, 2026, 10, 25, 0), At(Warsaw, 2026, 10, 26, 0)));
        // One hour after 01:30 on the spring day is 03:30 on the wall clock.
        Assert.Equal(new DateTime(2026, 3, 29, 3, 30, 0), Local(Warsaw, always.Add(At(Warsaw, 2026, 3, 29, 1, 30), TimeSpan.FromHours(1))));

        // A shop open 01:00–05:00 on both change days: 3 real hours in spring, 5 in autumn.
        var night = new BusinessCalendar("Europe/Warsaw", new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>
        {
            [DayOfWeek.Sunday] = [OpeningPeriod.Parse("01:00", "05:00")],
        });
        Assert.Equal(TimeSpan.FromHours(3), night.Between(At(Warsaw, 2026, 3, 29, 0), At(Warsaw, 2026, 3, 29, 12)));
        Assert.Equal(TimeSpan.FromHours(5), night.Between(At(Warsaw, 2026, 10, 25, 0), At(Warsaw, 2026, 10, 25, 12)));
        // Opening at 02:30 on the spring day (a time that does not exist) opens when the clock jumps, 03:00.
        var gap = new BusinessCalendar("Europe/Warsaw", new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>
        {
            [DayOfWeek.Sunday] = [OpeningPeriod.Parse("02:30", "04:00")],
        });
        Assert.Equal(TimeSpan.FromHours(1), gap.Between(At(Warsaw, 2026, 3, 29, 0), At(Warsaw, 2026, 3, 29, 12)));
    }

    [Fact]
    public void Moscow_has_no_clock_changes()
    {
        var calendar = new BusinessCalendar("Europe/Moscow", Enum.GetValues<DayOfWeek>().Where(d => d is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            .ToDictionary(d => d, _ => (IReadOnlyList<OpeningPeriod>)[OpeningPeriod.Parse("09:00", "18:00")]));
        var due = calendar.Add(At(Moscow, 2026, 10, 23, 17, 0), TimeSpan.FromHours(2));
        Assert.Equal(new DateTime(2026, 10, 26, 10, 0, 0), Local(Moscow, due));
        Assert.Equal(TimeSpan.FromHours(9), calendar.Between(At(Moscow, 2026, 3, 30, 0), At(Moscow, 2026, 3, 31, 0)));
    }

    [Fact]
    public void Bad_calendars_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new BusinessCalendar("Europe/Warsaw", new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>()));
        Assert.Throws<ArgumentException>(() => new BusinessCalendar("Europe/Warsaw", new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>
        {
            [DayOfWeek.Monday] = [OpeningPeriod.Parse("09:00", "13:00"), OpeningPeriod.Parse("12:00", "18:00")],
        }));
        Assert.Throws<ArgumentException>(() => new BusinessCalendar("Europe/Warsaw", new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>
        {
            [DayOfWeek.Monday] = [OpeningPeriod.Parse("18:00", "09:00")],
        }));
    }
}

public sealed class SlaClockTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    private static DateTime At(int d, int h, int mi = 0) => TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 11, d, h, mi, 0, DateTimeKind.Unspecified), Warsaw);

    private static readonly BusinessCalendar Office = new("Europe/Warsaw", Enum.GetValues<DayOfWeek>().Where(d => d is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
        .ToDictionary(d => d, _ => (IReadOnlyList<OpeningPeriod>)[OpeningPeriod.Parse("09:00", "13:00"), OpeningPeriod.Parse("14:00", "18:00")]));

    [Fact]
    public void The_clock_stops_while_waiting_on_the_customer_and_resumes_when_they_write()
    {
        // Resolution goal 8 business hours. Opened Mon 09:00, pending Mon 11:00–Tue 10:00, running again from Tue 10:00.
        var stretches = new List<Running> { new(At(23, 9), At(23, 11)), new(At(24, 10), null) };
        Assert.Equal(TimeSpan.FromHours(3), SlaClock.Elapsed(Office, stretches, At(24, 11)));
        // 2 h used before the pause, 6 h left from Tue 10:00: 10–13 (3 h), lunch, 14–17 (3 h) → Tue 17:00.
        Assert.Equal(At(24, 17), SlaClock.DueAt(Office, TimeSpan.FromHours(8), stretches));
        // While pending there is no due time.
        Assert.Null(SlaClock.DueAt(Office, TimeSpan.FromHours(8), [new Running(At(23, 9), At(23, 11))]));
        // The time spent waiting does not count.
        Assert.Equal(TimeSpan.FromHours(2), SlaClock.Elapsed(Office, [new Running(At(23, 9), At(23, 11))], At(24, 16)));
    }

    [Fact]
    public void A_goal_already_used_up_is_due_at_once()
    {
        var stretches = new List<Running> { new(At(23, 9), At(23, 18)), new(At(24, 9), null) };
        Assert.Equal(At(24, 9), SlaClock.DueAt(Office, TimeSpan.FromHours(1), stretches));
    }
}
