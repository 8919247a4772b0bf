using System.Globalization;

namespace Touchpoint.Platform.Localization;

/// <summary>The week as the store's people read it: Monday first, and a weekly schedule in a few lines.</summary>
public static class Weekdays
{
    public static readonly IReadOnlyList<DayOfWeek> MondayFirst =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>The wire and storage name of a day: "monday".</summary>
    public static string Key(DayOfWeek day) => day.ToString().ToLowerInvariant();

    /// <summary>
    /// A weekly schedule in lines such as "Mon–Fri 09:00–13:00, 14:00–18:00", "Sat 10:00–14:00": neighbouring days with
    /// the same hours share a line, day names are abbreviated in <paramref name="culture"/>, days without hours
    /// (<paramref name="hours"/> gives an empty text) are left out.
    /// </summary>
    public static IReadOnlyList<string> Summary(CultureInfo culture, Func<DayOfWeek, string> hours)
    {
        var days = MondayFirst.Select(d => (Day: d, Text: hours(d))).ToList();
        string Name(DayOfWeek d) => culture.DateTimeFormat.GetAbbreviatedDayName(d);
        var lines = new List<string>();
        for (var i = 0; i < days.Count;)
        {
            var j = i;
            while (j + 1 < days.Count && days[j + 1].Text == days[i].Text)
            {
                j++;
            }
            if (days[i].Text.Length > 0)
            {
                lines.Add((i == j ? Name(days[i].Day) : $"{Name(days[i].Day)}–{Name(days[j].Day)}") + " " + days[i].Text);
            }
            i = j + 1;
        }
        return lines;
    }
}
