using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record SaveBonusRuleRequest(double? SlaWeight);

public sealed record BonusRuleResponse(string Period, double SlaWeight, string? From);

/// <summary>
/// Setting a month's bonus rule: the SLA weight (0..1) from that month on, until a later month sets its own. An approved
/// month keeps the weight it was approved with, so setting one is refused (null) while the month is frozen.
/// </summary>
public sealed class SaveBonusRule(TouchpointDb db, TimeProvider time, IOptions<StoreOptions> store)
{
    public (BonusMonth? Month, Validation Validation) Validate(string? period, SaveBonusRuleRequest? request)
    {
        var month = BonusMonth.Parse(period, TimeZoneInfo.FindSystemTimeZoneById(store.Value.TimeZone));
        var v = new Validation().Require(month is not null, "period", Texts.Ui("Valid.Quality.Period"));
        if (request?.SlaWeight is null)
        {
            v.Add("slaWeight", Texts.Ui("Valid.Required"));
        }
        else if (!BonusRule.ValidWeight(request.SlaWeight))
        {
            v.Add("slaWeight", Texts.Ui("Valid.Between", 0, 1));
        }
        return (month, v);
    }

    /// <summary>Null when the month was approved already (its rule is frozen with it).</summary>
    public async Task<BonusRuleResponse?> ExecuteAsync(BonusMonth month, SaveBonusRuleRequest request, string actor, CancellationToken ct)
    {
        if (await db.Set<BonusPeriod>().AnyAsync(p => p.Period == month.Period, ct))
        {
            return null;
        }
        var weight = Math.Round(request.SlaWeight!.Value, 4);
        var now = time.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.Set<BonusRuleSetting>().FirstOrDefaultAsync(r => r.Period == month.Period, ct);
            if (row is null)
            {
                row = new BonusRuleSetting { Period = month.Period };
                db.Set<BonusRuleSetting>().Add(row);
            }
            row.SlaWeight = weight;
            row.UpdatedBy = actor;
            row.UpdatedAt = now;
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.IsUniqueViolation())
            {
                // Someone set the same month at the same moment: ours is written over theirs.
                db.ChangeTracker.Clear();
            }
        }
        return new BonusRuleResponse(month.Period, weight, month.Period);
    }
}
