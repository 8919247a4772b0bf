using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Feedback;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Reporting;

public static class ReportingEndpoints
{
    public static IEndpointRouteBuilder MapReportingApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/reports").WithTags("Reports").RequireAuthorization(FeedbackModule.ReportsPolicy);
        reports.MapGet("/fcr", FcrAsync).WithName("FcrReport")
            .Produces(StatusCodes.Status200OK, contentType: CsvResult.ContentType)
            .WithSummary("First-contact resolution and one-touch (0–100, one decimal) of the conversations first resolved on store-local days from..to, "
                + "with groups by agent, team, channel, topic, day or month; CSV with format=csv or Accept: text/csv (per-day rows when no groupBy).");
        reports.MapGet("/overview", OverviewAsync).WithName("OverviewReport")
            .WithSummary("The key numbers of store-local days from..to beside the same number of days before: conversations in, backlog, first response and "
                + "resolution time (median, p90 seconds), SLA compliance, FCR, one-touch, CSAT, NPS, each with its cases; groups by agent, team, channel or topic.");
        return app;
    }

    private static bool Days(string? from, string? to, DateOnly today, Validation v, out DateOnly fromDay, out DateOnly toDay)
    {
        toDay = today;
        fromDay = today.AddDays(-29);
        var toOk = to is null || DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out toDay);
        var fromOk = from is null || DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out fromDay);
        v.Require(toOk, "to", Texts.Ui("Valid.Date"));
        v.Require(fromOk, "from", Texts.Ui("Valid.Date"));
        if (!toOk || !fromOk)
        {
            return false;
        }
        if (from is null && to is not null)
        {
            fromDay = toDay.DayNumber >= 29 ? toDay.AddDays(-29) : DateOnly.MinValue;
        }
        v.Require(fromDay <= toDay, "from", Texts.Ui("Valid.FromAfterTo"));
        v.Require(toDay.DayNumber - fromDay.DayNumber <= 3660, "from", Texts.Ui("Reporting.Valid.Span"));
        return v.IsValid;
    }

    private static async Task<Results<Ok<OverviewResponse>, ValidationProblem>> OverviewAsync(
        TouchpointDb db, FeedbackQueries feedback, IOptions<StoreOptions> store, TimeProvider time, HttpContext http, CancellationToken ct,
        string? from = null, string? to = null, string? groupBy = null)
    {
        var v = new Validation();
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(store.Value.ToLocal(now));
        Days(from, to, today, v, out var fromDay, out var toDay);
        // The previous period must exist too: at most five years back from the earliest day.
        v.Require(toDay.DayNumber - fromDay.DayNumber <= 366 * 5 && fromDay.DayNumber > 366 * 5, "from", Texts.Ui("Reporting.Valid.Span"));
        v.Require(groupBy is null || OverviewReport.GroupBys.Contains(groupBy), "groupBy", Texts.Ui("Valid.Use", string.Join(", ", OverviewReport.GroupBys)));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await OverviewReport.BuildAsync(db, feedback, store.Value.Zone, fromDay, toDay, now, groupBy, SlaTeams.Resolver(http.RequestServices), ct));
    }

    private static async Task<Results<Ok<FcrReportResponse>, CsvResult, ValidationProblem>> FcrAsync(
        TouchpointDb db, IOptions<StoreOptions> store, TimeProvider time, HttpContext http, CancellationToken ct,
        string? from = null, string? to = null, string? groupBy = null, string? format = null)
    {
        var v = new Validation();
        var today = DateOnly.FromDateTime(store.Value.ToLocal(time.GetUtcNow().UtcDateTime));
        Days(from, to, today, v, out var fromDay, out var toDay);
        v.Require(groupBy is null || FcrReport.GroupBys.Contains(groupBy), "groupBy", Texts.Ui("Valid.Use", string.Join(", ", FcrReport.GroupBys)));
        v.Require(CsvResult.KnownFormat(format), "format", Texts.Ui("Valid.Use", "json, csv"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var csv = CsvResult.Wanted(http.Request, format);
        var grouping = groupBy ?? (csv ? "day" : null);
        var report = await FcrReport.BuildAsync(db, store.Value.Zone, fromDay, toDay, grouping, SlaTeams.Resolver(http.RequestServices), ct);
        if (!csv)
        {
            return TypedResults.Ok(report);
        }
        IEnumerable<IReadOnlyList<string?>> rows = report.Groups
            .Select(g => (IReadOnlyList<string?>)[g.Key, CsvResult.Number(g.Fcr), CsvResult.Number(g.OneTouch), CsvResult.Number(g.Resolved), CsvResult.Number(g.Repeats)])
            .Append(["total", CsvResult.Number(report.Fcr), CsvResult.Number(report.OneTouch), CsvResult.Number(report.Resolved), CsvResult.Number(report.Repeats)]);
        var name = string.Create(CultureInfo.InvariantCulture, $"fcr-{grouping}-{fromDay:yyyy-MM-dd}-{toDay:yyyy-MM-dd}.csv");
        return CsvResult.From(name, [grouping!, "fcr", "oneTouch", "resolved", "repeats"], rows);
    }
}
