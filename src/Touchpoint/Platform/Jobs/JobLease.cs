using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Platform.Jobs;

/// <summary>A named lease in the database: a periodic job runs only in the instance that holds it.</summary>
public sealed class JobLease
{
    public required string Name { get; init; }
    public string? Holder { get; set; }
    public DateTime LeasedUntil { get; set; }
    public DateTime? LastRunAt { get; set; }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.ToTable("job_leases");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Holder).HasMaxLength(128);
    }
}

public static class JobLeases
{
    /// <summary>This process's identity when holding leases.</summary>
    public static readonly string InstanceId = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>
    /// Takes or renews the lease when it is free, expired, or already ours. A single conditional UPDATE,
    /// so two instances racing on one database cannot both win.
    /// </summary>
    public static async Task<bool> TryAcquireAsync(TouchpointDb db, string name, string holder, DateTime now, TimeSpan duration, CancellationToken ct)
    {
        var until = now + duration;
        var taken = await db.WriteAsync(() => db.Set<JobLease>()
            .Where(l => l.Name == name && (l.Holder == holder || l.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.LeasedUntil, until).SetProperty(l => l.LastRunAt, now), ct), ct);
        if (taken == 1)
        {
            return true;
        }
        if (await db.Set<JobLease>().AnyAsync(l => l.Name == name, ct))
        {
            return false;
        }
        db.Set<JobLease>().Add(new JobLease { Name = name, Holder = holder, LeasedUntil = until, LastRunAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return false;
        }
    }
}
