using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Orders;

/// <summary>POST /api/v1/orders/{number}/events: a status move or a payment, idempotent by <c>eventId</c>.</summary>
public sealed class RecordOrderEvent(TouchpointDb db, TimeProvider time)
{
    public const string PaidStatus = "paid";

    public enum Outcome
    {
        Applied,
        Duplicate,
        NotFound,
    }

    public static Validation Validate(OrderEventRequest? request, DateTime now)
    {
        var v = new Validation();
        if (request is null)
        {
            return v.Add("body", Texts.Ui("Valid.JsonBody"));
        }
        v.Require(!string.IsNullOrWhiteSpace(request.EventId) && request.EventId.Length <= 128, "eventId", Texts.Ui("Valid.Orders.EventId"));
        v.Require(request.Status == PaidStatus || OrderStatuses.TryParse(request.Status, out _), "status",
            Texts.Ui("Valid.Orders.Status", request.Status, string.Join(", ", OrderStatuses.Stages.Select(s => s.ToWire()).Concat(["cancelled", "returned", PaidStatus]))));
        v.RequirePlausible(request.OccurredAt, "occurredAt", now + UpsertOrder.AllowedClockSkew);
        v.Require((request.Note ?? "").Length <= 1000, "note", Texts.Ui("Valid.MaxChars", 1000));
        v.Require((request.Carrier ?? "").Length <= 100, "carrier", Texts.Ui("Valid.MaxChars", 100));
        v.Require((request.TrackingNumber ?? "").Length <= 100, "trackingNumber", Texts.Ui("Valid.MaxChars", 100));
        return v;
    }

    /// <summary>Applies a validated event and saves. Illegal moves throw <see cref="DomainRuleException"/> (409).</summary>
    public async Task<(Outcome Outcome, Order? Order)> ExecuteAsync(string number, OrderEventRequest request, string actor, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var eventId = request.EventId!;
            // One round trip: the order (tracked) and whether this event was already applied.
            var found = await db.Set<Order>()
                .Where(o => o.Number == number)
                .Select(o => new { Order = o, Seen = db.Set<OrderHistoryEntry>().Any(h => h.OrderId == o.Id && h.EventId == eventId) })
                .FirstOrDefaultAsync(ct);
            if (found is null)
            {
                return (Outcome.NotFound, null);
            }
            var order = found.Order;
            if (found.Seen)
            {
                return (Outcome.Duplicate, order);
            }
            var now = time.GetUtcNow().UtcDateTime;
            var occurredAt = request.OccurredAt?.UtcDateTime ?? now;
            if (request.Status == PaidStatus)
            {
                order.MarkPaid(occurredAt, now, actor, eventId, request.Note);
            }
            else
            {
                OrderStatuses.TryParse(request.Status, out var status);
                order.MoveTo(status, occurredAt, now, actor, eventId, request.Note, request.Carrier, request.TrackingNumber);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return (Outcome.Applied, order);
            }
            catch (DbUpdateException ex) when (attempt < 3 && (ex.IsUniqueViolation() || ex is DbUpdateConcurrencyException))
            {
                // Another request changed this order (or delivered the same event) at the same moment:
                // start over from what is stored now; the duplicate check above then answers correctly.
                db.ChangeTracker.Clear();
            }
        }
    }
}
