using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>
/// POST /api/v1/quality/audits starts a draft audit — from a scheduled task (its plan, scenario and employee) or from a
/// plan and scenario — and PUT /api/v1/quality/audits/{id} replaces a draft's content: when it happened, the channel, the
/// employees (agent addresses), notes, an http(s) link to the call recording, the linked conversation or test order.
/// A submitted audit is not changed (409); someone else's draft is changed only by owners and admins (403).
/// </summary>
public sealed class SaveAudit(TouchpointDb db, TimeProvider time)
{
    public const int MaxNotes = 4000;
    public const int MaxUrl = 2000;
    public const int MaxEmployees = 20;

    public enum Refusal { None, NotFound, Forbidden, Conflict }

    public sealed record Content(string Scenario, string Channel, DateTime OccurredAt, IReadOnlyList<AuditEmployee> Employees, string? Notes, string? RecordingUrl,
        long? Conversation, string? Order);

    public sealed record Start(AuditPlan Plan, AuditTask? Task, Content Content);

    public async Task<(Start? Start, Validation Validation)> ValidateAsync(PostAuditRequest? request, CancellationToken ct)
    {
        var v = new Validation();
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")));
        }
        AuditPlan? plan = null;
        AuditTask? task = null;
        if (request.Task is { } taskId)
        {
            task = await db.Set<AuditTask>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is null)
            {
                return (null, v.Add("task", Texts.Ui("Valid.Quality.UnknownTask")));
            }
            if (task.DoneAt is not null)
            {
                return (null, v.Add("task", Texts.Ui("Valid.Quality.TaskDone")));
            }
            v.Require(request.Plan is null || request.Plan == task.PlanKey, "plan", Texts.Ui("Valid.Quality.TaskPlan"));
            plan = await db.Set<AuditPlan>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == task.PlanId, ct);
        }
        else if (string.IsNullOrWhiteSpace(request.Plan))
        {
            v.Add("plan", Texts.Ui("Valid.Required"));
        }
        else
        {
            plan = await db.Set<AuditPlan>().AsNoTracking().FirstOrDefaultAsync(p => p.Key == request.Plan, ct);
            v.Require(plan is not null, "plan", Texts.Ui("Valid.Quality.UnknownPlan", request.Plan));
        }
        if (plan is null)
        {
            return (null, v);
        }
        var employees = request.Employees ?? (task?.EmployeeEmail is { } e ? [e] : []);
        var content = await CheckAsync(v, plan, request.Scenario ?? task?.Scenario, request.OccurredAt, request.Channel, employees, request.Notes,
            request.RecordingUrl, request.Conversation, request.Order, ct);
        return v.IsValid ? (new Start(plan, task, content!), v) : (null, v);
    }

    /// <summary>The draft an actor may change: 404 when there is none (or the reader may not see it), 409 once submitted, 403 for someone else's.</summary>
    public async Task<(Audit? Audit, AuditPlan? Plan, Refusal Refusal)> DraftAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var audit = await db.Set<Audit>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (audit is null || !AuditAccess.CanSee(user, audit))
        {
            return (null, null, Refusal.NotFound);
        }
        if (!AuditAccess.Edits(user, audit))
        {
            return (null, null, Refusal.Forbidden);
        }
        if (audit.Status != AuditStatus.Draft)
        {
            return (null, null, Refusal.Conflict);
        }
        var plan = await db.Set<AuditPlan>().AsNoTracking().FirstAsync(p => p.Id == audit.PlanId, ct);
        return (audit, plan, Refusal.None);
    }

    public Task<Content?> ValidateAsync(Validation v, AuditPlan plan, PutAuditRequest? request, CancellationToken ct)
    {
        if (request is null)
        {
            v.Add("body", Texts.Ui("Valid.JsonBody"));
            return Task.FromResult<Content?>(null);
        }
        return CheckAsync(v, plan, request.Scenario, request.OccurredAt, request.Channel, request.Employees ?? [], request.Notes, request.RecordingUrl,
            request.Conversation, request.Order, ct);
    }

    private async Task<Content?> CheckAsync(Validation v, AuditPlan plan, string? scenarioKey, DateTimeOffset? occurredAt, string? channel,
        IReadOnlyList<string?> employees, string? notes, string? recordingUrl, long? conversation, string? order, CancellationToken ct)
    {
        var scenario = scenarioKey is null ? null : plan.Scenario(scenarioKey);
        v.Require(scenario is not null, "scenario", Texts.Ui("Valid.Quality.UnknownScenario"));
        v.Require(occurredAt is not null, "occurredAt", Texts.Ui("Valid.Required"));
        v.RequirePlausible(occurredAt, "occurredAt", time.GetUtcNow().UtcDateTime.AddMinutes(5));
        var channelValue = channel ?? scenario?.Channel;
        v.Require(channelValue is not null && AuditChannels.All.Contains(channelValue), "channel", Texts.Ui("Valid.Use", string.Join(", ", AuditChannels.All)));
        v.Require((notes ?? "").Length <= MaxNotes, "notes", Texts.Ui("Valid.MaxChars", MaxNotes));
        string? url = null;
        if (!string.IsNullOrWhiteSpace(recordingUrl))
        {
            url = recordingUrl.Trim();
            v.Require(url.Length <= MaxUrl && Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
                && !string.IsNullOrEmpty(parsed.Host), "recordingUrl", Texts.Ui("Valid.Quality.RecordingUrl"));
        }
        if (conversation is { } number && !await db.Set<Conversation>().AnyAsync(c => c.Number == number, ct))
        {
            v.Add("conversation", Texts.Ui("Valid.Quality.UnknownConversation", number));
        }
        if (!string.IsNullOrWhiteSpace(order) && !await db.Set<Order>().AnyAsync(o => o.Number == order, ct))
        {
            v.Add("order", Texts.Ui("Valid.Quality.UnknownOrder", order));
        }
        var people = new List<AuditEmployee>();
        if (employees.Count > MaxEmployees)
        {
            v.Add("employees", Texts.Ui("Valid.Between", 0, MaxEmployees));
        }
        else
        {
            var agents = await QualityQueries.AgentsAsync(db, ct);
            for (var i = 0; i < employees.Count; i++)
            {
                var agent = agents.FirstOrDefault(a => string.Equals(a.Email, employees[i]?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (agent.Id is null)
                {
                    v.Add($"employees[{i}]", Texts.Ui("Valid.Quality.Agent"));
                }
                else if (people.Any(p => p.Id == agent.Id))
                {
                    v.Add($"employees[{i}]", Texts.Ui("Valid.Quality.Twice"));
                }
                else
                {
                    people.Add(new AuditEmployee(agent.Id, agent.Email));
                }
            }
        }
        if (!v.IsValid)
        {
            return null;
        }
        return new Content(scenario!.Key, channelValue!, occurredAt!.Value.UtcDateTime, people, string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(), url,
            conversation, string.IsNullOrWhiteSpace(order) ? null : order.Trim());
    }

    public async Task<Audit> StartAsync(Start start, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var audit = Audit.Start(start.Plan, start.Task?.Id, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", Actors.Describe(user), now);
        Apply(audit, start.Content, now);
        db.Set<Audit>().Add(audit);
        await db.SaveChangesAsync(ct);
        return audit;
    }

    public async Task UpdateAsync(Audit audit, Content content, CancellationToken ct)
    {
        Apply(audit, content, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    private static void Apply(Audit audit, Content c, DateTime now) =>
        audit.Fill(c.Scenario, c.Channel, c.OccurredAt, c.Employees, c.Notes, c.RecordingUrl, c.Conversation, c.Order, now);
}

/// <summary>
/// Who sees and changes audits: auditors, service owners, admins and API keys see every audit; an agent sees only a
/// submitted audit about them. A draft is changed by its auditor, or by owners, admins and API keys.
/// </summary>
public static class AuditAccess
{
    public static bool CanSee(ClaimsPrincipal user, Audit audit) =>
        QualityAccess.SeesEveryone(user) || (audit.Status == AuditStatus.Submitted && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && audit.IsAbout(id));

    public static bool Edits(ClaimsPrincipal user, Audit audit) =>
        QualityAccess.Decides(user) || (QualityAccess.Reviews(user) && user.FindFirstValue(ClaimTypes.NameIdentifier) == audit.AuditorId);
}
