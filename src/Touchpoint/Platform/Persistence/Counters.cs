using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Touchpoint.Platform.Persistence;

/// <summary>A named number sequence (conversation numbers) that works the same on SQLite and PostgreSQL.</summary>
public sealed class Counter
{
    public required string Name { get; init; }
    public long Value { get; set; }
}

internal sealed class CounterConfiguration : IEntityTypeConfiguration<Counter>
{
    public void Configure(EntityTypeBuilder<Counter> b)
    {
        b.ToTable("counters");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(64);
    }
}

public static class Counters
{
    /// <summary>
    /// The next number of the sequence, from <paramref name="first"/> on. One atomic upsert statement, so two
    /// requests or two instances never get the same number. Taken in its own statement (not held until the
    /// caller commits): a failed save leaves a gap, as in every ticket system, but never blocks other writers.
    /// </summary>
    public static async Task<long> NextAsync(TouchpointDb db, string name, long first, CancellationToken ct)
    {
        var values = await db.WriteAsync(() => db.Database.SqlQueryRaw<long>(
            "INSERT INTO counters (\"Name\", \"Value\") VALUES ({0}, {1}) ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = counters.\"Value\" + 1 RETURNING \"Value\"",
            name, first).ToListAsync(ct), ct);
        return values[0];
    }

    /// <summary>
    /// Takes a block of <paramref name="count"/> numbers at once (bulk imports, seeding) in one atomic statement;
    /// returns the first. Later <see cref="NextAsync"/> calls continue after the block.
    /// </summary>
    public static async Task<long> ReserveAsync(TouchpointDb db, string name, long first, long count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var values = await db.WriteAsync(() => db.Database.SqlQueryRaw<long>(
            "INSERT INTO counters (\"Name\", \"Value\") VALUES ({0}, {1}) ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = counters.\"Value\" + {2} RETURNING \"Value\"",
            name, first + count - 1, count).ToListAsync(ct), ct);
        return values[0] - count + 1;
    }
}
