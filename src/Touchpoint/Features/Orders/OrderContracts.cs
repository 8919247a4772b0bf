namespace Touchpoint.Features.Orders;

public sealed record CustomerInput(string? Email, string? Name, string? Phone, string? Language);

public sealed record ItemInput(string? Sku, string? Name, int Quantity, decimal UnitPrice);

public sealed record AddressInput(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Region, string? Country);

public sealed record PutOrderRequest(
    CustomerInput? Customer,
    IReadOnlyList<ItemInput>? Items,
    decimal? Total,
    string? Currency,
    DateTimeOffset? PlacedAt,
    AddressInput? ShippingAddress,
    string? Carrier,
    string? TrackingNumber);

public sealed record OrderEventRequest(
    string? EventId,
    string? Status,
    DateTimeOffset? OccurredAt,
    string? Note,
    string? Carrier,
    string? TrackingNumber);

public sealed record CustomerResponse(string Email, string Name, string? Phone, string Language);

public sealed record HistoryResponse(string Kind, string? From, string? To, DateTime OccurredAt, DateTime RecordedAt, string? EventId, string? Note, string Actor);

public sealed record NotificationResponse(
    Guid Id, string Kind, string Channel, string Recipient, string State, int Attempts, DateTime CreatedAt, DateTime? SentAt, string? LastError, string? Subject);

public sealed record OrderResponse(
    string Number,
    string Status,
    bool Paid,
    DateTime? PaidAt,
    bool Delayed,
    DateTime? ExpectedBy,
    CustomerResponse Customer,
    IReadOnlyList<OrderItem> Items,
    decimal Total,
    string Currency,
    DateTime PlacedAt,
    DateTime StatusChangedAt,
    Address ShippingAddress,
    string? Carrier,
    string? TrackingNumber,
    string TrackingUrl,
    IReadOnlyList<HistoryResponse> History,
    IReadOnlyList<NotificationResponse> Notifications)
{
    public static OrderResponse From(Order o, IEnumerable<OrderHistoryEntry> history, IReadOnlyList<NotificationResponse> notifications,
        StageTargets targets, OrdersOptions options, DateTime now) => new(
        o.Number, o.Status.ToWire(), o.IsPaid, o.PaidAt, o.IsDelayed(targets, now), o.ExpectedBy(targets),
        new CustomerResponse(o.CustomerEmail, o.CustomerName, o.CustomerPhone, o.Language),
        o.Items, o.Total, o.Currency, o.PlacedAt, o.StatusChangedAt, o.ShippingAddress, o.Carrier, o.TrackingNumber,
        TrackingLink(options, o.TrackingToken),
        history.Select(h => new HistoryResponse(h.Kind, h.FromStatus?.ToWire(), h.ToStatus?.ToWire(), h.OccurredAt, h.RecordedAt, h.EventId, h.Note, h.Actor)).ToList(),
        notifications);

    public static string TrackingLink(OrdersOptions options, string token) => $"{options.PublicBaseUrl.TrimEnd('/')}/track/{token}";
}

public sealed record OrderSummary(
    string Number, string Status, bool Paid, bool Delayed, DateTime? ExpectedBy, string CustomerName, string CustomerEmail,
    string Language, decimal Total, string Currency, DateTime PlacedAt, DateTime StatusChangedAt, string? TrackingNumber);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Items, int Page, int PageSize, bool HasMore);

public sealed record ImportRowError(int Row, string? Number, IReadOnlyList<string> Errors);

public sealed record ImportReport(int Rows, int Created, int Updated, int Unchanged, int Failed, IReadOnlyList<ImportRowError> Errors);
