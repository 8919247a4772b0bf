using Signals = System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Channels.Phone;

/// <summary>A ringing call as answered, to be kept in <c>phone_calls</c>.</summary>
public sealed record RingRecord(string CallId, string? From, string? To, Guid? CustomerId, DateTime At, IReadOnlyList<string> Rang);

/// <summary>
/// Writes ringing calls after the answer has gone out: the provider waits on the ringing answer, so it never waits on
/// the database. A bounded queue: under a flood the oldest unwritten records give way (the later events of a call
/// create its row anyway), never the answers.
/// </summary>
public sealed partial class RingingLog(IServiceScopeFactory scopes, ILogger<RingingLog> logger) : BackgroundService
{
    private readonly Signals.Channel<RingRecord> _queue = Signals.Channel.CreateBounded<RingRecord>(
        new Signals.BoundedChannelOptions(10_000) { FullMode = Signals.BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Add(RingRecord record) => _queue.Writer.TryWrite(record);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<RingRecord>(256);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < 256 && _queue.Reader.TryRead(out var r))
            {
                batch.Add(r);
            }
            try
            {
                await WriteAsync(batch, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogWriteFailed(ex, batch.Count);
            }
        }
    }

    /// <summary>Inserts the calls not yet known; a call whose later event came first keeps what that event wrote.</summary>
    public Task WriteAsync(IReadOnlyList<RingRecord> batch, CancellationToken ct) => WriteAsync(batch, retry: true, ct);

    private async Task WriteAsync(IReadOnlyList<RingRecord> batch, bool retry, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var ids = batch.Select(r => r.CallId).Distinct(StringComparer.Ordinal).ToList();
        var known = (await db.Set<PhoneCall>().Where(c => ids.Contains(c.CallId)).ToListAsync(ct)).ToDictionary(c => c.CallId, StringComparer.Ordinal);
        foreach (var r in batch)
        {
            if (known.TryGetValue(r.CallId, out var existing))
            {
                // Answered or missed reached us before this record: it still learns whom we rang.
                if (existing.RingTargets is null)
                {
                    existing.Rang = Rang(r);
                    existing.RingTargets = r.Rang.Count;
                }
                continue;
            }
            var call = new PhoneCall
            {
                CallId = r.CallId, From = r.From, To = r.To, CustomerId = r.CustomerId, StartedAt = r.At, UpdatedAt = r.At, Rang = Rang(r), RingTargets = r.Rang.Count,
            };
            db.Add(call);
            known[r.CallId] = call;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation() || ex is DbUpdateConcurrencyException)
        {
            // An event of one of these calls was written meanwhile: one by one, so the others are kept; read again, the
            // call written meanwhile is found and still learns whom we rang.
            db.ChangeTracker.Clear();
            if (batch.Count > 1)
            {
                foreach (var r in batch)
                {
                    await WriteAsync([r], retry: true, ct);
                }
            }
            else if (retry)
            {
                await WriteAsync(batch, retry: false, ct);
            }
        }
    }

    private static string Rang(RingRecord r)
    {
        var s = string.Join(", ", r.Rang);
        return s.Length <= 2000 ? s : s[..2000];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} ringing calls failed")]
    private partial void LogWriteFailed(Exception ex, int count);
}
