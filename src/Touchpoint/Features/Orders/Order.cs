using System.Security.Cryptography;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;

using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Orders;

public enum OrderStatus
{
    Placed,
    Accepted,
    Packed,
    Shipped,
    Delivered,
    Cancelled,
    Returned,
}

public static class OrderStatuses
{
    /// <summary>The fulfilment path, in order. Cancelled and Returned are ends, not stages.</summary>
    public static readonly IReadOnlyList<OrderStatus> Stages =
        [OrderStatus.Placed, OrderStatus.Accepted, OrderStatus.Packed, OrderStatus.Shipped, OrderStatus.Delivered];

    /// <summary>Stages that have a target duration: the order is expected to leave them.</summary>
    public static readonly IReadOnlyList<OrderStatus> TimedStages =
        [OrderStatus.Placed, OrderStatus.Accepted, OrderStatus.Packed, OrderStatus.Shipped];

    public static string ToWire(this OrderStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out OrderStatus status)
    {
        status = default;
        return value is not null && value.Length > 0 && char.IsLower(value[0]) && !value.Any(char.IsDigit)
            && Enum.TryParse(value, ignoreCase: true, out status) && Enum.IsDefined(status);
    }

    public static int Rank(this OrderStatus status) => status switch
    {
        OrderStatus.Placed => 0,
        OrderStatus.Accepted => 1,
        OrderStatus.Packed => 2,
        OrderStatus.Shipped => 3,
        OrderStatus.Delivered => 4,
        _ => -1,
    };

    public static bool IsFinal(this OrderStatus status) => status is OrderStatus.Cancelled or OrderStatus.Returned;
}

public sealed record OrderPlaced(Order Order) : IDomainEvent;

public sealed record OrderStatusChanged(Order Order, OrderStatus From, OrderStatus To, DateTime OccurredAt) : IDomainEvent;

public sealed record OrderPaid(Order Order, DateTime OccurredAt) : IDomainEvent;

public sealed record OrderDelayed(Order Order, OrderStatus Stage, DateTime ExpectedBy) : IDomainEvent;

/// <summary>A line of an order. A record: compared by value, so change tracking needs no serialisation.</summary>
public sealed record OrderItem
{
    public string? Sku { get; init; }
    public required string Name { get; init; }
    public int Quantity { get; init; }
    public decimal UnitPrice { get; init; }
}

public sealed record Address
{
    public string? Name { get; init; }
    public string? Line1 { get; set; }
    public string? Line2 { get; set; }
    public string? City { get; set; }
    public string? PostalCode { get; set; }
    public string? Region { get; set; }
    public string? Country { get; set; }
}

/// <summary>One line of an order's history: a status move, a payment, a delay notice, an edit.</summary>
public sealed class OrderHistoryEntry
{
    public Guid Id { get; init; } = Ids.NewId();
    public Guid OrderId { get; init; }

    /// <summary>The sender's idempotency key; the same key twice is ignored.</summary>
    public string? EventId { get; init; }

    public required string Kind { get; init; }
    public OrderStatus? FromStatus { get; init; }
    public OrderStatus? ToStatus { get; init; }
    public DateTime OccurredAt { get; init; }
    public DateTime RecordedAt { get; init; }
    public string? Note { get; init; }

    /// <summary>Who did it: <c>api:key-name</c>, <c>user:email</c>, <c>system</c>.</summary>
    public required string Actor { get; init; }
}

public static class HistoryKinds
{
    public const string Status = "status";
    public const string Paid = "paid";
    public const string Delayed = "delayed";
    public const string Updated = "updated";
}

/// <summary>
/// An order and its fulfilment state machine. Forward moves may skip stages, backward moves are refused,
/// payment happens once at any point before the order ends, and nothing follows cancelled or returned.
/// </summary>
public sealed class Order : EventSource
{
    private readonly List<OrderHistoryEntry> _history = [];

    private Order()
    {
    }

    public Guid Id { get; private init; } = Ids.NewId();
    public string Number { get; private init; } = "";
    public Guid CustomerId { get; private set; }
    public string CustomerEmail { get; private set; } = "";
    public string CustomerName { get; private set; } = "";
    public string? CustomerPhone { get; private set; }
    public string Language { get; private set; } = "en";

    public OrderStatus Status { get; private set; }

    /// <summary>When the order entered its current status; the stage timer counts from here.</summary>
    public DateTime StatusChangedAt { get; private set; }

