using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Touchpoint.Features.Customers;

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
        b.Property(x => x.ProfileNote).HasMaxLength(CustomerRules.MaxNoteChars);
        b.Property(x => x.StyleNotes).HasMaxLength(CustomerRules.MaxNoteChars);
        b.Property(x => x.AccountManagerId).HasMaxLength(64);
        // Rows from before the CRM get "Unknown", not an empty string that no enum value reads.
        b.Property(x => x.Openness).HasConversion<string>().HasMaxLength(16).HasDefaultValue(Openness.Unknown);
        b.Property(x => x.Confidence).HasConversion<string>().HasMaxLength(16).HasDefaultValue(Confidence.Unknown);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsErased);
        b.HasIndex(x => x.Email).IsUnique();
        b.HasIndex(x => x.Phone);
        b.HasIndex(x => x.Name);
        b.HasIndex(x => x.AccountManagerId);
        b.HasMany(x => x.Emails).WithOne().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Phones).WithOne().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Notes).WithOne().HasForeignKey(n => n.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.History).WithOne().HasForeignKey(h => h.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Emails).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(x => x.Phones).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(x => x.Tags).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(x => x.Notes).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(x => x.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CustomerEmailConfiguration : IEntityTypeConfiguration<CustomerEmail>
{
    public void Configure(EntityTypeBuilder<CustomerEmail> b)
    {
        b.ToTable("customer_emails");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Email).HasMaxLength(320);
        // One address, one customer: the primary addresses in customers.email are checked against these in code.
        b.HasIndex(x => x.Email).IsUnique();
        b.HasIndex(x => x.CustomerId);
    }
}

internal sealed class CustomerPhoneConfiguration : IEntityTypeConfiguration<CustomerPhone>
{
    public void Configure(EntityTypeBuilder<CustomerPhone> b)
    {
        b.ToTable("customer_phones");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Number).HasMaxLength(32);
        b.HasIndex(x => new { x.CustomerId, x.Number }).IsUnique();
        b.HasIndex(x => x.Number);
    }
}

internal sealed class CustomerTagConfiguration : IEntityTypeConfiguration<CustomerTag>
{
    public void Configure(EntityTypeBuilder<CustomerTag> b)
    {
        b.ToTable("customer_tags");
        b.HasKey(x => new { x.CustomerId, x.Tag });
        b.Property(x => x.Tag).HasMaxLength(50);
        b.HasIndex(x => x.Tag);
    }
}

internal sealed class CustomerNoteConfiguration : IEntityTypeConfiguration<CustomerNote>
{
    public void Configure(EntityTypeBuilder<CustomerNote> b)
    {
        b.ToTable("customer_notes");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Text).HasMaxLength(CustomerRules.MaxNoteChars);
        b.Property(x => x.Author).HasMaxLength(320);
        b.HasIndex(x => new { x.CustomerId, x.CreatedAt });
    }
}

internal sealed class CustomerHistoryConfiguration : IEntityTypeConfiguration<CustomerHistoryEntry>
{
    public void Configure(EntityTypeBuilder<CustomerHistoryEntry> b)
    {
        b.ToTable("customer_history");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.From).HasMaxLength(1000);
        b.Property(x => x.To).HasMaxLength(1000);
        b.Property(x => x.Actor).HasMaxLength(320);
        b.HasIndex(x => new { x.CustomerId, x.At });
    }
}
