using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Reporting;

/// <summary>
/// Folds each store-local day whose repeat window has closed (<see cref="RepeatContactRule.LastFinalDay"/>) into
/// <see cref="FcrDaily"/>, once, under the job's lease; a day is rewritten whole with the mark in one transaction, so a
/// rerun is harmless. Days use the SLA roll-up's store-time bounds.
/// </summary>
public sealed partial class FcrRollup(IServiceScopeFactory scopes, IOptions<MetricsOptions> options, IOptions<StoreOptions> store, TimeProvider time,
    ILogger<FcrRollup> logger) : PeriodicJob(scopes, time, logger)
{
    public const string JobName = "reporting.fcr-rollup";
    public const string Mark = "fcr";
    private const int MaxDaysPerPass = 400;

    public override string Name => JobName;

    protected override TimeSpan Interval => options.Value.RollupInterval;

    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        var db = pass.Db;
        var zone = store.Value.Zone;
        var last = new RepeatContactRule(options.Value.RepeatWindow).LastFinalDay(pass.Now, zone);
        var mark = await db.Set<ReportingMark>().AsNoTracking().FirstOrDefaultAsync(m => m.Name == Mark, ct);
        DateOnly next;
        if (mark is not null)
        {
            next = mark.ThroughDay.AddDays(1);
        }
        else
        {
            var first = await db.Set<ConversationFact>().AsNoTracking().Where(f => f.Kind == FactKinds.Resolved)
                .OrderBy(f => f.At).Select(f => (DateTime?)f.At).FirstOrDefaultAsync(ct);
            if (first is null)
            {
                return 0;
            }
            next = FcrReport.DayOf(first.Value, zone);
        }
        var folded = 0;
        for (; next <= last && folded < MaxDaysPerPass; next = next.AddDays(1), folded++)
        {
            if (!await pass.RenewAsync(ct))
            {
                break;
            }
            await FoldAsync(db, next, zone, ct);
        }
        if (folded > 0)
        {
            LogFolded(folded, next.AddDays(-1));
        }
        return folded;
    }

    private static async Task FoldAsync(TouchpointDb db, DateOnly day, TimeZoneInfo zone, CancellationToken ct)
    {
        var (from, to) = SlaReport.Bounds(day, day, zone);
        var cases = await FcrFacts.ResolvedAsync(db, from, to, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<FcrDaily>().Where(d => d.Day == day).ExecuteDeleteAsync(ct);
        foreach (var g in cases.GroupBy(c => (c.Agent, c.Channel, c.Topic)))
        {
            db.Add(new FcrDaily
            {
                Day = day, Agent = g.Key.Agent, Channel = g.Key.Channel, Topic = g.Key.Topic,
                Resolved = g.Count(), Repeats = g.Count(c => c.Repeated), OneTouch = g.Count(c => c.OneTouch),
            });
        }
        var mark = await db.Set<ReportingMark>().FirstOrDefaultAsync(m => m.Name == Mark, ct);
        if (mark is null)
        {
            db.Add(new ReportingMark { Name = Mark, ThroughDay = day });
        }
        else
        {
            mark.ThroughDay = day;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "FCR rollup folded {Days} days, through {Day}")]
    private partial void LogFolded(int days, DateOnly day);
}
