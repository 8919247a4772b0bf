using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Feedback;

public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/reports").WithTags("Reports").RequireAuthorization(FeedbackModule.ReportsPolicy);
        app.MapGroup("/api/v1/reports").WithTags("Reports").RequireAuthorization(FeedbackModule.OwnNumbersPolicy).MapGet("/csat", CsatAsync).WithName("CsatReport").Produces(StatusCodes.Status200OK, contentType: CsvResult.ContentType)
            .WithSummary("CSAT (share of 4–5, one decimal) of the surveys first answered in [from, to), with groups by agent, channel, topic, language, touchpoint or month; agent= one agent's answers. "
                + "An agent gets only their own answers (another agent or groupBy=agent → 403); CSV with format=csv or Accept: text/csv.");
        reports.MapGet("/nps", NpsAsync).WithName("NpsReport")
            .WithSummary("NPS (%promoters − %detractors) with counts, the 95 % margin of error and a month-by-month trend (store time zone).");
        app.MapGroup("/api/v1/surveys").WithTags("Surveys").RequireAuthorization(Policies.Staff)
            .MapGet("", SurveysAsync).WithName("ListSurveys").WithSummary("Surveys newest first, by customer id and kind (csat, nps); paged.");
        var settings = app.MapGroup("/api/v1/feedback/settings").WithTags("Feedback").RequireAuthorization(FeedbackModule.SettingsPolicy);
        settings.MapGet("", (FeedbackQueries queries, CancellationToken ct) => queries.SettingsAsync(ct)).WithName("GetFeedbackSettings")
            .WithSummary("The survey rules (delays, quiet days, frequency, throughput, support survey, relationship schedule), the promoter review link, "
                + "the NPS benchmark table and the survey texts per language (Liquid; null = shipped): stored, or from Touchpoint:Feedback while none are saved.");
        settings.MapPut("", PutSettingsAsync).WithName("PutFeedbackSettings")
            .WithSummary("Replace the feedback settings. Every field is checked first (RFC 7807 with the field named); a bad request stores nothing.");
        return app;
    }

    private static async Task<Results<Ok<FeedbackSettingsResponse>, ValidationProblem>> PutSettingsAsync([FromBody] FeedbackSettingsRequest? request,
        SaveFeedbackSettings save, FeedbackQueries queries, HttpContext http, CancellationToken ct)
    {
        var v = await save.ExecuteAsync(request, Actors.Describe(http.User), ct);
        return v.IsValid ? TypedResults.Ok(await queries.SettingsAsync(ct)) : v.ToProblem();
    }

    private static bool Range(string? from, string? to, TimeProvider time, out DateTime f, out DateTime t, out ValidationProblem? problem)
    {
        var v = new Validation();
        var now = time.GetUtcNow().UtcDateTime;
        t = now;
        f = now.AddDays(-30);
        if (from is not null)
        {
            if (Instant(from) is { } x)
            {
                f = x;
            }
            else
            {
                v.Add("from", Texts.Ui("Feedback.Valid.Instant"));
            }
        }
        if (to is not null)
        {
            if (Instant(to) is { } y)
            {
                t = y;
            }
            else
            {
                v.Add("to", Texts.Ui("Feedback.Valid.Instant"));
            }
        }
        if (v.IsValid && f >= t)
        {
            v.Add("to", Texts.Ui("Feedback.Valid.Range"));
        }
        if (v.IsValid && t - f > TimeSpan.FromDays(3 * 366 + 1))
        {
            v.Add("from", Texts.Ui("Feedback.Valid.RangeTooLong"));
        }
        problem = v.IsValid ? null : v.ToProblem();
        return v.IsValid;
    }

    /// <summary>An ISO date (the day's start in UTC) or an instant with an offset.</summary>
    private static DateTime? Instant(string s)
    {
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at.UtcDateTime >= Validation.EarliestInstant
            ? at.UtcDateTime : null;
    }

    private static async Task<Results<Ok<CsatReport>, CsvResult, ValidationProblem, ForbidHttpResult>> CsatAsync(string? from, string? to, string? groupBy, string? format,
        FeedbackQueries queries, TimeProvider time, HttpContext http, CancellationToken ct, string? agent = null)
    {
        if (!Range(from, to, time, out var f, out var t, out var problem))
        {
            return problem!;
        }
        if (!ReportAccess.TryScope(http.User, agent, groupBy, out var only))
        {
            return TypedResults.Forbid();
        }
        if (groupBy is not null && !FeedbackQueries.CsatGroupings.Contains(groupBy))
        {
            return Problems.Invalid("groupBy", Texts.Ui("Feedback.Valid.GroupBy", string.Join(", ", FeedbackQueries.CsatGroupings)));
        }
        if (!CsvResult.KnownFormat(format))
        {
            return Problems.Invalid("format", Texts.Ui("Valid.Use", "json, csv"));
        }
        if (!CsvResult.Wanted(http.Request, format))
        {
            return TypedResults.Ok(await queries.CsatAsync(f, t, groupBy, ct, only));
        }
        // The table of the export: the groups (by month when none is named), then the total.
        var grouping = groupBy ?? "month";
        var report = await queries.CsatAsync(f, t, grouping, ct, only);
        var rows = report.Groups.Select(g => (IReadOnlyList<string?>)[g.Key, CsvResult.Number(g.Csat), CsvResult.Number(g.Responses)])
            .Append(["total", CsvResult.Number(report.Csat), CsvResult.Number(report.Responses)]);
        var name = string.Create(CultureInfo.InvariantCulture, $"csat-{grouping}-{f:yyyy-MM-dd}-{t:yyyy-MM-dd}.csv");
        return CsvResult.From(name, [grouping, "csat", "responses"], rows);
    }

    private static async Task<Results<Ok<NpsReport>, ValidationProblem>> NpsAsync(string? from, string? to, string? touchpoint, FeedbackQueries queries, TimeProvider time, CancellationToken ct)
    {
        if (!Range(from, to, time, out var f, out var t, out var problem))
        {
            return problem!;
        }
        SurveyTouchpoint? tp = null;
        if (touchpoint is not null && (tp = SurveyWire.Touchpoint(touchpoint)) is null)
        {
            return Problems.Invalid("touchpoint", Texts.Ui("Feedback.Valid.Touchpoint"));
        }
        return TypedResults.Ok(await queries.NpsAsync(f, t, tp, ct));
    }

    private static async Task<Results<Ok<SurveysPage>, ValidationProblem>> SurveysAsync(string? customer, string? kind, int? page, int? pageSize, FeedbackQueries queries, CancellationToken ct)
    {
        var v = new Validation();
        Guid? customerId = null;
        if (customer is not null)
        {
            if (Guid.TryParse(customer, out var id))
            {
                customerId = id;
            }
            else
            {
                v.Add("customer", Texts.Ui("Feedback.Valid.Customer"));
            }
        }
        var k = kind is null ? null : SurveyWire.Kind(kind);
        v.Require(kind is null || k is not null, "kind", Texts.Ui("Feedback.Valid.Kind"));
        v.Require(page is null or >= 1, "page", Texts.Ui("Feedback.Valid.Page"));
        v.Require(pageSize is null or (>= 1 and <= 100), "pageSize", Texts.Ui("Feedback.Valid.PageSize"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await queries.SurveysAsync(customerId, k, page ?? 1, pageSize ?? 25, ct));
    }
}
