namespace Touchpoint.Platform.Localization;

/// <summary>How every page and message shows a length of time: "45 s", "30 min", "1 h 30 min", "3 d" in the reader's language.</summary>
public static class Durations
{
    /// <summary>
    /// Seconds under a minute, minutes under an hour, then hours and minutes. Whole days from two days on — always when
    /// <paramref name="rounded"/> (a countdown: "in 3 d"), otherwise only when nothing would be lost (a goal: "49 h", "2 d").
    /// </summary>
    public static string Text(string language, long seconds, bool rounded = false)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        string F(string key, long n) => Texts.Format(language, key, n);
        if (t.TotalSeconds < 60)
        {
            return F("Sla.Unit.Seconds", (long)t.TotalSeconds);
        }
        if (t.TotalMinutes < 60)
        {
            return F("Sla.Unit.Minutes", (long)t.TotalMinutes);
        }
        var wholeDays = t.TotalHours >= 48 && (rounded || t.Ticks % TimeSpan.TicksPerDay == 0);
        if (wholeDays)
        {
            return F("Sla.Unit.Days", (long)t.TotalDays);
        }
        return t.Minutes == 0 ? F("Sla.Unit.Hours", (long)t.TotalHours) : F("Sla.Unit.Hours", (long)t.TotalHours) + " " + F("Sla.Unit.Minutes", t.Minutes);
    }
}
