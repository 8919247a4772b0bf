using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
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
        // Overview, FCR and series answer agents too, with their own numbers only (ReportAccess).
        var own = app.MapGroup("/api/v1/reports").WithTags("Reports").RequireAuthorization(FeedbackModule.OwnNumbersPolicy);
        own.MapGet("/fcr", FcrAsync).WithName("FcrReport")
            .Produces(StatusCodes.Status200OK, contentType: CsvResult.ContentType)
            .WithSummary("First-contact resolution and one-touch (0–100, one decimal) of the conversations first resolved on store-local days from..to, "
                + "with groups by agent, team, channel, topic, day or month; agent= one agent's; CSV with format=csv or Accept: text/csv (per-day rows when no groupBy). "
                + "An agent gets only their own numbers (another agent, groupBy=agent or team → 403).");
        own.MapGet("/overview", OverviewAsync).WithName("OverviewReport")
            .Produces(StatusCodes.Status200OK, contentType: CsvResult.ContentType)
            .WithSummary("The key numbers of store-local days from..to beside the same number of days before: conversations in, backlog, resolved, first response and "
                + "resolution time (median, p90 seconds), SLA compliance, FCR, one-touch, CSAT, NPS, QA score (reviews), missed calls and median time to call back, "
                + "delayed orders and delay notices sent, reopened within 24 h, pending share, each with its cases; the first-response distribution; groups by agent, "
                + "team, channel or topic; agent= one agent's numbers (store-wide numbers are then null). An agent gets only their own (another agent, groupBy=agent "
                + "or team → 403).");
        own.MapGet("/series", SeriesAsync).WithName("SeriesReport")
            .Produces(StatusCodes.Status200OK, contentType: CsvResult.ContentType)
            .WithSummary("One key number per store-local day from..to (at most 366 days): metric = conversations_in, first_response_median, resolution_median (seconds), "
                + "sla_compliance, fcr, csat, nps, qa_score (0–100, one decimal; null on days without cases), each day's cases; groups by agent, team, channel or "
                + "topic; agent= one agent's. From facts and roll-ups only. CSV (day,value,cases; group first when grouped) with format=csv or Accept: text/csv. "
                + "An agent gets only their own (another agent, groupBy=agent or team → 403).");
        reports.MapGet("/verbatims", VerbatimsAsync).WithName("Verbatims")
            .WithSummary("The CSAT and NPS answers with a comment first given on store-local days from..to, newest first, paged; filters kind, touchpoint, "
                + "score and q (the comment contains it, case-insensitive).");
        reports.MapGet("/conversations", ConversationsAsync).WithName("ConversationsExport")
            .Produces(StatusCodes.Status200OK, contentType: CsvResult.ContentType)
            .WithSummary("CSV, one row per conversation created on store-local days from..to: number, channel, topic, customer, assignee, created, first reply, "
                + "resolved, SLA outcomes, CSAT, FCR, repeatOf; streamed in batches (format=csv or Accept: text/csv).");
        return app;
    }

    private static int? Int(string? value, string field, int min, int max, Validation v)
    {
        if (value is null)
        {
            return null;
        }
        var ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max;
        v.Require(ok, field, Texts.Ui("Valid.Between", min, max));
        return ok ? n : null;
    }

    private static async Task<Results<Ok<VerbatimsPage>, ValidationProblem>> VerbatimsAsync(
        TouchpointDb db, IOptions<StoreOptions> store, TimeProvider time, CancellationToken ct,
        string? from = null, string? to = null, string? kind = null, string? touchpoint = null, string? score = null, string? q = null,
        string? page = null, string? pageSize = null)
    {
        var v = new Validation();
        var today = DateOnly.FromDateTime(store.Value.ToLocal(time.GetUtcNow().UtcDateTime));
        Days(from, to, today, v, out var fromDay, out var toDay);
        var k = SurveyWire.Kind(kind);
        v.Require(kind is null || k is not null, "kind", Texts.Ui("Valid.Use", "csat, nps"));
        var t = SurveyWire.Touchpoint(touchpoint);
        v.Require(touchpoint is null || t is not null, "touchpoint", Texts.Ui("Valid.Use", "support, delivery, relationship"));
        var s = Int(score, "score", k == SurveyKind.Csat ? 1 : 0, k == SurveyKind.Csat ? 5 : 10, v);
        var p = Int(page, "page", 1, 100_000, v) ?? 1;
        var size = Int(pageSize, "pageSize", 1, Verbatims.MaxPageSize, v) ?? 25;
        v.Require(q is null || q.Trim().Length is >= 1 and <= 200, "q", Texts.Ui("Valid.Between", 1, 200));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var (start, end) = SlaReport.Bounds(fromDay, toDay, store.Value.Zone);
        return TypedResults.Ok(await Verbatims.PageAsync(db, new VerbatimFilter(start, end, k, t, s, q), p, size, ct));
    }

    private static async Task<Results<CsvResult, ValidationProblem>> ConversationsAsync(
        TouchpointDb db, IOptions<StoreOptions> store, IOptions<MetricsOptions> metrics, StaffDirectory staff, TimeProvider time, CancellationToken ct,
        string? from = null, string? to = null, string? format = null)
    {
        var v = new Validation();
        var today = DateOnly.FromDateTime(store.Value.ToLocal(time.GetUtcNow().UtcDateTime));
        Days(from, to, today, v, out var fromDay, out var toDay);
        v.Require(format is null || format.Equals("csv", StringComparison.OrdinalIgnoreCase), "format", Texts.Ui("Valid.Use", "csv"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var people = (await staff.AllAsync(ct)).ToDictionary(p => p.Id, p => p.Email, StringComparer.Ordinal);
        var (start, end) = SlaReport.Bounds(fromDay, toDay, store.Value.Zone);
        var name = string.Create(CultureInfo.InvariantCulture, $"conversations-{fromDay:yyyy-MM-dd}-{toDay:yyyy-MM-dd}.csv");
        return new CsvResult(name, ConversationExport.Header, Rows(db, start, end, metrics.Value.ExportBatchSize, a => a is null ? null : people.GetValueOrDefault(a, a), ct));
    }

    private static async IAsyncEnumerable<IReadOnlyList<string?>> Rows(TouchpointDb db, DateTime start, DateTime end, int batch, Func<string?, string?> assignee,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var r in ConversationExport.RowsAsync(db, start, end, batch, ct))
        {
            yield return ConversationExport.Cells(r, assignee);
        }
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

    private static async Task<Results<Ok<OverviewResponse>, CsvResult, ValidationProblem, ForbidHttpResult>> OverviewAsync(
        TouchpointDb db, FeedbackQueries feedback, IOptions<StoreOptions> store, TimeProvider time, HttpContext http, CancellationToken ct,
        string? from = null, string? to = null, string? groupBy = null, string? format = null, string? agent = null)
    {
        if (!ReportAccess.TryScope(http.User, agent, groupBy, out var only))
        {
            return TypedResults.Forbid();
        }
        var v = new Validation();
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(store.Value.ToLocal(now));
        Days(from, to, today, v, out var fromDay, out var toDay);
        // The previous period must exist too: at most five years back from the earliest day.
        v.Require(toDay.DayNumber - fromDay.DayNumber <= 366 * 5 && fromDay.DayNumber > 366 * 5, "from", Texts.Ui("Reporting.Valid.Span"));
        v.Require(groupBy is null || OverviewReport.GroupBys.Contains(groupBy), "groupBy", Texts.Ui("Valid.Use", string.Join(", ", OverviewReport.GroupBys)));
        v.Require(CsvResult.KnownFormat(format), "format", Texts.Ui("Valid.Use", "json, csv"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var report = await OverviewReport.BuildAsync(db, feedback, store.Value.Zone, fromDay, toDay, now, groupBy, SlaTeams.Resolver(http.RequestServices), ct, only);
        if (!CsvResult.Wanted(http.Request, format))
        {
            return TypedResults.Ok(report);
        }
        var name = string.Create(CultureInfo.InvariantCulture, $"overview-{fromDay:yyyy-MM-dd}-{toDay:yyyy-MM-dd}.csv");
        return CsvResult.From(name, ["metric", "value", "previous", "cases", "previousCases"], OverviewReport.Metrics(report)
            .Select(m => (IReadOnlyList<string?>)[m.Name, Num(m.Metric.Value, OverviewReport.IsRate(m.Name)), Num(m.Metric.Previous, OverviewReport.IsRate(m.Name)),
                Num(m.Metric.Cases, false), Num(m.Metric.PreviousCases, false)]));
    }

    /// <summary>Rates (0–100) with one decimal; counts and seconds as whole numbers.</summary>
    private static string? Num(double? value, bool rate) => rate ? CsvResult.Number(value) : value is { } d ? ((long)Math.Round(d)).ToString(CultureInfo.InvariantCulture) : null;

    private static async Task<Results<Ok<FcrReportResponse>, CsvResult, ValidationProblem, ForbidHttpResult>> FcrAsync(
        TouchpointDb db, IOptions<StoreOptions> store, TimeProvider time, HttpContext http, CancellationToken ct,
        string? from = null, string? to = null, string? groupBy = null, string? format = null, string? agent = null)
    {
        if (!ReportAccess.TryScope(http.User, agent, groupBy, out var only))
        {
            return TypedResults.Forbid();
        }
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
        var report = await FcrReport.BuildAsync(db, store.Value.Zone, fromDay, toDay, grouping, SlaTeams.Resolver(http.RequestServices), ct, only);
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

    private static async Task<Results<Ok<SeriesResponse>, CsvResult, ValidationProblem, ForbidHttpResult>> SeriesAsync(
        TouchpointDb db, FeedbackQueries feedback, IOptions<StoreOptions> store, TimeProvider time, HttpContext http, CancellationToken ct,
        string? from = null, string? to = null, string? metric = null, string? groupBy = null, string? format = null, string? agent = null)
    {
        if (!ReportAccess.TryScope(http.User, agent, groupBy, out var only))
        {
            return TypedResults.Forbid();
        }
        var v = new Validation();
        var today = DateOnly.FromDateTime(store.Value.ToLocal(time.GetUtcNow().UtcDateTime));
        if (Days(from, to, today, v, out var fromDay, out var toDay))
        {
            v.Require(toDay.DayNumber - fromDay.DayNumber < SeriesReport.MaxDays, "from", Texts.Ui("Reporting.Valid.SeriesSpan", SeriesReport.MaxDays));
        }
        v.Require(metric is not null && SeriesReport.MetricNames.Contains(metric), "metric", Texts.Ui("Valid.Use", string.Join(", ", SeriesReport.MetricNames)));
        v.Require(groupBy is null || SeriesReport.GroupBys.Contains(groupBy), "groupBy", Texts.Ui("Valid.Use", string.Join(", ", SeriesReport.GroupBys)));
        v.Require(CsvResult.KnownFormat(format), "format", Texts.Ui("Valid.Use", "json, csv"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var report = await SeriesReport.BuildAsync(db, feedback, store.Value.Zone, fromDay, toDay, metric!, only, groupBy, SlaTeams.Resolver(http.RequestServices), ct);
        if (!CsvResult.Wanted(http.Request, format))
        {
            return TypedResults.Ok(report);
        }
        var name = string.Create(CultureInfo.InvariantCulture, $"{metric}-{fromDay:yyyy-MM-dd}-{toDay:yyyy-MM-dd}.csv");
        IReadOnlyList<string> header = groupBy is null ? ["day", "value", "cases"] : [groupBy, "day", "value", "cases"];
        return CsvResult.From(name, header, SeriesReport.CsvRows(report));
    }
}
