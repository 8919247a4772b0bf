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

/// <summary>Approving a month's bonus: the table as it stands is copied and frozen; a month is approved once.</summary>
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
        var stats = await QualityQueries.AgentStatsAsync(db, month.Start, month.End, null, null, ct);
        var frozen = BonusPeriod.Approve(month.Period, stats.Select(s => (s, BonusRule.Default.Apply(s.Score, s.CriticalFails))), actor,
            time.GetUtcNow().UtcDateTime);
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
