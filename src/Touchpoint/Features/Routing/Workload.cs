using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Routing;

public sealed record AgentWorkload(
    string Email,
    string Name,
    IReadOnlyList<string> Teams,
    string Presence,
    bool OnShift,
    bool OnDuty,
    int CallsInProgress,
    IReadOnlyList<AgentLoad> Load,
    int OpenTotal,
    int PendingTotal,
    DateTime? OldestOpenSince);

public sealed record WaitingItem(long Number, string Subject, string Channel, string Topic, string Language, DateTime Since, string? Reason);

public sealed record QueueTimes(int Assigned, double? MedianSeconds, double? P90Seconds);

public sealed record WorkloadResponse(DateTime At, IReadOnlyList<AgentWorkload> Agents, int Waiting, DateTime? OldestWaitingSince, IReadOnlyList<WaitingItem> Queue, QueueTimes Last24Hours);

/// <summary>The service owner's view: who carries what against their capacity, what waits and for how long.</summary>
public static class Workload
{
    public static async Task<WorkloadResponse> ReadAsync(TouchpointDb db, RoutingBoard board, DateTime now, CancellationToken ct)
    {
        var open = new[] { ConversationStatus.New, ConversationStatus.Open, ConversationStatus.Pending };
        var rows = await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.AssigneeId != null && open.Contains(c.Status))
            .GroupBy(c => new { c.AssigneeId, c.Channel, Pending = c.Status == ConversationStatus.Pending })
            .Select(g => new { g.Key.AssigneeId, g.Key.Channel, g.Key.Pending, Count = g.Count(), Oldest = g.Min(c => c.CreatedAt) })
            .ToListAsync(ct);
        var onDuty = board.OnDuty(now);
        var agents = board.Agents.Where(a => a.Active).OrderBy(a => a.Name, StringComparer.CurrentCulture).Select(a =>
        {
            var mine = rows.Where(r => r.AssigneeId == a.UserId).ToList();
            var channels = a.Capacity.Keys.Union(mine.Select(r => r.Channel.ToWire())).Order(StringComparer.Ordinal);
            var load = channels.Select(ch => new AgentLoad(ch, mine.Where(r => !r.Pending && r.Channel.ToWire() == ch).Sum(r => r.Count), a.Capacity.GetValueOrDefault(ch))).ToList();
            return new AgentWorkload(a.Email, a.Name, a.Teams, a.Presence.ToWire(), a.OnShift(now), onDuty.Contains(a.UserId), board.CallsInProgress(a.UserId), load,
                mine.Where(r => !r.Pending).Sum(r => r.Count), mine.Where(r => r.Pending).Sum(r => r.Count),
                mine.Count == 0 ? null : mine.Min(r => r.Oldest));
        }).ToList();

        var waitingQuery = db.Set<Conversation>().AsNoTracking()
            .Where(c => c.AssigneeId == null && (c.Status == ConversationStatus.New || c.Status == ConversationStatus.Open));
        var waiting = await waitingQuery.CountAsync(ct);
        var queue = (await waitingQuery.OrderBy(c => c.SlaDueAt == null).ThenBy(c => c.SlaDueAt).ThenBy(c => c.CreatedAt).Take(50)
                .Select(c => new { c.Number, c.Subject, c.Channel, c.Topic, c.Language, c.CreatedAt, c.AssignmentReason })
                .ToListAsync(ct))
            .Select(c => new WaitingItem(c.Number, c.Subject, c.Channel.ToWire(), c.Topic, c.Language, c.CreatedAt, c.AssignmentReason)).ToList();

        // Time in queue: from arrival to the first assignment, for what arrived in the last 24 hours.
        var since = now.AddDays(-1);
        var waits = await (from c in db.Set<Conversation>().AsNoTracking()
                           where c.CreatedAt >= since
                           join f in db.Set<ConversationFact>().AsNoTracking() on c.Id equals f.ConversationId
                           where f.Kind == FactKinds.Assigned
                           group f by new { c.Id, c.CreatedAt } into g
                           select new { g.Key.CreatedAt, First = g.Min(f => f.At) }).ToListAsync(ct);
        var seconds = waits.Select(w => Math.Max(0, (w.First - w.CreatedAt).TotalSeconds)).Order().ToList();
        return new WorkloadResponse(now, agents, waiting, queue.Count == 0 ? null : queue.Min(q => q.Since), queue,
            new QueueTimes(seconds.Count, Percentile(seconds, 0.5), Percentile(seconds, 0.9)));
    }

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
