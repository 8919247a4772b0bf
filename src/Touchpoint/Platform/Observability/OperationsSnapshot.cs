using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Outbox;

namespace Touchpoint.Platform.Observability;

/// <summary>The outbox as an operator watches it: what waits per channel, what failed for good, how long the most overdue message has waited.</summary>
public sealed record OutboxBacklog(DateTime At, IReadOnlyDictionary<string, int> PendingByChannel, int Failed, DateTime? EarliestDueAt)
{
    public int Pending => PendingByChannel.Values.Sum();

    /// <summary>How long the most overdue pending message has been due: zero when nothing waits past its time.</summary>
    public TimeSpan OverdueFor => EarliestDueAt is { } due && due < At ? At - due : TimeSpan.Zero;
}

/// <summary>
/// Reads what the operator watches that lives in the database (the outbox backlog) every 15 s, in each instance (no
/// lease: every instance's <c>/metrics</c> and <c>/healthz</c> answer for the store), for the gauges of
/// <see cref="TouchpointMetrics"/> and the "outbox" health check. Two index range counts, never a scan of sent mail.
/// </summary>
public sealed class OperationsSnapshot(IServiceScopeFactory scopes, IServiceProvider services, TimeProvider time, ILogger<OperationsSnapshot> logger)
    : PeriodicJob(scopes, time, logger)
{
    private static readonly ConcurrentDictionary<OperationsSnapshot, byte> Live = new();

    private readonly IServiceProvider _services = services;
    private readonly TimeProvider _time = time;

    public override string Name => "ops.snapshot";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(15);

    protected override bool Leased => false;

    public OutboxBacklog? Outbox { get; private set; }

    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        var messages = pass.Db.Set<OutboxMessage>().AsNoTracking();
        var pending = await messages.Where(m => m.State == OutboxState.Pending)
            .GroupBy(m => m.Channel).Select(g => new { Channel = g.Key, Count = g.Count() }).ToListAsync(ct);
        var failed = await messages.CountAsync(m => m.State == OutboxState.Failed, ct);
        var earliest = await messages.Where(m => m.State == OutboxState.Pending).OrderBy(m => m.NextAttemptAt)
            .Select(m => (DateTime?)m.NextAttemptAt).FirstOrDefaultAsync(ct);
        Outbox = new OutboxBacklog(pass.Now, pending.ToDictionary(p => p.Channel, p => p.Count, StringComparer.Ordinal), failed, earliest);
        Live.TryAdd(this, 0);
        return 0;
    }

    public override void Dispose()
    {
        Live.TryRemove(this, out _);
        base.Dispose();
    }

    /// <summary>The gauges' readings: one per live app (one in production; tests run several in a process).</summary>
    internal static IEnumerable<Measurement<int>> PendingMeasurements() =>
        Live.Keys.Select(s => s.Outbox).OfType<OutboxBacklog>()
            .SelectMany(o => o.PendingByChannel.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("channel", p.Key))));

    internal static IEnumerable<Measurement<int>> FailedMeasurements() =>
        Live.Keys.Select(s => s.Outbox).OfType<OutboxBacklog>().Select(o => new Measurement<int>(o.Failed));

    internal static IEnumerable<Measurement<double>> SinceSuccessMeasurements() =>
        Live.Keys.SelectMany(s =>
        {
            var now = s._time.GetUtcNow().UtcDateTime;
            return BackgroundWork.All(s._services).Where(w => w.IsRunning).Select(w =>
                new Measurement<double>((now - (w.Status.LastSuccessAt ?? w.StartedAt)).TotalSeconds, new KeyValuePair<string, object?>("job", w.Status.Name)));
        });

    internal static IEnumerable<Measurement<double>> OverdueMeasurements() =>
        Live.Keys.Select(s => s.Outbox).OfType<OutboxBacklog>().Select(o => new Measurement<double>(o.OverdueFor.TotalSeconds));
}

/// <summary>
/// <c>/healthz</c> "outbox": unhealthy when a pending message has been due for longer than
/// <c>Touchpoint:Outbox:StalledAfter</c> (mail and webhooks are not going out), while this instance sends.
/// </summary>
internal sealed class OutboxHealthCheck(OperationsSnapshot snapshot, IOptions<OutboxOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (snapshot.Outbox is not { } o || !options.Value.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy(options.Value.Enabled ? "not read yet" : "sending is off in this instance"));
        }
        var data = new Dictionary<string, object> { ["pending"] = o.Pending, ["failed"] = o.Failed, ["overdueSeconds"] = (int)o.OverdueFor.TotalSeconds };
        return Task.FromResult(o.OverdueFor > options.Value.StalledAfter
            ? HealthCheckResult.Unhealthy($"not draining: a message has been due for {(int)o.OverdueFor.TotalMinutes} min", data: data)
            : HealthCheckResult.Healthy(data: data));
    }
}
