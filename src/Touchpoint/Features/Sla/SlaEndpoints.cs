using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Sla;

public sealed record SlaAlertResponse(Guid Id, long Number, string Subject, string Target, int Cycle, string Kind, DateTime DueAt, DateTime CreatedAt, PersonRef? Assignee);

public static class SlaEndpoints
{
    public const string ManagePolicy = "sla-manage";

    public static void MapSlaApi(this IEndpointRouteBuilder app)
    {
        var sla = app.MapGroup("/api/v1/sla").WithTags("SLA").RequireAuthorization(Policies.Staff);
        sla.MapGet("/calendars", ListCalendarsAsync).WithName("ListSlaCalendars").WithSummary("Business-hours calendars.");
        sla.MapGet("/calendars/{name}", GetCalendarAsync).WithName("GetSlaCalendar");
        sla.MapPut("/calendars/{name}", PutCalendarAsync).RequireAuthorization(ManagePolicy).WithName("PutSlaCalendar")
            .WithSummary("Create or replace a calendar: time zone, opening periods per weekday (several a day for lunch breaks), holidays.");
        sla.MapDelete("/calendars/{name}", DeleteCalendarAsync).RequireAuthorization(ManagePolicy).WithName("DeleteSlaCalendar")
            .WithSummary("Delete a calendar no policy uses (409 otherwise).");
        sla.MapGet("/policies", ListPoliciesAsync).WithName("ListSlaPolicies").WithSummary("Policies in the order they are tried; the first match applies.");
        sla.MapGet("/policies/{name}", GetPolicyAsync).WithName("GetSlaPolicy");
        sla.MapPut("/policies/{name}", PutPolicyAsync).RequireAuthorization(ManagePolicy).WithName("PutSlaPolicy")
            .WithSummary("Create or replace a policy: position, conditions (channels, topics, priorities, customer tags) and targets (goal, hard limit, calendar).");
        sla.MapDelete("/policies/{name}", DeletePolicyAsync).RequireAuthorization(ManagePolicy).WithName("DeleteSlaPolicy");
        sla.MapGet("/alerts", AlertsAsync).WithName("ListSlaAlerts").WithSummary("Recent warnings, breaches and escalations of open conversations (mine=true: assigned to me).");
        app.MapGet("/api/v1/reports/sla", ReportAsync).WithTags("SLA").RequireAuthorization(Policies.Staff).WithName("SlaReport")
            .WithSummary("Compliance per target and group (policy, channel, team, agent) for store-local days from..to, with median and p90 actual times and the goals.");
    }

    private static async Task<Ok<List<CalendarResponse>>> ListCalendarsAsync(SlaCatalog catalog, CancellationToken ct)
    {
        var setup = await catalog.GetAsync(ct);
        return TypedResults.Ok(setup.CalendarDefinitions.Select(c => CalendarResponse.From(c, setup.Policies)).ToList());
    }

    private static async Task<Results<Ok<CalendarResponse>, ProblemHttpResult>> GetCalendarAsync(string name, SlaCatalog catalog, CancellationToken ct)
    {
        var setup = await catalog.GetAsync(ct);
        return setup.CalendarDefinitions.FirstOrDefault(c => c.Name == name) is { } c
            ? TypedResults.Ok(CalendarResponse.From(c, setup.Policies))
            : Problems.NotFound(Texts.Ui("Problem.Sla.NoCalendar", name));
    }

