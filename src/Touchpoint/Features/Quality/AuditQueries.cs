using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;

namespace Touchpoint.Features.Quality;

/// <summary>Read models of mystery-shopper audits: plans, the auditors' tasks, audits with their evidence and measured times.</summary>
public static class AuditQueries
{
    public static AuditPlanResponse ToResponse(AuditPlan p) => new(p.Key, p.Touchpoint, p.Scorecard, p.Name,
        [.. p.Scenarios.Select(s => new AuditScenarioResponse(s.Key, s.Channel, s.Text))], new AuditQuotaResponse(p.PerMonth, p.Per),
        p.People.Auditors, p.People.Employees, p.Active, p.UpdatedAt, p.UpdatedBy);

    public static async Task<AuditPlanPage> PlansAsync(TouchpointDb db, int page, int pageSize, CancellationToken ct)
    {
        var rows = await db.Set<AuditPlan>().AsNoTracking().OrderBy(p => p.Touchpoint).ThenBy(p => p.Key)
            .Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        return new AuditPlanPage([.. rows.Take(pageSize).Select(ToResponse)], page, pageSize, rows.Count > pageSize);
    }

    /// <summary>Tasks by due date; <paramref name="auditorId"/> null for everyone's, <paramref name="month"/> YYYY-MM or null.</summary>
    public static async Task<AuditTaskPage> TasksAsync(TouchpointDb db, string? auditorId, string? status, string? month, DateTime now, int page, int pageSize,
        CancellationToken ct)
    {
        var query = db.Set<AuditTask>().AsNoTracking();
        if (auditorId is not null)
        {
            query = query.Where(t => t.AuditorId == auditorId);
        }
        if (month is not null)
        {
            query = query.Where(t => t.Month == month);
        }
        query = status switch
        {
            AuditTaskStatus.Done => query.Where(t => t.DoneAt != null),
            AuditTaskStatus.Overdue => query.Where(t => t.DoneAt == null && t.DueAt < now),
            AuditTaskStatus.Due => query.Where(t => t.DoneAt == null && t.DueAt >= now),
            _ => query,
        };
        var rows = await query.OrderBy(t => t.DueAt).ThenBy(t => t.PlanKey).ThenBy(t => t.Slot).Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        var planIds = rows.Select(t => t.PlanId).Distinct().ToList();
        var plans = await db.Set<AuditPlan>().AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return new AuditTaskPage([.. rows.Take(pageSize).Select(t =>
        {
            var plan = plans[t.PlanId];
            var scenario = plan.Scenario(t.Scenario);
            return new AuditTaskResponse(t.Id, t.PlanKey, plan.Name, plan.Touchpoint, t.Month, t.DueAt, t.StatusAt(now), t.Scenario,
                scenario?.Channel ?? "", scenario?.Text ?? LocalizedText.Empty, t.AuditorEmail, t.EmployeeEmail, t.AuditId);
        })], page, pageSize, rows.Count > pageSize);
    }

    public static async Task<AuditResponse?> AuditAsync(TouchpointDb db, Guid id, ClaimsPrincipal reader, CancellationToken ct)
    {
        var audit = await db.Set<Audit>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (audit is null || !AuditAccess.CanSee(reader, audit))
        {
            return null;
        }
        var plan = await db.Set<AuditPlan>().AsNoTracking().FirstAsync(p => p.Id == audit.PlanId, ct);
        return await ToResponseAsync(db, audit, plan, ct);
    }

    /// <summary>Audits newest first: everyone's for those who see everyone, an agent's own submitted ones otherwise.</summary>
    public static async Task<AuditPage> AuditsAsync(TouchpointDb db, ClaimsPrincipal reader, string? employeeId, string? status, string? plan,
        int page, int pageSize, CancellationToken ct)
    {
        var query = db.Set<Audit>().AsNoTracking();
        var only = QualityAccess.OnlyFor(reader);
        if (only is not null)
        {
            query = query.Where(a => a.Status == AuditStatus.Submitted);
            employeeId = only;
        }
        if (status is not null)
        {
            query = query.Where(a => a.Status == status);
        }
        if (plan is not null)
        {
            query = query.Where(a => a.PlanKey == plan);
        }
        // Audits are a few a month per touchpoint: the employees (one JSON column) are matched here, after the query.
        var rows = await query.OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(ct);
        if (employeeId is not null)
        {
            rows = [.. rows.Where(a => a.IsAbout(employeeId))];
        }
        var pageRows = rows.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var planIds = pageRows.Select(a => a.PlanId).Distinct().ToList();
        var plans = await db.Set<AuditPlan>().AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var items = new List<AuditResponse>();
        foreach (var a in pageRows)
        {
            items.Add(await ToResponseAsync(db, a, plans[a.PlanId], ct));
        }
        return new AuditPage(items, page, pageSize, rows.Count > page * pageSize);
    }

