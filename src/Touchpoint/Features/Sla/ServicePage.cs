using System.Globalization;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;
using static Touchpoint.Platform.Web.PublicPage;

namespace Touchpoint.Features.Sla;

/// <summary>
/// "Work by the SLA" (seed 004): the promises published next to what was measured over the last 30 days, as static
/// HTML like /help and /contact. Off until the store opts in (<c>Touchpoint:Sla:PublishServicePage</c>); held in memory
/// for a minute, since the numbers move slowly and the page is public.
/// </summary>
public static class ServicePage
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public static void MapServicePage(this IEndpointRouteBuilder app) =>
        app.MapGet("/service", RenderAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task RenderAsync(HttpContext http, string? lang, IOptions<SlaOptions> options, IOptions<StoreOptions> store, SlaCatalog catalog,
        IMemoryCache cache, TimeProvider time, TouchpointDb db, CancellationToken ct)
    {
        if (!options.Value.PublishServicePage)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var language = Languages.Normalize(lang ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
        // The 30-day numbers are built once a minute for every language; the page itself is cheap to write.
        var report = await cache.GetOrCreateAsync("sla:service:report", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            var today = DateOnly.FromDateTime(store.Value.ToLocal(time.GetUtcNow().UtcDateTime));
            return await SlaReport.BuildAsync(db, store.Value.Zone, today.AddDays(-29), today, "policy", _ => SlaTeams.None, ct);
        });
        await WriteAsync(http, StatusCodes.Status200OK, Render(language, store.Value.Name, await catalog.GetAsync(ct), report!), ct);
    }

    public static string Render(string lang, string storeName, SlaSetup setup, SlaReportResponse report)
    {
        string T(string key) => Texts.Get(lang, key);
        var culture = Languages.Culture(lang);
        var sb = new StringBuilder();
        sb.Append("<p class=\"store\">").Append(E(storeName)).Append("</p><h1>").Append(E(T("Sla.Service.Title"))).Append("</h1><p>")
          .Append(E(T("Sla.Service.Intro"))).Append("</p>");
        foreach (var policy in setup.Policies.Where(p => p.Active && p.Targets.Count > 0))
        {
            var channels = policy.Conditions.Channels.Count == 0 ? T("Sla.Service.AllChannels")
                : string.Join(", ", policy.Conditions.Channels.Select(c => T($"Conv.Channel.{c}")));
            sb.Append("<section><h2>").Append(E(channels)).Append("</h2><table><thead><tr><th>").Append(E(T("Sla.Service.Promise"))).Append("</th><th>")
              .Append(E(T("Sla.Service.Goal"))).Append("</th><th>").Append(E(T("Sla.Service.Kept"))).Append("</th><th>").Append(E(T("Sla.Service.Median")))
              .Append("</th></tr></thead><tbody>");
            var measured = report.Groups.FirstOrDefault(g => g.Key == policy.Name)?.Metrics ?? [];
            foreach (var t in policy.Targets)
            {
                var m = measured.FirstOrDefault(x => x.Target == t.Target);
                var hours = t.Calendar is null ? T("Sla.Service.AroundTheClock") : T("Sla.Service.BusinessHours");
                sb.Append("<tr><td>").Append(E(T($"Sla.Target.{t.Target}"))).Append("</td><td>")
                  .Append(E(string.Format(culture, T("Sla.Service.Within"), Durations.Text(lang, t.GoalSeconds)))).Append(" <span class=\"hint\">").Append(E(hours)).Append("</span>");
                if (t.LimitSeconds is { } limit)
                {
                    sb.Append("<br><span class=\"hint\">").Append(E(string.Format(culture, T("Sla.Service.NeverOver"), Durations.Text(lang, limit)))).Append("</span>");
                }
                sb.Append("</td><td>").Append(m?.Compliance is { } c ? E(c.ToString("P0", culture)) + $" <span class=\"hint\">({m.Achieved + m.Breached})</span>" : E(T("Sla.Service.NoData")))
                  .Append("</td><td>").Append(m?.MedianSeconds is { } med ? E(Durations.Text(lang, med)) : "—").Append("</td></tr>");
            }
            sb.Append("</tbody></table></section>");
        }
        var hoursList = setup.CalendarDefinitions.Where(c => setup.Policies.Any(p => p.Active && p.Targets.Any(t => t.Calendar == c.Name))).ToList();
        foreach (var c in hoursList)
        {
            sb.Append("<section><h2>").Append(E(T("Sla.Service.OurHours"))).Append("</h2><p>");
            foreach (var day in Weekdays.MondayFirst)
            {
                var periods = c.Week.TryGetValue(day, out var p) && p.Count > 0
                    ? string.Join(", ", p.Select(x => $"{CalendarDefinition.Hhmm(x.From)}–{CalendarDefinition.Hhmm(x.To)}")) : T("Sla.Service.Closed");
                sb.Append(E(culture.DateTimeFormat.GetDayName(day))).Append(": ").Append(E(periods)).Append("<br>");
            }
            sb.Append("<span class=\"hint\">").Append(E(string.Format(culture, T("Sla.Service.TimeZone"), c.TimeZone))).Append("</span></p></section>");
        }
        sb.Append("<p class=\"hint\">").Append(E(string.Format(culture, T("Sla.Service.Period"), When.Day(report.From, lang), When.Day(report.To, lang)))).Append("</p>");
        return Layout(lang, T("Sla.Service.Title"), storeName, Css, sb.ToString(), "/service");
    }

    private const string Css =
        "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f4f5f7;color:#1d2330}" +
        "main{max-width:760px;margin:0 auto;padding:24px 16px}.store{color:#5b6472;margin:0;font-size:14px;text-transform:uppercase;letter-spacing:.05em}" +
        "h1{font-size:26px;margin:4px 0 8px}h2{font-size:18px;margin:20px 0 8px}section{background:#fff;border-radius:10px;padding:14px 18px;margin:12px 0;box-shadow:0 1px 2px #0001}" +
        "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}th{font-size:13px;color:#5b6472;font-weight:600}" +
        ".hint{color:#5b6472;font-size:13px}.langs{font-size:14px;margin-top:16px}.langs a{margin-right:8px;color:#1d4ed8}";
}

