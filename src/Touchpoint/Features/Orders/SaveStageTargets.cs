using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Orders;

/// <summary>The service owner's edit of the stage targets. Delays are computed from the targets at read time, so a change applies at once.</summary>
public sealed class SaveStageTargets(TouchpointDb db, StageTargetsProvider provider, TimeProvider time)
{
    public static readonly TimeSpan Min = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Max = TimeSpan.FromDays(60);

    public static Validation Validate(IReadOnlyDictionary<OrderStatus, TimeSpan> targets)
    {
        var v = new Validation();
        foreach (var (stage, target) in targets)
        {
            v.Require(OrderStatuses.TimedStages.Contains(stage), stage.ToWire(), Texts.Ui("Valid.Orders.TimedStage"));
            v.Require(target >= Min && target <= Max, stage.ToWire(), Texts.Ui("Ui.Stages.Invalid"));
        }
        return v;
    }

    public async Task ExecuteAsync(IReadOnlyDictionary<OrderStatus, TimeSpan> targets, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stored = await db.Set<StageTargetSetting>().ToDictionaryAsync(s => s.Stage, ct);
        foreach (var (stage, target) in targets)
        {
            if (stored.TryGetValue(stage, out var setting))
            {
                setting.Target = target;
                setting.UpdatedAt = now;
                setting.UpdatedBy = actor;
            }
            else
            {
                db.Add(new StageTargetSetting { Stage = stage, Target = target, UpdatedAt = now, UpdatedBy = actor });
            }
        }
        await db.SaveChangesAsync(ct);
        provider.Invalidate();
    }
}
