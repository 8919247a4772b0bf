using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Feedback;

/// <summary>
/// Schedules surveys in the save of what triggers them: a resolved conversation (CSAT after the delay; resolved again
/// before it went out, the delay starts again; NPS instead when the store's support survey is NPS) and a delivered order (NPS, the "delivery" touchpoint). Whether it is
/// sent is decided at its moment by <see cref="SurveySender"/>.
/// </summary>
public sealed class SurveyTriggers(TouchpointDb db, FeedbackSettingsStore settings, TimeProvider time)
    : IDomainEventHandler<ConversationStatusChanged>, IDomainEventHandler<OrderStatusChanged>
{
    public async Task HandleAsync(ConversationStatusChanged e, CancellationToken ct)
    {
        if (e.To != ConversationStatus.Resolved || e.From == ConversationStatus.Closed)
        {
            return;
        }
        var c = e.Conversation;
        var now = time.GetUtcNow().UtcDateTime;
        var s = await settings.GetAsync(ct);
        var due = now + s.CsatDelay;
        var existing = db.Set<Survey>().Local.FirstOrDefault(s => s.ConversationId == c.Id)
            ?? await db.Set<Survey>().FirstOrDefaultAsync(s => s.ConversationId == c.Id, ct);
        if (existing is not null)
        {
            // One survey per conversation: a second resolve waits the delay again, a sent one stays answered.
            existing.Reschedule(due);
            return;
        }
        db.Add(Survey.AfterConversation(s.SupportSurvey, c.CustomerId, c.Id, c.Number, c.Language, now, due));
    }

    public async Task HandleAsync(OrderStatusChanged e, CancellationToken ct)
    {
        if (e.To != OrderStatus.Delivered)
        {
            return;
        }
        var o = e.Order;
        if (db.Set<Survey>().Local.Any(s => s.OrderId == o.Id) || await db.Set<Survey>().AnyAsync(s => s.OrderId == o.Id, ct))
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var s = await settings.GetAsync(ct);
        db.Add(Survey.AfterDelivery(o.CustomerId, o.Id, o.Number, o.Language, now, e.OccurredAt + s.NpsAfterDelivery));
    }
}
