using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Orders;

public static class OrderQueries
{
    /// <summary>Orders past the target of their current stage. One range per stage, each served by the (status, statusChangedAt) index.</summary>
    public static IQueryable<Order> WhereDelayed(this IQueryable<Order> orders, StageTargets targets, DateTime now)
    {
        var placed = Cutoff(targets, OrderStatus.Placed, now);
        var accepted = Cutoff(targets, OrderStatus.Accepted, now);
        var packed = Cutoff(targets, OrderStatus.Packed, now);
        var shipped = Cutoff(targets, OrderStatus.Shipped, now);
        return orders.Where(o =>
            (o.Status == OrderStatus.Placed && o.StatusChangedAt <= placed)
            || (o.Status == OrderStatus.Accepted && o.StatusChangedAt <= accepted)
            || (o.Status == OrderStatus.Packed && o.StatusChangedAt <= packed)
            || (o.Status == OrderStatus.Shipped && o.StatusChangedAt <= shipped));
    }

    private static DateTime Cutoff(StageTargets targets, OrderStatus stage, DateTime now) =>
        targets.For(stage) is { } t ? now - t : DateTime.MinValue.ToUniversalTime();

    public sealed record DelayEntry(string Number, string Stage, DateTime At);

    /// <summary>Read-only, for Reporting: the delay notices the sweeper recorded in [since, until) (one per order and stage), oldest first, at most <paramref name="take"/>.</summary>
    public static async Task<IReadOnlyList<DelayEntry>> DelaysAsync(TouchpointDb db, DateTime since, DateTime until, int take, CancellationToken ct)
    {
        var rows = await (from h in db.Set<OrderHistoryEntry>().AsNoTracking()
                          join o in db.Set<Order>().AsNoTracking() on h.OrderId equals o.Id
                          where h.Kind == HistoryKinds.Delayed && h.OccurredAt >= since && h.OccurredAt < until
                          orderby h.OccurredAt
                          select new { o.Number, h.ToStatus, h.OccurredAt }).Take(take).ToListAsync(ct);
        return [.. rows.Select(r => new DelayEntry(r.Number, r.ToStatus?.ToWire() ?? "", r.OccurredAt))];
    }

    /// <summary>Read-only, for Reporting: how many delay notices were recorded in [from, to) and on how many orders.</summary>
    public static async Task<(int Notices, int Orders)> DelayCountsAsync(TouchpointDb db, DateTime from, DateTime to, CancellationToken ct)
    {
        var q = db.Set<OrderHistoryEntry>().AsNoTracking().Where(h => h.Kind == HistoryKinds.Delayed && h.OccurredAt >= from && h.OccurredAt < to);
        return (await q.CountAsync(ct), await q.Select(h => h.OrderId).Distinct().CountAsync(ct));
    }

    /// <summary>Number, email or tracking number; exact or prefix, so every branch uses an index.</summary>
    public static IQueryable<Order> WhereMatches(this IQueryable<Order> orders, string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return orders;
        }
        var s = search.Trim();
        var lower = s.ToLowerInvariant();
        return s.Contains('@', StringComparison.Ordinal)
            ? orders.Where(o => o.CustomerEmail == lower)
            : orders.Where(o => o.Number == s || o.Number.StartsWith(s) || o.TrackingNumber == s);
    }

    public static async Task<OrderResponse?> LoadResponseAsync(TouchpointDb db, string number, StageTargets targets, OrdersOptions options, DateTime now, CancellationToken ct)
    {
        var order = await db.Set<Order>().AsNoTracking().FirstOrDefaultAsync(o => o.Number == number, ct);
        return order is null ? null : await ToResponseAsync(db, order, targets, options, now, ct);
    }

    public static async Task<OrderResponse> ToResponseAsync(TouchpointDb db, Order order, StageTargets targets, OrdersOptions options, DateTime now, CancellationToken ct)
    {
        var history = await db.Set<OrderHistoryEntry>().AsNoTracking()
            .Where(h => h.OrderId == order.Id)
            .OrderBy(h => h.OccurredAt).ThenBy(h => h.RecordedAt).ThenBy(h => h.Id)
            .ToListAsync(ct);
        var notifications = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.SubjectType == OrderSubject.Type && m.SubjectId == order.Id)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new NotificationResponse(m.Id, m.Kind, m.Channel, m.Recipient, m.State.ToString().ToLowerInvariant(),
                m.Attempts, m.CreatedAt, m.SentAt, m.LastError, m.Title))
            .ToListAsync(ct);
        return OrderResponse.From(order, history, notifications, targets, options, now);
    }
}

public static class OrderSubject
{
    /// <summary>The outbox subject type of order messages.</summary>
    public const string Type = "order";
}
