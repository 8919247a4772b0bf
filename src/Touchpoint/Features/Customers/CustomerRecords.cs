namespace Touchpoint.Features.Customers;

/// <summary>One thing a customer has elsewhere: an order, a conversation.</summary>
public sealed record CustomerRecord(
    string Reference, string Title, string Status, DateTime At, string? Detail = null, string? PublicUrl = null, bool Paid = false, bool Delayed = false);

/// <summary>
/// Features above Customers (Orders, Conversations) tell what they hold for a customer. Customers cannot
/// reference them (dependency rule 2), so the profile, the side panel and the GDPR export ask every source.
/// </summary>
public interface ICustomerRecords
{
    /// <summary>The name of the list in the profile and the export: <c>orders</c>, <c>conversations</c>.</summary>
    string Kind { get; }

    /// <summary>The newest first.</summary>
    Task<IReadOnlyList<CustomerRecord>> ListAsync(Guid customerId, int take, CancellationToken ct);

    /// <summary>Everything about the customer, for the GDPR export (serialized as JSON).</summary>
    Task<object> ExportAsync(Guid customerId, CancellationToken ct);
}

public static class CustomerRecordKinds
{
    public const string Orders = "orders";
    public const string Conversations = "conversations";
}