    private static async Task<Results<Created<CalendarResponse>, Ok<CalendarResponse>, ValidationProblem>> PutCalendarAsync(
        string name, [FromBody] CalendarRequest? request, SlaAdmin admin, SlaCatalog catalog, HttpContext http, CancellationToken ct)
    {
        var (v, calendar) = SlaAdmin.ValidateCalendar(name, request);
        if (calendar is null)
        {
            return v.ToProblem();
        }
        var created = await admin.SaveCalendarAsync(calendar, Actors.Describe(http.User), ct);
        var setup = await catalog.GetAsync(ct);
        var response = CalendarResponse.From(setup.CalendarDefinitions.FirstOrDefault(c => c.Name == name) ?? calendar, setup.Policies);
        return created ? TypedResults.Created($"/api/v1/sla/calendars/{Uri.EscapeDataString(name)}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteCalendarAsync(string name, SlaAdmin admin, SlaCatalog catalog, CancellationToken ct)
    {
        catalog.Invalidate();
        if ((await catalog.GetAsync(ct)).CalendarDefinitions.All(c => c.Name != name))
        {
            return Problems.NotFound(Texts.Ui("Problem.Sla.NoCalendar", name));
        }
        return await admin.DeleteCalendarAsync(name, ct) is { } why ? Problems.Conflict(why) : TypedResults.NoContent();
    }

    private static async Task<Ok<List<PolicyResponse>>> ListPoliciesAsync(SlaCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok((await catalog.GetAsync(ct)).Policies.Select(PolicyResponse.From).ToList());

    private static async Task<Results<Ok<PolicyResponse>, ProblemHttpResult>> GetPolicyAsync(string name, SlaCatalog catalog, CancellationToken ct)
    {
        catalog.Invalidate();
        return (await catalog.GetAsync(ct)).Policy(name) is { } p ? TypedResults.Ok(PolicyResponse.From(p)) : Problems.NotFound(Texts.Ui("Problem.Sla.NoPolicy", name));
    }

    private static async Task<Results<Created<PolicyResponse>, Ok<PolicyResponse>, ValidationProblem>> PutPolicyAsync(
        string name, [FromBody] PolicyRequest? request, SlaAdmin admin, SlaCatalog catalog, HttpContext http, CancellationToken ct)
    {
        var (v, policy) = await admin.ValidatePolicyAsync(name, request, ct);
        if (policy is null)
        {
            return v.ToProblem();
        }
        var created = await admin.SavePolicyAsync(policy, Actors.Describe(http.User), ct);
        var response = PolicyResponse.From((await catalog.GetAsync(ct)).Policy(name) ?? policy);
        return created ? TypedResults.Created($"/api/v1/sla/policies/{Uri.EscapeDataString(name)}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeletePolicyAsync(string name, SlaAdmin admin, CancellationToken ct) =>
        await admin.DeletePolicyAsync(name, ct) ? TypedResults.NoContent() : Problems.NotFound(Texts.Ui("Problem.Sla.NoPolicy", name));

    private static async Task<Ok<List<SlaAlertResponse>>> AlertsAsync(TouchpointDb db, StaffDirectory staff, HttpContext http, TimeProvider time, CancellationToken ct,
        bool mine = false, int take = 50)
    {
        var userId = mine ? http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "-" : null;
        return TypedResults.Ok(await SlaAlerts.RecentAsync(db, staff, userId, Math.Clamp(take, 1, 200), time.GetUtcNow().UtcDateTime, ct));
    }

    private static async Task<Results<Ok<SlaReportResponse>, ValidationProblem>> ReportAsync(
        TouchpointDb db, IOptions<StoreOptions> store, TimeProvider time, HttpContext http, CancellationToken ct, string? from = null, string? to = null, string? groupBy = null)
    {
        var v = new Validation();
        var today = DateOnly.FromDateTime(store.Value.ToLocal(time.GetUtcNow().UtcDateTime));
        var toDay = today;
        var fromDay = today.AddDays(-29);
        v.Require(to is null || DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out toDay), "to", Texts.Ui("Valid.Date"));
        v.Require(from is null || DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out fromDay), "from", Texts.Ui("Valid.Date"));
        if (from is null && to is not null)
        {
            fromDay = toDay.AddDays(-29);
        }
        v.Require(fromDay <= toDay, "from", Texts.Ui("Valid.FromAfterTo"));
        v.Require(toDay.DayNumber - fromDay.DayNumber <= 3660, "from", Texts.Ui("Valid.Sla.ReportSpan"));
        v.Require(groupBy is null || SlaReport.GroupBys.Contains(groupBy), "groupBy", Texts.Ui("Valid.Use", string.Join(", ", SlaReport.GroupBys)));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await SlaReport.BuildAsync(db, store.Value.Zone, fromDay, toDay, groupBy ?? "policy", SlaTeams.Resolver(http.RequestServices), ct));
    }
}

public static class SlaAlerts
{
    /// <summary>Alerts of the last week for conversations still open, newest first.</summary>
    public static async Task<List<SlaAlertResponse>> RecentAsync(TouchpointDb db, StaffDirectory staff, string? assigneeId, int take, DateTime now, CancellationToken ct)
    {
        var since = now.AddDays(-7);
        var open = new[] { ConversationStatus.New, ConversationStatus.Open, ConversationStatus.Pending };
        var query = db.Set<SlaAlert>().AsNoTracking().Where(a => a.CreatedAt >= since);
        var rows = await query
            .Join(db.Set<Conversation>().Where(c => open.Contains(c.Status)), a => a.ConversationId, c => c.Id, (a, c) => new { a, c.AssigneeId })
            .Where(x => assigneeId == null || x.AssigneeId == assigneeId)
            .OrderByDescending(x => x.a.CreatedAt)
            .Take(take)
            .ToListAsync(ct);
        var people = await staff.AllAsync(ct);
        return rows.Select(x => new SlaAlertResponse(x.a.Id, x.a.Number, x.a.Subject, x.a.Target, x.a.Cycle, x.a.Kind, x.a.DueAt, x.a.CreatedAt,
            ConversationQueries.Person(people, x.AssigneeId))).ToList();
    }
}
