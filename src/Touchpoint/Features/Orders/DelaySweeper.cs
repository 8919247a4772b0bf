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
    ILogger<DelaySweeper> logger) : BackgroundService
{
    public const string JobName = "orders.delay-sweep";
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DelaySweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep; returns the number of delay notices recorded by this instance.</summary>
    public async Task<int> SweepAsync(CancellationToken ct, string? holder = null)
    {
        holder ??= JobLeases.InstanceId;
        var total = 0;
        var targets = await targetsProvider.GetAsync(ct);
        while (true)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            var now = time.GetUtcNow().UtcDateTime;
            if (!await JobLeases.TryAcquireAsync(db, JobName, holder, now, options.Value.DelaySweepInterval * 2 + TimeSpan.FromMinutes(1), ct))
            {
                return total;
            }
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
                if (total > 0)
                {
                    LogSwept(total);
                }
                return total;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delay sweep recorded {Count} delay notices")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delay sweep met a concurrent change; retrying the batch")]
    private partial void LogConcurrent();

    [LoggerMessage(Level = LogLevel.Error, Message = "Delay sweep failed")]
    private partial void LogSweepFailed(Exception ex);
}
