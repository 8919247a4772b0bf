using System.Globalization;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Web;

namespace Touchpoint.Platform.Localization;

/// <summary>
/// The one way to show a moment to a person: in the store's time zone, in the reader's language, on a 24-hour clock —
/// "2 Dec 2026, 15:29", "2 дек. 2026 г., 15:29", "2 gru 2026, 15:29". Every page, mail and public page formats through
/// here, so a label reads the same before and after the page comes alive and on every screen.
/// </summary>
public sealed class When(IOptions<StoreOptions> store)
{
    /// <summary>Day, month, year and time: history, messages, timelines.</summary>
    public string Full(DateTime utc, string? language = null) => Format(store.Value, utc, language, Style.Full);

    /// <summary>Day, month and year.</summary>
    public string Date(DateTime utc, string? language = null) => Format(store.Value, utc, language, Style.Date);

    /// <summary>Hours and minutes.</summary>
    public string Time(DateTime utc, string? language = null) => Format(store.Value, utc, language, Style.Time);

    /// <summary>What lists need: the time alone today, day and month this year, the full date before that.</summary>
    public string InList(DateTime utc, DateTime nowUtc, string? language = null)
    {
        var local = store.Value.ToLocal(utc);
        var today = store.Value.ToLocal(nowUtc);
        return local.Date == today.Date ? Format(store.Value, utc, language, Style.Time)
            : local.Year == today.Year ? Format(store.Value, utc, language, Style.DayMonthTime)
            : Format(store.Value, utc, language, Style.Date);
    }

    public enum Style
    {
        Full,
        Date,
        Time,
        DayMonthTime,
    }

    /// <summary>A calendar day (a report's period), in the reader's language.</summary>
    public static string Day(DateOnly day, string? language)
    {
        var lang = Languages.Normalize(language ?? Languages.Current);
        return day.ToString(Pattern(lang, Style.Date), Languages.Culture(lang));
    }

    /// <summary>For code without the service (mails rendered in a customer's language, public pages).</summary>
    public static string Format(StoreOptions store, DateTime utc, string? language, Style style)
    {
        var lang = Languages.Normalize(language ?? Languages.Current);
        var culture = Languages.Culture(lang);
        var local = store.ToLocal(utc);
        return local.ToString(Pattern(lang, style), culture);
    }

    private static string Pattern(string language, Style style) => (language, style) switch
    {
        ("ru", Style.Full) => "d MMM yyyy 'г.', HH:mm",
        ("ru", Style.Date) => "d MMM yyyy 'г.'",
        (_, Style.Full) => "d MMM yyyy, HH:mm",
        (_, Style.Date) => "d MMM yyyy",
        (_, Style.Time) => "HH:mm",
        _ => "d MMM, HH:mm",
    };
}
