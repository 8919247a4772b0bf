using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>A store's month (YYYY-MM) and its bounds in UTC: first midnight to the next one in <c>Store:TimeZone</c>.</summary>
public sealed record BonusMonth(string Period, DateTime Start, DateTime End)
{
    /// <summary>The month's first and last store-local day.</summary>
    public DateOnly FirstDay => DateOnly.ParseExact(Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public static BonusMonth? Parse(string? period, TimeZoneInfo zone)
    {
        if (!DateTime.TryParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) || month.Year < 2000)
        {
            return null;
        }
        return new BonusMonth(period!, TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(month, DateTimeKind.Unspecified), zone),
            TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(month.AddMonths(1), DateTimeKind.Unspecified), zone));
    }
}

/// <summary>
/// Approving a month's bonus: the table as it stands — by the month's rule, SLA weight included — is copied and frozen;
/// a month is approved once.
/// </summary>
public sealed class ApproveBonus(TouchpointDb db, TimeProvider time, IOptions<StoreOptions> store)
{
    public (BonusMonth? Month, Validation Validation) Validate(string? period)
    {
        var month = BonusMonth.Parse(period, TimeZoneInfo.FindSystemTimeZoneById(store.Value.TimeZone));
        return (month, new Validation().Require(month is not null, "period", Texts.Ui("Valid.Quality.Period")));
    }

    /// <summary>Null when the month was approved already (also by someone at the same moment).</summary>
    public async Task<BonusPeriod?> ExecuteAsync(BonusMonth month, string actor, CancellationToken ct)
    {
        if (await db.Set<BonusPeriod>().AnyAsync(p => p.Period == month.Period, ct))
        {
            return null;
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(store.Value.TimeZone);
        var rule = await QualityQueries.BonusRuleAsync(db, month.Period, ct);
        var stats = await QualityQueries.AgentStatsAsync(db, month.Start, month.End, null, null, ct);
        var lines = await QualityQueries.BonusLinesAsync(db, month, zone, rule, stats, ct);
        var frozen = BonusPeriod.Approve(month.Period, rule, lines, actor, time.GetUtcNow().UtcDateTime);
        db.Set<BonusPeriod>().Add(frozen);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return null;
        }
        return frozen;
    }
}