public static class SlaText
{
    /// <summary>Reads what a service owner types: "90s", "45m", "1h", "2h 30m", "3d" (units s, m, h, d; a bare number is seconds).</summary>
    public static bool TryParseDuration(string? text, out long seconds)
    {
        seconds = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var matches = System.Text.RegularExpressions.Regex.Matches(text.Trim().ToLowerInvariant(), @"(\d+)\s*(d|h|min|m|s)?\s*");
        if (matches.Sum(m => m.Length) != text.Trim().Length || matches.Count == 0)
        {
            return false;
        }
        foreach (System.Text.RegularExpressions.Match m in matches)
        {
            if (!long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 10_000_000)
            {
                return false;
            }
            seconds += m.Groups[2].Value switch { "d" => n * 86400, "h" => n * 3600, "m" or "min" => n * 60, _ => n };
        }
        return true;
    }

    /// <summary>The shortest typed form of a duration: "1h", "2h 30m", "90s".</summary>
    public static string Typed(long seconds)
    {
        var parts = new List<string>();
        var t = TimeSpan.FromSeconds(seconds);
        if (t.Days > 0) { parts.Add($"{t.Days}d"); }
        if (t.Hours > 0) { parts.Add($"{t.Hours}h"); }
        if (t.Minutes > 0) { parts.Add($"{t.Minutes}m"); }
        if (t.Seconds > 0 || parts.Count == 0) { parts.Add($"{t.Seconds}s"); }
        return string.Join(' ', parts);
    }
}
