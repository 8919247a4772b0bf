using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Touchpoint.Features.Quality;

/// <summary>
/// The bonus rule an owner set from a month (YYYY-MM) on: its SLA weight (0..1; the bands are the default ones). A month
/// reads the setting of the latest month at or before it; with none it is <see cref="BonusRule.Default"/> (QA score only).
/// </summary>
public sealed class BonusRuleSetting
{
    public string Period { get; init; } = "";
    public double SlaWeight { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

internal sealed class BonusRuleSettingConfiguration : IEntityTypeConfiguration<BonusRuleSetting>
{
    public void Configure(EntityTypeBuilder<BonusRuleSetting> b)
    {
        b.ToTable("quality_bonus_rules");
        b.HasKey(x => x.Period);
        b.Property(x => x.Period).HasMaxLength(7);
        b.Property(x => x.UpdatedBy).HasMaxLength(200);
    }
}
