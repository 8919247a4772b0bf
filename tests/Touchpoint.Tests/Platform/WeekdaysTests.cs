using System.Globalization;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Tests.Platform;

public sealed class WeekdaysTests
{
    private const string Office = "09:00–13:00, 14:00–18:00";

    [Fact]
    public void Neighbouring_days_with_the_same_hours_share_a_line_and_days_off_are_left_out()
    {
        var week = new Dictionary<DayOfWeek, string>
        {
            [DayOfWeek.Monday] = Office, [DayOfWeek.Tuesday] = Office, [DayOfWeek.Wednesday] = Office,
            [DayOfWeek.Thursday] = "09:00–13:00", [DayOfWeek.Friday] = Office, [DayOfWeek.Saturday] = "10:00–14:00",
        };
        var lines = Weekdays.Summary(CultureInfo.GetCultureInfo("en-US"), d => week.GetValueOrDefault(d, ""));
        Assert.Equal(["Mon–Wed " + Office, "Thu 09:00–13:00", "Fri " + Office, "Sat 10:00–14:00"], lines);
    }

    [Fact]
    public void Day_names_follow_the_readers_language_and_an_empty_week_has_no_lines()
    {
        var weekdays = Weekdays.Summary(CultureInfo.GetCultureInfo("pl-PL"), d => d is DayOfWeek.Saturday or DayOfWeek.Sunday ? "" : Office);
        Assert.Equal(["pon.–pt. " + Office], weekdays);
        Assert.StartsWith("пн–пт ", Weekdays.Summary(CultureInfo.GetCultureInfo("ru-RU"), d => d is DayOfWeek.Saturday or DayOfWeek.Sunday ? "" : Office)[0]);
        Assert.Empty(Weekdays.Summary(CultureInfo.InvariantCulture, _ => ""));
        Assert.Equal("monday", Weekdays.Key(DayOfWeek.Monday));
    }
}
