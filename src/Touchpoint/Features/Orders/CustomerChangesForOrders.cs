using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Orders;

/// <summary>What Orders does for the CRM: follows merges and erasure of customers, and lists a customer's orders.</summary>
internal sealed class CustomerChangesForOrders(TouchpointDb db, TimeProvider time, StageTargetsProvider targets, IOptions<OrdersOptions> options)
    : IDomainEventHandler<CustomersMerged>, IDomainEventHandler<CustomerErased>, ICustomerRecords
{
    public async Task HandleAsync(CustomersMerged e, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var order in await db.Set<Order>().Where(o => o.CustomerId == e.DuplicateId).ToListAsync(ct))
        {
            order.MoveToCustomer(e.SurvivorId, now, e.Actor);
        }
    }

    public async Task HandleAsync(CustomerErased e, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var order in await db.Set<Order>().Where(o => o.CustomerId == e.CustomerId).ToListAsync(ct))
        {
            order.EraseCustomer(e.ErasedEmail, now, e.Actor);
        }
    }

    public string Kind => CustomerRecordKinds.Orders;

    public async Task<IReadOnlyList<CustomerRecord>> ListAsync(Guid customerId, int take, CancellationToken ct)
    {
        var stages = await targets.GetAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var orders = await db.Set<Order>().AsNoTracking().Where(o => o.CustomerId == customerId)
            .OrderByDescending(o => o.PlacedAt).Take(take).ToListAsync(ct);
        return orders.Select(o => new CustomerRecord(
            o.Number, $"{o.Total:0.00} {o.Currency}", o.Status.ToWire(), o.PlacedAt, o.TrackingNumber,
            OrderResponse.TrackingLink(options.Value, o.TrackingToken), o.IsPaid, o.IsDelayed(stages, now))).ToList();
    }

    public async Task<object> ExportAsync(Guid customerId, CancellationToken ct)
    {
        var orders = await db.Set<Order>().AsNoTracking().Where(o => o.CustomerId == customerId).OrderBy(o => o.PlacedAt).ToListAsync(ct);
        var ids = orders.Select(o => o.Id).ToList();
        var history = (await db.Set<OrderHistoryEntry>().AsNoTracking().Where(h => ids.Contains(h.OrderId)).ToListAsync(ct)).ToLookup(h => h.OrderId);
        return orders.Select(o => new
        {
            o.Number, Status = o.Status.ToWire(), o.PlacedAt, o.PaidAt, o.Total, o.Currency, o.Items,
            Customer = new { Email = o.CustomerEmail, Name = o.CustomerName, Phone = o.CustomerPhone, o.Language },
            o.ShippingAddress, o.Carrier, o.TrackingNumber,
            History = history[o.Id].OrderBy(h => h.OccurredAt).Select(h => new { h.Kind, From = h.FromStatus?.ToWire(), To = h.ToStatus?.ToWire(), h.OccurredAt, h.Note, h.Actor }),
        }).ToList();
    }
}

internal static class CustomerChangesForOrdersRegistration
{
    public static IServiceCollection AddCustomerChangesForOrders(this IServiceCollection services) =>
        services.AddScoped<CustomerChangesForOrders>()
            .AddScoped<IDomainEventHandler<CustomersMerged>>(sp => sp.GetRequiredService<CustomerChangesForOrders>())
            .AddScoped<IDomainEventHandler<CustomerErased>>(sp => sp.GetRequiredService<CustomerChangesForOrders>())
            .AddScoped<ICustomerRecords>(sp => sp.GetRequiredService<CustomerChangesForOrders>());
}