    public static string EvidenceUrl(Guid audit, int number) => $"/api/v1/quality/audits/{audit}/evidence/{number}";

    public static async Task<AuditResponse> ToResponseAsync(TouchpointDb db, Audit a, AuditPlan plan, CancellationToken ct)
    {
        var evidence = await db.Set<AuditEvidence>().AsNoTracking().Where(e => e.AuditId == a.Id).OrderBy(e => e.Number).ToListAsync(ct);
        var (measured, warnings) = await MeasuredAsync(db, a.ConversationNumber, a.OrderNumber, ct);
        var scenario = plan.Scenario(a.Scenario);
        return new AuditResponse(a.Id, a.PlanKey, plan.Name, plan.Touchpoint, plan.Scorecard, a.TaskId, a.Status, a.Scenario, scenario?.Text ?? LocalizedText.Empty,
            a.Channel, a.OccurredAt, [.. a.Employees.Items.Select(e => e.Email)], a.Notes, a.RecordingUrl, a.ConversationNumber, a.OrderNumber, a.Auditor,
            a.CreatedAt, a.UpdatedAt, a.SubmittedAt, a.Reviews.Items,
            [.. evidence.Select(e => new AuditEvidenceResponse(e.Number, e.FileName, e.ContentType, e.Size, e.UploadedAt, EvidenceUrl(a.Id, e.Number)))],
            measured, warnings);
    }

    /// <summary>
    /// The times Touchpoint measured itself: for a conversation, the first public reply and the resolution (seconds since
    /// it was opened, from <c>conversation_facts</c>) and whether its customer is marked a mystery shopper (a warning when
    /// not: their contact would count in the real-customer metrics); for a test order, each status's time until the next.
    /// </summary>
    public static async Task<(AuditMeasured? Measured, IReadOnlyList<string> Warnings)> MeasuredAsync(TouchpointDb db, long? conversation, string? order,
        CancellationToken ct)
    {
        if (conversation is null && order is null)
        {
            return (null, []);
        }
        var warnings = new List<string>();
        long? firstReply = null, resolution = null;
        if (conversation is { } number)
        {
            var facts = await db.Set<ConversationFact>().AsNoTracking()
                .Where(f => f.Number == number && (f.Kind == FactKinds.FirstReply || f.Kind == FactKinds.Resolved))
                .OrderBy(f => f.At).Select(f => new { f.Kind, f.Seconds }).ToListAsync(ct);
            firstReply = facts.FirstOrDefault(f => f.Kind == FactKinds.FirstReply)?.Seconds;
            resolution = facts.FirstOrDefault(f => f.Kind == FactKinds.Resolved)?.Seconds;
            var customer = await db.Set<Conversation>().AsNoTracking().Where(c => c.Number == number).Select(c => (Guid?)c.CustomerId).FirstOrDefaultAsync(ct);
            if (customer is { } customerId && !await db.Set<Customer>().AsNoTracking().AnyAsync(c => c.Id == customerId && c.MysteryShopper, ct))
            {
                warnings.Add(AuditWarnings.CustomerNotMarked);
            }
        }
        var stages = new List<AuditStageTime>();
        if (order is not null)
        {
            var history = await db.Set<Order>().AsNoTracking().Where(o => o.Number == order)
                .Join(db.Set<OrderHistoryEntry>(), o => o.Id, h => h.OrderId, (o, h) => h)
                .Where(h => h.Kind == HistoryKinds.Status && h.ToStatus != null)
                .OrderBy(h => h.OccurredAt).ThenBy(h => h.RecordedAt).Select(h => new { h.ToStatus, h.OccurredAt }).ToListAsync(ct);
            for (var i = 0; i < history.Count; i++)
            {
                DateTime? until = i + 1 < history.Count ? history[i + 1].OccurredAt : null;
                stages.Add(new AuditStageTime(history[i].ToStatus!.Value.ToWire(), history[i].OccurredAt, until,
                    until is { } u ? (long)(u - history[i].OccurredAt).TotalSeconds : null));
            }
        }
        return (new AuditMeasured(firstReply, resolution, stages), warnings);
    }
}
