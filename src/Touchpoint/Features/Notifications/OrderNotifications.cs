using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Notifications;

public sealed class WebhookOptions
{
    /// <summary>The store's endpoint for status and delay events; empty: no webhooks.</summary>
    public string? Url { get; set; }

    /// <summary>Key of the HMAC-SHA256 signature in <c>X-Touchpoint-Signature</c>.</summary>
    public string? Secret { get; set; }
}

/// <summary>
/// Listens to order events and queues the customer's email (and the store's webhook) in the same
/// transaction as the change: the message exists exactly when the change does.
/// </summary>
public sealed partial class OrderNotifications(
    TouchpointDb db,
    TemplateStore templates,
    StageTargetsProvider targets,
    IOptions<OrdersOptions> orders,
    IOptions<StoreOptions> store,
    IOptions<WebhookOptions> webhooks,
    TimeProvider time,
    ILogger<OrderNotifications> logger)
    : IDomainEventHandler<OrderPlaced>, IDomainEventHandler<OrderStatusChanged>, IDomainEventHandler<OrderPaid>, IDomainEventHandler<OrderDelayed>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task HandleAsync(OrderPlaced e, CancellationToken ct) => QueueAsync(e.Order, "order.placed", null, ct);

    public Task HandleAsync(OrderStatusChanged e, CancellationToken ct) => QueueAsync(e.Order, $"order.{e.To.ToWire()}", null, ct);

    public Task HandleAsync(OrderPaid e, CancellationToken ct) => QueueAsync(e.Order, NotificationKinds.Paid, null, ct);

    public Task HandleAsync(OrderDelayed e, CancellationToken ct) => QueueAsync(e.Order, NotificationKinds.Delayed, e.ExpectedBy, ct);

    private async Task QueueAsync(Order order, string kind, DateTime? delayExpectedBy, CancellationToken ct)
    {
        if (order.MuteNotifications)
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var stageTargets = await targets.GetAsync(ct);
        var (content, _) = await templates.GetAsync(kind, order.Language, ct);
        var model = Model(order, stageTargets, orders.Value, store.Value, delayExpectedBy);
        try
        {
            db.Enqueue(Render(order, kind, content, model, now));
        }
        catch (LiquidLimitException ex)
        {
            // A stored template that goes past a render limit (saved before the limits, or on data the check could not
            // foresee): this mail is not sent; the status change and the webhook go ahead.
            LogTemplateRefused(logger, kind, order.Language, ex.Message);
        }
        if (!string.IsNullOrWhiteSpace(webhooks.Value.Url))
        {
            db.Enqueue(new OutboxMessage
            {
                Channel = WebhookSender.ChannelName, Kind = kind, SubjectType = OrderSubject.Type, SubjectId = order.Id,
                Recipient = webhooks.Value.Url, Title = kind,
                Body = JsonSerializer.Serialize(new
                {
                    type = kind,
                    occurredAt = now,
                    order = new
                    {
                        number = order.Number, status = order.Status.ToWire(), paid = order.IsPaid, delayed = delayExpectedBy is not null || order.IsDelayed(stageTargets, now),
                        expectedBy = order.ExpectedBy(stageTargets), customerEmail = order.CustomerEmail, trackingUrl = OrderResponse.TrackingLink(orders.Value, order.TrackingToken),
                        carrier = order.Carrier, trackingNumber = order.TrackingNumber,
                    },
                }, Json),
                CreatedAt = now, NextAttemptAt = now,
            });
        }
    }

    /// <summary>Renders one email; <see cref="LiquidLimitException"/> when the template goes past a render limit.</summary>
    public static OutboxMessage Render(Order order, string kind, TemplateContent content, IDictionary<string, object> model, DateTime now)
    {
        var mail = RenderedMail.Render(content, model, order.Language);
        return new OutboxMessage
        {
            Channel = "email",
            Kind = kind,
            SubjectType = OrderSubject.Type,
            SubjectId = order.Id,
            Recipient = string.IsNullOrWhiteSpace(order.CustomerName) ? order.CustomerEmail : $"\"{order.CustomerName.Replace("\"", "", StringComparison.Ordinal)}\" <{order.CustomerEmail}>",
            Title = mail.Title,
            Body = mail.Body,
            HtmlBody = mail.HtmlBody,
            Language = order.Language,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Kind} template in {Language} went past a render limit; the mail was not sent: {Reason}")]
    internal static partial void LogTemplateRefused(ILogger logger, string kind, string language, string reason);

    /// <summary>A mail subject is one line, whatever the template produced.</summary>
    internal static string OneLine(string s) => string.Join(' ', s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    public static string WrapHtml(string inner, string language) =>
        $"<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\"></head><body style=\"font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1d2330\"><div style=\"max-width:600px;margin:0 auto;padding:16px\">{inner}</div></body></html>";

    /// <summary>What templates can use: <c>store.name</c>, <c>customer.name|email</c>, <c>order.*</c>, <c>delay.expected_by</c>.</summary>
    public static Dictionary<string, object> Model(Order order, StageTargets targets, OrdersOptions orders, StoreOptions store, DateTime? delayExpectedBy)
    {
        var culture = Languages.Culture(order.Language);
        string When(DateTime? utc) => utc is { } u ? Platform.Localization.When.Format(store, u, order.Language, Platform.Localization.When.Style.Full) : "";
        var name = string.IsNullOrWhiteSpace(order.CustomerName) ? order.CustomerEmail.Split('@')[0] : order.CustomerName;
        return new Dictionary<string, object>
        {
            ["store"] = new Dictionary<string, object> { ["name"] = store.Name },
            ["customer"] = new Dictionary<string, object> { ["name"] = name, ["email"] = order.CustomerEmail },
            ["order"] = new Dictionary<string, object>
            {
                ["number"] = order.Number,
                ["status"] = order.Status.ToWire(),
                ["status_name"] = Texts.Get(order.Language, $"Status.{order.Status.ToWire()}"),
                ["total"] = order.Total.ToString("N2", culture),
                ["currency"] = order.Currency,
                ["paid"] = order.IsPaid,
                ["paid_at"] = When(order.PaidAt),
                ["carrier"] = order.Carrier ?? "",
                ["tracking_number"] = order.TrackingNumber ?? "",
                ["tracking_url"] = OrderResponse.TrackingLink(orders, order.TrackingToken),
                ["expected_by"] = When(order.ExpectedBy(targets)),
                ["placed_at"] = When(order.PlacedAt),
                ["items"] = order.Items.Select(i => (IDictionary<string, object>)new Dictionary<string, object>
                {
                    ["name"] = i.Name, ["quantity"] = i.Quantity, ["sku"] = i.Sku ?? "", ["unit_price"] = i.UnitPrice.ToString("N2", culture),
                }).ToList(),
            },
            ["delay"] = new Dictionary<string, object> { ["expected_by"] = When(delayExpectedBy) },
        };
    }
}
