using System.Text.Json;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Notifications;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>
/// Tells the store's signed webhook (Notifications' <see cref="WebhookSender"/>) that a review was published or that a
/// decision changed its score. Queued in the outbox in the same transaction as the change; nothing without a webhook URL.
/// </summary>
public sealed class QualityWebhook(TouchpointDb db, IOptions<WebhookOptions> webhooks)
{
    public const string Published = "quality.review.published";
    public const string Changed = "quality.review.changed";
    public const string Subject = "quality_review";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Queue(Review review, string kind, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(webhooks.Value.Url))
        {
            return;
        }
        db.Enqueue(new OutboxMessage
        {
            Channel = WebhookSender.ChannelName, Kind = kind, SubjectType = Subject, SubjectId = review.Id, Recipient = webhooks.Value.Url, Title = kind,
            Body = JsonSerializer.Serialize(new
            {
                type = kind,
                occurredAt = now,
                review = new
                {
                    id = review.Id, conversation = review.ConversationNumber, order = review.OrderNumber, audit = review.AuditId, reviewee = review.RevieweeEmail,
                    scorecard = new { key = review.ScorecardKey, version = review.ScorecardVersion },
                    score = review.Score, criticalFailed = review.CriticalFailed, at = now,
                },
            }, Json),
            CreatedAt = now, NextAttemptAt = now,
        });
    }
}