    public DateTime PlacedAt { get; private set; }
    public DateTime? PaidAt { get; private set; }

    /// <summary>The stage whose delay notice was sent; one notice per stage.</summary>
    public OrderStatus? DelayNoticeFor { get; private set; }

    public decimal Total { get; private set; }
    public string Currency { get; private set; } = "EUR";
    public List<OrderItem> Items { get; private set; } = [];
    public Address ShippingAddress { get; private set; } = new();
    public string? Carrier { get; private set; }
    public string? TrackingNumber { get; private set; }

    /// <summary>The secret in the public tracking link; unguessable, never derived from the number.</summary>
    public string TrackingToken { get; private init; } = "";

    public DateTime CreatedAt { get; private init; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: two writers of one order never both win.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<OrderHistoryEntry> History => _history;

    public bool IsPaid => PaidAt is not null;

    /// <summary>Not stored: set by a bulk import of past orders so customers are not mailed about old news.</summary>
    public bool MuteNotifications { get; set; }

    public static Order Place(string number, OrderDetails details, Guid customerId, DateTime placedAt, DateTime now, string actor)
    {
        var order = new Order
        {
            Number = number,
            Status = OrderStatus.Placed,
            PlacedAt = placedAt,
            StatusChangedAt = placedAt,
            TrackingToken = NewToken(),
            CreatedAt = now,
        };
        order.Apply(details, customerId, now);
        order._history.Add(new OrderHistoryEntry
        {
            OrderId = order.Id, Kind = HistoryKinds.Status, ToStatus = OrderStatus.Placed,
            OccurredAt = placedAt, RecordedAt = now, Actor = actor,
        });
        order.Raise(new OrderPlaced(order));
        return order;
    }

    /// <summary>Replaces the order's data as sent by the store. Status is changed only by events.
    /// The same data sent again changes nothing (no history line, no new version).</summary>
    public void Update(OrderDetails details, Guid customerId, DateTime now, string actor)
    {
        if (Matches(details, customerId))
        {
            return;
        }
        Apply(details, customerId, now);
        Version++;
        _history.Add(new OrderHistoryEntry { OrderId = Id, Kind = HistoryKinds.Updated, OccurredAt = now, RecordedAt = now, Actor = actor });
    }

    private bool Matches(OrderDetails d, Guid customerId) =>
        CustomerId == customerId && CustomerEmail == d.CustomerEmail && CustomerName == d.CustomerName && CustomerPhone == d.CustomerPhone
        && Language == d.Language && Items.SequenceEqual(d.Items) && Total == d.Total && Currency == d.Currency
        && Equals(ShippingAddress, d.ShippingAddress) && (d.Carrier ?? Carrier) == Carrier && (d.TrackingNumber ?? TrackingNumber) == TrackingNumber;

    private void Apply(OrderDetails d, Guid customerId, DateTime now)
    {
        CustomerId = customerId;
        CustomerEmail = d.CustomerEmail;
        CustomerName = d.CustomerName;
        CustomerPhone = d.CustomerPhone;
        Language = d.Language;
        Items = d.Items.ToList();
        Total = d.Total;
        Currency = d.Currency;
        ShippingAddress = d.ShippingAddress;
        Carrier = d.Carrier ?? Carrier;
        TrackingNumber = d.TrackingNumber ?? TrackingNumber;
        UpdatedAt = now;
    }

    /// <summary>The customer was merged into another one; the order follows (the order keeps the address it was placed with).</summary>
    public void MoveToCustomer(Guid customerId, DateTime now, string actor)
    {
        if (customerId == CustomerId)
        {
            return;
        }
        CustomerId = customerId;
        UpdatedAt = now;
        Version++;
        _history.Add(new OrderHistoryEntry { OrderId = Id, Kind = HistoryKinds.Updated, OccurredAt = now, RecordedAt = now, Actor = actor, Note = "customer merged" });
    }

    /// <summary>GDPR erasure of the customer: who and where go; what, how much, when and the status stay for statistics.</summary>
    public void EraseCustomer(string erasedEmail, DateTime now, string actor)
    {
        CustomerEmail = erasedEmail;
        CustomerName = "";
        CustomerPhone = null;
        ShippingAddress = new Address { Country = ShippingAddress.Country };
        UpdatedAt = now;
        Version++;
        _history.Add(new OrderHistoryEntry { OrderId = Id, Kind = HistoryKinds.Updated, OccurredAt = now, RecordedAt = now, Actor = actor, Note = "customer data erased" });
    }

    /// <summary>Why <paramref name="target"/> is not allowed now, or null when it is.</summary>
    public string? WhyNot(OrderStatus target)
    {
        if (Status.IsFinal())
        {
            return Texts.Ui("Problem.Orders.Final", Number, Status.ToWire());
        }
        return target switch
        {
            OrderStatus.Cancelled when Status.Rank() >= OrderStatus.Shipped.Rank() =>
                Texts.Ui("Problem.Orders.CancelShipped", Number, Status.ToWire()),
            OrderStatus.Cancelled => null,
            OrderStatus.Returned when Status != OrderStatus.Delivered =>
                Texts.Ui("Problem.Orders.ReturnUndelivered", Number, Status.ToWire()),
            OrderStatus.Returned => null,
            _ when target == Status => Texts.Ui("Problem.Orders.Already", Number, Status.ToWire()),
            _ when target.Rank() < Status.Rank() =>
                Texts.Ui("Problem.Orders.Back", Number, Status.ToWire(), target.ToWire()),
            _ => null,
        };
    }

    public void MoveTo(OrderStatus target, DateTime occurredAt, DateTime now, string actor, string? eventId, string? note,
        string? carrier = null, string? trackingNumber = null)
    {
        if (WhyNot(target) is { } reason)
        {
            throw new DomainRuleException(reason);
        }
        var from = Status;
        Status = target;
        StatusChangedAt = occurredAt;
        UpdatedAt = now;
        Carrier = string.IsNullOrWhiteSpace(carrier) ? Carrier : carrier;
        TrackingNumber = string.IsNullOrWhiteSpace(trackingNumber) ? TrackingNumber : trackingNumber;
        Version++;
        _history.Add(new OrderHistoryEntry
        {
            OrderId = Id, EventId = eventId, Kind = HistoryKinds.Status, FromStatus = from, ToStatus = target,
            OccurredAt = occurredAt, RecordedAt = now, Note = note, Actor = actor,
        });
        Raise(new OrderStatusChanged(this, from, target, occurredAt));
    }

    public string? WhyNotPay() =>
        Status.IsFinal() ? Texts.Ui("Problem.Orders.PayFinal", Number, Status.ToWire())
        : IsPaid ? Texts.Ui("Problem.Orders.Paid", Number, PaidAt)
        : null;

    public void MarkPaid(DateTime occurredAt, DateTime now, string actor, string? eventId, string? note)
    {
        if (WhyNotPay() is { } reason)
        {
            throw new DomainRuleException(reason);
        }
        PaidAt = occurredAt;
        UpdatedAt = now;
        Version++;
        _history.Add(new OrderHistoryEntry
        {
            OrderId = Id, EventId = eventId, Kind = HistoryKinds.Paid, OccurredAt = occurredAt, RecordedAt = now, Note = note, Actor = actor,
        });
        Raise(new OrderPaid(this, occurredAt));
    }

    /// <summary>The moment the current stage is expected to end, or null when the order is not in a timed stage.</summary>
    public DateTime? ExpectedBy(StageTargets targets) =>
        targets.For(Status) is { } target ? StatusChangedAt + target : null;

    public bool IsDelayed(StageTargets targets, DateTime now) => ExpectedBy(targets) is { } due && due <= now;

    /// <summary>Records the one delay notice for the current stage. False when it was already sent.</summary>
    public bool MarkDelayed(StageTargets targets, DateTime now)
    {
        if (DelayNoticeFor == Status || ExpectedBy(targets) is not { } due || due > now)
        {
            return false;
        }
        DelayNoticeFor = Status;
        Version++;
        _history.Add(new OrderHistoryEntry
        {
            OrderId = Id, Kind = HistoryKinds.Delayed, ToStatus = Status, OccurredAt = now, RecordedAt = now, Actor = "system",
            Note = $"expected by {due:u}",
        });
        Raise(new OrderDelayed(this, Status, due));
        return true;
    }

    private static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(18));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The order data the store sends (everything but the status).</summary>
public sealed record OrderDetails(
    string CustomerEmail,
    string CustomerName,
    string? CustomerPhone,
    string Language,
    IReadOnlyList<OrderItem> Items,
    decimal Total,
    string Currency,
    Address ShippingAddress,
    string? Carrier,
    string? TrackingNumber);
