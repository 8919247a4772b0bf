using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Touchpoint.Features.Orders;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("orders");
        b.HasKey(x => x.Id);
        // Keys are made in code (UUIDv7), so EF must treat a new object with a key as new, not as an update.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Number).HasMaxLength(64);
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.CustomerEmail).HasMaxLength(320);
        b.HasIndex(x => x.CustomerEmail);
        b.HasIndex(x => x.CustomerId);
        b.Property(x => x.CustomerName).HasMaxLength(200);
        b.Property(x => x.CustomerPhone).HasMaxLength(32);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.DelayNoticeFor).HasConversion<string>().HasMaxLength(16);
        // Serves the delayed filter and the delay sweep: status = X and entered before a cut-off.
        b.HasIndex(x => new { x.Status, x.StatusChangedAt });
        b.HasIndex(x => x.PlacedAt);
        b.Property(x => x.Total).HasPrecision(18, 2);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Carrier).HasMaxLength(100);
        b.Property(x => x.TrackingNumber).HasMaxLength(100);
        // Search finds an order by its tracking number.
        b.HasIndex(x => x.TrackingNumber);
        b.Property(x => x.TrackingToken).HasMaxLength(32);
        b.HasIndex(x => x.TrackingToken).IsUnique();
        b.Property(x => x.Version).IsConcurrencyToken();

        // Items and the address are read and written whole with the order, never queried: one JSON text each.
        b.Property(x => x.Items)
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<OrderItem>>(v, Json) ?? new List<OrderItem>(),
                new ValueComparer<List<OrderItem>>(
                    (a, c) => a == c || (a != null && c != null && a.SequenceEqual(c)),
                    v => v.Aggregate(0, (h, i) => HashCode.Combine(h, i)),
                    v => v.ToList()));
        b.Property(x => x.ShippingAddress)
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<Address>(v, Json) ?? new Address(),
                new ValueComparer<Address>(
                    (a, c) => Equals(a, c),
                    v => v.GetHashCode(),
                    v => v));

        b.HasMany(x => x.History).WithOne().HasForeignKey(h => h.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.History).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_history");
        b.Ignore(x => x.IsPaid);
        b.Ignore(x => x.MuteNotifications);
    }
}

internal sealed class OrderHistoryEntryConfiguration : IEntityTypeConfiguration<OrderHistoryEntry>
{
    public void Configure(EntityTypeBuilder<OrderHistoryEntry> b)
    {
        b.ToTable("order_history");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.EventId).HasMaxLength(128);
        b.HasIndex(x => new { x.OrderId, x.EventId }).IsUnique();
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.Property(x => x.Actor).HasMaxLength(200);
    }
}
