using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Orders;

/// <summary>
/// Finds orders that overstayed their stage and records one delay notice per stage (the notice email is
/// queued by the OrderDelayed event in the same transaction). Runs in one instance at a time (a job lease),
/// and each order's version check makes a second writer lose rather than send twice.
/// </summary>
public sealed partial class DelaySweeper(
    IServiceScopeFactory scopes,
    StageTargetsProvider targetsProvider,
    TimeProvider time,
    IOptions<OrdersOptions> options,
    ILogger<DelaySweeper> logger) : PeriodicJob(scopes, time, logger)
{
    public const string JobName = "orders.delay-sweep";
    private const int BatchSize = 200;

    public override string Name => JobName;

    protected override TimeSpan Interval => options.Value.DelaySweepInterval;

    /// <summary>One sweep; returns the number of delay notices recorded by this instance.</summary>
    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        var total = 0;
        var targets = await targetsProvider.GetAsync(ct);
        var db = pass.Db;
        while (true)
        {
            // Each batch renews the lease: a long catch-up keeps it, and a lost lease stops this instance.
            if (!await pass.RenewAsync(ct))
            {
                return total;
            }
            db.ChangeTracker.Clear();
            var now = pass.Now;
            var due = await db.Set<Order>()
                .WhereDelayed(targets, now)
                .Where(o => o.DelayNoticeFor == null || o.DelayNoticeFor != o.Status)
                .OrderBy(o => o.StatusChangedAt)
                .Take(BatchSize)
                .ToListAsync(ct);
            if (due.Count == 0)
            {
                return total;
            }
            var marked = due.Count(o => o.MarkDelayed(targets, now));
            try
            {
                await db.SaveChangesAsync(ct);
                total += marked;
            }
            catch (DbUpdateConcurrencyException)
            {
                // An order changed under us (a status event arrived): the next round reads it fresh.
                LogConcurrent();
            }
            if (due.Count < BatchSize)
            {
                return total;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delay sweep met a concurrent change; retrying the batch")]
    private partial void LogConcurrent();
}
