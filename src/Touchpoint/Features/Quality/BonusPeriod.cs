using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>
/// An approved bonus month: the table as it stood when an owner approved it, kept so that later reviews and decided
/// disputes no longer change what was paid — with the SLA weight it was approved with. One per period.
/// </summary>
public sealed class BonusPeriod
{
    private readonly List<BonusPeriodRow> _rows = [];

    public Guid Id { get; private init; }
    public string Period { get; private init; } = "";
    public string ApprovedBy { get; private init; } = "";
    public DateTime ApprovedAt { get; private init; }
    public double SlaWeight { get; private init; }
    public IReadOnlyList<BonusPeriodRow> Rows => _rows;

    public static BonusPeriod Approve(string period, BonusRule rule, IEnumerable<QualityQueries.BonusLine> rows, string actor, DateTime now)
    {
        var frozen = new BonusPeriod { Id = Ids.NewId(), Period = period, ApprovedBy = actor, ApprovedAt = now, SlaWeight = rule.SlaWeight };
        var position = 0;
        foreach (var line in rows)
        {
            frozen._rows.Add(new BonusPeriodRow
            {
                Id = Ids.NewId(), PeriodId = frozen.Id, Position = position++, RevieweeId = line.Stats.RevieweeId, Agent = line.Stats.Agent,
                Score = line.Outcome.Score, QaScore = line.Stats.Score, SlaCompliance = line.SlaCompliance, CriticalFails = line.Stats.CriticalFails,
                BonusPercent = line.Outcome.Percent,
            });
        }
        return frozen;
    }
}

/// <summary>
/// One employee's frozen row: the score used (QA blended with SLA by the period's weight), the QA score, the SLA
/// compliance % (null: no SLA-measured conversations), critical fails and bonus as approved (the reason is worded when read).
/// </summary>
public sealed class BonusPeriodRow
{
    public Guid Id { get; init; }
    public Guid PeriodId { get; init; }
    public int Position { get; init; }
    public string RevieweeId { get; init; } = "";
    public string Agent { get; init; } = "";
    public double Score { get; init; }
    public double QaScore { get; init; }
    public double? SlaCompliance { get; init; }
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
