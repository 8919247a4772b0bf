using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Customers;

/// <summary>A person who buys from the store. Never logs in; known by email.</summary>
public sealed class Customer
{
    public Guid Id { get; init; } = Ids.NewId();

    /// <summary>Lower-cased, trimmed: the identity of the customer.</summary>
    public required string Email { get; set; }
    public string Name { get; set; } = "";
    public string? Phone { get; set; }
    public string Language { get; set; } = "en";
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("customers");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Email).HasMaxLength(320);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(32);
        b.Property(x => x.Language).HasMaxLength(8);
        b.HasIndex(x => x.Email).IsUnique();
    }
}

/// <summary>The one way other features create or refresh a customer; Customers owns the table.</summary>
public sealed class CustomerDirectory(TouchpointDb db, TimeProvider time)
{
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Finds the customer by email or adds one to the caller's unit of work (saved with it).</summary>
    public async Task<Customer> EnsureAsync(string email, string? name, string? phone, string language, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        var customer = db.Set<Customer>().Local.FirstOrDefault(c => c.Email == normalized)
            ?? await db.Set<Customer>().FirstOrDefaultAsync(c => c.Email == normalized, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (customer is null)
        {
            customer = new Customer { Email = normalized, Name = name ?? "", Phone = phone, Language = language, CreatedAt = now, UpdatedAt = now };
            db.Set<Customer>().Add(customer);
            return customer;
        }
        if (!string.IsNullOrWhiteSpace(name) && name != customer.Name) { customer.Name = name; customer.UpdatedAt = now; }
        if (!string.IsNullOrWhiteSpace(phone) && phone != customer.Phone) { customer.Phone = phone; customer.UpdatedAt = now; }
        if (language != customer.Language) { customer.Language = language; customer.UpdatedAt = now; }
        return customer;
    }
}

public static class CustomersModule
{
    public static IServiceCollection AddCustomers(this IServiceCollection services) =>
        services.AddScoped<CustomerDirectory>();
}
