using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Observability;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Sla;

/// <summary>
/// Looks at the conversations whose SLA needs attention now (<see cref="Conversation.SlaCheckAt"/> passed): warns before a
/// goal passes, records the breach when it passes, and escalates past the hard limit (priority up, service owners told,
/// <see cref="SlaLimitPassed"/> for the on-duty reassignment). One instance sweeps at a time (a job lease); each
/// conversation's version check and the unique keys on outcomes and alerts make a second writer lose instead of
/// recording or mailing twice.
/// </summary>
public sealed partial class SlaSweeper(
    IServiceScopeFactory scopes,
    SlaCatalog catalog,
    TimeProvider time,
    IOptions<SlaOptions> options,
    IOptions<StoreOptions> store,
    ILogger<SlaSweeper> logger) : PeriodicJob(scopes, time, logger)
{
    public const string JobName = "sla.sweep";
    public const string Actor = "sla";
    private const int BatchSize = 500;
    private DateOnly? _rolledUpThrough;

    // Read by the sweep itself (tests call it with a holder, outside a pass); the base keeps its own.
    private readonly IServiceScopeFactory _scopes = scopes;
    private readonly TimeProvider _time = time;

    public override string Name => JobName;

    protected override TimeSpan Interval => options.Value.SweepInterval;

    /// <summary>The sweep takes and renews its own lease between rounds (<see cref="SweepAsync"/>, which tests call with a holder).</summary>
    protected override bool Leased => false;

    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        var swept = await SweepAsync(ct);
        // The roll-up folds finished days: once a day is enough.
        var day = SlaRollup.LastFinishedDay(pass.Now, store.Value.Zone);
        if (day != _rolledUpThrough)
        {
            await pass.Services.GetRequiredService<SlaRollup>().RunAsync(ct);
            _rolledUpThrough = day;
        }
        return swept.Warnings + swept.Breaches + swept.Escalations;
    }

    public sealed record Result(int Warnings, int Breaches, int Escalations);

    /// <summary>One sweep; what this instance recorded.</summary>
    public async Task<Result> SweepAsync(CancellationToken ct, string? holder = null)
    {
        holder ??= JobLeases.InstanceId;
        int warnings = 0, breaches = 0, escalations = 0;
        var skip = new HashSet<Guid>();
        for (var round = 0; round < 1000; round++)
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            var now = _time.GetUtcNow().UtcDateTime;
            if (!await JobLeases.TryAcquireAsync(db, JobName, holder, now, options.Value.SweepInterval * 2 + TimeSpan.FromMinutes(1), ct))
            {
                break;
            }
            var setup = await catalog.GetAsync(ct);
            var due = await db.Set<Conversation>()
                .Where(c => c.SlaCheckAt != null && c.SlaCheckAt <= now)
                .OrderBy(c => c.SlaCheckAt)
                .Take(BatchSize + skip.Count)
                .ToListAsync(ct);
            due.RemoveAll(c => skip.Contains(c.Id));
            if (round == 0)
            {
                // Ordered by check time: the first is the most overdue. Nothing due is a lag of 0.
                TouchpointMetrics.SlaSweepLagSeconds.Record(due.Count == 0 ? 0 : (now - due[0].SlaCheckAt!.Value).TotalSeconds);
            }
            if (due.Count == 0)
            {
                break;
            }
            int w = 0, b = 0, e = 0;
            foreach (var c in due)
            {
                var (cw, cb, ce) = Attend(db, c, setup, now);
                (w, b, e) = (w + cw, b + cb, e + ce);
                if (c.SlaCheckAt is { } next && next <= now)
                {
                    // Nothing more can be done for it now (e.g. a stale check time): never loop on it within this sweep.
                    skip.Add(c.Id);
                }
            }
            try
            {
                await db.SaveChangesAsync(ct);
                (warnings, breaches, escalations) = (warnings + w, breaches + b, escalations + e);
            }
            catch (DbUpdateConcurrencyException)
            {
                // A conversation changed under us (an agent answered): the next round reads it fresh.
                LogConcurrent();
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                // Another instance recorded it first (its lease had expired mid-sweep): theirs stands.
                LogConcurrent();
            }
            if (due.Count < BatchSize)
            {
                break;
            }
        }
        if (warnings + breaches + escalations > 0)
        {
            LogSwept(warnings, breaches, escalations);
        }
        return new Result(warnings, breaches, escalations);
    }

    private static (int Warnings, int Breaches, int Escalations) Attend(TouchpointDb db, Conversation c, SlaSetup setup, DateTime now)
    {
        var sla = ConversationSla.Parse(c.SlaState);
        if (sla is null || !c.IsOpen)
        {
            c.SetSla(c.IsOpen ? c.SlaState : null, c.IsOpen ? c.SlaDueAt : null, null, now, bump: true);
            return (0, 0, 0);
        }
        SlaEngine.Schedule(sla, setup);
        int warnings = 0, breaches = 0, escalations = 0;
        var raise = false;
        foreach (var t in sla.Targets.Where(t => t.State == SlaTargetState.Running))
        {
            if (!t.BreachRecorded && t.DueAt <= now)
            {
                t.BreachRecorded = t.Warned = true;
                db.Add(new SlaOutcome
                {
                    ConversationId = c.Id, Number = c.Number, Target = t.Target, Cycle = t.Cycle, Policy = sla.Policy, Channel = c.Channel, Topic = c.Topic,
                    Priority = c.Priority, AssigneeId = c.AssigneeId, GoalSeconds = t.GoalSeconds, Achieved = false, StartedAt = t.Stretches[0].From,
                    DecidedAt = t.DueAt!.Value,
                });
                db.Add(SlaAlert.Raise(c, t, SlaAlertKinds.Breach, t.DueAt.Value, now));
                breaches++;
            }
            else if (!t.Warned && !t.BreachRecorded && t.WarnAt <= now)
            {
                t.Warned = true;
                db.Add(SlaAlert.Raise(c, t, SlaAlertKinds.Warning, t.DueAt!.Value, now));
                warnings++;
            }
            if (t.LimitAt is { } limitAt && !t.LimitPassed && limitAt <= now)
            {
                t.LimitPassed = true;
                db.Add(SlaAlert.Raise(c, t, SlaAlertKinds.Limit, limitAt, now));
                raise = true;
                escalations++;
            }
        }
        var (dueAt, checkAt) = SlaEngine.Schedule(sla, setup);
        c.SetSla(sla.ToJson(), dueAt, checkAt, now, bump: true);
        if (raise && c.Priority < Priority.Urgent)
        {
            // Its own event re-matches the policy; the clocks and their marks carry over.
            c.ChangePriority(c.Priority + 1, now, Actor);
        }
        return (warnings, breaches, escalations);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA sweep: {Warnings} warnings, {Breaches} breaches, {Escalations} escalations")]
    private partial void LogSwept(int warnings, int breaches, int escalations);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SLA sweep met a concurrent change; the next round reads it fresh")]
    private partial void LogConcurrent();
}
