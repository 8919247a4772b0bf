using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Sla;

/// <summary>
/// After a calendar or policy is edited, the running clocks of open conversations follow it: a new holiday moves due
/// times, a changed goal applies to the clocks of that policy (their elapsed time stays). Runs after the edit's request,
/// in batches with the conversation's version check: a conversation an agent changes meanwhile is skipped, and its own
/// save recomputes it with the new setup anyway.
/// </summary>
public sealed partial class SlaRescheduler(IServiceScopeFactory scopes, SlaCatalog catalog, TimeProvider time, ILogger<SlaRescheduler> logger)
{
    private const int BatchSize = 500;
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Starts a run after the edit's request has answered; a failure is logged (each conversation's next save recomputes its clocks anyway).</summary>
    public void Start(string? calendar, string? policy) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await RescheduleAsync(calendar, policy, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogFailed(ex);
            }
        });

    public async Task<int> RescheduleAsync(string? calendar, string? policy, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            catalog.Invalidate();
            var setup = await catalog.GetAsync(ct);
            var definition = policy is null ? null : setup.Policy(policy);
            // JSON text search narrows the scan to the conversations whose clocks name this calendar or policy.
            var needle = calendar is not null ? $"\"calendar\":{System.Text.Json.JsonSerializer.Serialize(calendar)}" : $"\"policy\":{System.Text.Json.JsonSerializer.Serialize(policy)}";
            var open = new[] { ConversationStatus.New, ConversationStatus.Open, ConversationStatus.Pending };
            var changed = 0;
            var after = 0L;
            while (true)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
                var batch = await db.Set<Conversation>()
                    .Where(c => open.Contains(c.Status) && c.SlaState != null && c.SlaState.Contains(needle) && c.Number > after)
                    .OrderBy(c => c.Number).Take(BatchSize).ToListAsync(ct);
                if (batch.Count == 0)
                {
                    break;
                }
                after = batch[^1].Number;
                var now = time.GetUtcNow().UtcDateTime;
                foreach (var c in batch)
                {
                    var sla = ConversationSla.Parse(c.SlaState)!;
                    if (definition is not null && sla.Policy == definition.Name)
                    {
                        sla = SlaEngine.Repolicy(sla, definition, c.CreatedAt, c.FirstReplyAt is not null, c.Status == ConversationStatus.Pending);
                    }
                    var (due, check) = SlaEngine.Schedule(sla, setup);
                    c.SetSla(sla.ToJson(), due, check, now, bump: false);
                }
                try
                {
                    changed += await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateConcurrencyException)
                {
                    LogConcurrent();
                }
            }
            return changed;
        }
        finally
        {
            _one.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SLA reschedule met a concurrent change; that conversation recomputes on its own save")]
    private partial void LogConcurrent();

    [LoggerMessage(Level = LogLevel.Error, Message = "SLA reschedule failed")]
    private partial void LogFailed(Exception ex);
}
