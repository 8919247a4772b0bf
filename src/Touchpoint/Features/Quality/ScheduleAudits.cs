using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>
/// Schedules a plan's month of audit tasks once (<see cref="AuditScheduler"/> with the month's seed from the plan's
/// stored seed, in the store's time zone): a month with tasks answers them unchanged, and the unique (plan, month, slot)
/// key makes a second scheduler running at the same time lose. Employees are the plan's agents and the active agents of
/// its teams, ordered by address; auditors are the plan's still-active auditors.
/// </summary>
public sealed class ScheduleAudits(TouchpointDb db, IOptions<StoreOptions> store, TimeProvider time)
{
    public sealed record Result(string Month, int Seed, bool ScheduledNow, int Tasks);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(store.Value.TimeZone);

    public (int Year, int Month) CurrentMonth() => AuditScheduler.MonthOf(time.GetUtcNow().UtcDateTime, Zone);

    public async Task<Result> ExecuteAsync(AuditPlan plan, int year, int month, CancellationToken ct)
    {
        var label = AuditScheduler.Label(year, month);
        var seed = AuditScheduler.SeedFor(plan.Seed, year, month);
        var existing = await CountAsync(plan.Id, label, ct);
        if (existing > 0)
        {
            return new Result(label, seed, false, existing);
        }
        var reviewers = await QualityQueries.ReviewersAsync(db, ct);
        var auditors = plan.People.Auditors
            .Select(e => reviewers.FirstOrDefault(r => string.Equals(r.Email, e, StringComparison.OrdinalIgnoreCase)))
            .Where(r => r.Id is not null).Select(r => new AuditScheduler.Person(r.Id, r.Email)).ToList();
        var teams = plan.People.Employees.Where(e => !e.Contains('@')).ToList();
        var named = plan.People.Employees.Where(e => e.Contains('@')).ToList();
        var employees = (await DrawSample.AgentsOfAsync(db, named, teams, ct))
            .Select(kv => new AuditScheduler.Person(kv.Key, kv.Value)).OrderBy(p => p.Email, StringComparer.OrdinalIgnoreCase).ToList();
        var slots = AuditScheduler.Schedule(year, month, Zone, seed, plan.PerMonth, plan.Per, [.. plan.Scenarios.Select(s => s.Key)], auditors, employees);
        if (slots.Count == 0)
        {
            return new Result(label, seed, false, 0);
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var slot in slots)
        {
            db.Set<AuditTask>().Add(AuditTask.Of(plan, label, slot, seed, now));
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return new Result(label, seed, true, slots.Count);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another instance scheduled this month first (the same seed, the same rows): theirs stands.
            db.ChangeTracker.Clear();
            return new Result(label, seed, false, await CountAsync(plan.Id, label, ct));
        }
    }

    private Task<int> CountAsync(Guid plan, string month, CancellationToken ct) =>
        db.Set<AuditTask>().CountAsync(t => t.PlanId == plan && t.Month == month, ct);
}

/// <summary>Schedules the current month of every active audit plan, once per plan per month (leased: one instance at a time).</summary>
public sealed class AuditSchedulerJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<AuditSchedulerJob> logger) : Platform.Jobs.PeriodicJob(scopes, time, logger)
{
    public const string JobName = "quality.audit-schedule";

    public override string Name => JobName;

    protected override TimeSpan Interval => TimeSpan.FromMinutes(30);

    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        var schedule = pass.Services.GetRequiredService<ScheduleAudits>();
        var (year, month) = schedule.CurrentMonth();
        var plans = await pass.Db.Set<AuditPlan>().AsNoTracking().Where(p => p.Active).OrderBy(p => p.Key).ToListAsync(ct);
        var scheduled = 0;
        foreach (var plan in plans)
        {
            if (!await pass.RenewAsync(ct))
            {
                break;
            }
            var result = await schedule.ExecuteAsync(plan, year, month, ct);
            scheduled += result.ScheduledNow ? result.Tasks : 0;
        }
        return scheduled;
    }
}
