using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>
/// An approved bonus month: the table as it stood when an owner approved it, kept so that later reviews and decided
/// disputes no longer change what was paid. One per period.
/// </summary>
public sealed class BonusPeriod
{
    private readonly List<BonusPeriodRow> _rows = [];

    public Guid Id { get; private init; }
    public string Period { get; private init; } = "";
    public string ApprovedBy { get; private init; } = "";
    public DateTime ApprovedAt { get; private init; }
    public IReadOnlyList<BonusPeriodRow> Rows => _rows;

    public static BonusPeriod Approve(string period, IEnumerable<(QualityQueries.AgentStats Stats, BonusRule.Outcome Outcome)> rows, string actor, DateTime now)
    {
        var frozen = new BonusPeriod { Id = Ids.NewId(), Period = period, ApprovedBy = actor, ApprovedAt = now };
        var position = 0;
        foreach (var (stats, outcome) in rows)
        {
            frozen._rows.Add(new BonusPeriodRow
            {
                Id = Ids.NewId(), PeriodId = frozen.Id, Position = position++, RevieweeId = stats.RevieweeId, Agent = stats.Agent, Score = stats.Score,
                CriticalFails = stats.CriticalFails, BonusPercent = outcome.Percent,
            });
        }
        return frozen;
    }
}

/// <summary>One employee's frozen row: their score, critical fails and bonus as approved (the reason is worded when read).</summary>
public sealed class BonusPeriodRow
{
    public Guid Id { get; init; }
    public Guid PeriodId { get; init; }
    public int Position { get; init; }
    public string RevieweeId { get; init; } = "";
    public string Agent { get; init; } = "";
    public double Score { get; init; }
    public int CriticalFails { get; init; }
    public int BonusPercent { get; init; }
}

internal sealed class BonusPeriodConfiguration : IEntityTypeConfiguration<BonusPeriod>
{
    public void Configure(EntityTypeBuilder<BonusPeriod> b)
    {
        b.ToTable("quality_bonus_periods");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Period).HasMaxLength(7);
        b.HasIndex(x => x.Period).IsUnique();
        b.Property(x => x.ApprovedBy).HasMaxLength(200);
        b.HasMany(x => x.Rows).WithOne().HasForeignKey(r => r.PeriodId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Rows).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_rows");
    }
}

internal sealed class BonusPeriodRowConfiguration : IEntityTypeConfiguration<BonusPeriodRow>
{
    public void Configure(EntityTypeBuilder<BonusPeriodRow> b)
    {
        b.ToTable("quality_bonus_rows");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.RevieweeId).HasMaxLength(450);
        b.Property(x => x.Agent).HasMaxLength(320);
        b.HasIndex(x => new { x.PeriodId, x.Position }).IsUnique();
    }
}
