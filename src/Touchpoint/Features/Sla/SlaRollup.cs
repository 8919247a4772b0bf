using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Sla;

/// <summary>
/// One finished day (store time) of SLA results for one grouping value: how many cycles were decided achieved or
/// breached that day, and a histogram of the actual times of the cycles that completed that day. Both are final once
/// the day is over, so a day is folded once and the report adds a year of them instead of reading millions of outcomes.
/// </summary>
public sealed class SlaDaily
{
    public DateOnly Day { get; init; }
    public required string Target { get; init; }

    /// <summary><c>policy</c>, <c>channel</c> or <c>agent</c> (teams are agents grouped at read time).</summary>
    public required string Dimension { get; init; }

    /// <summary>The policy name, channel, or assignee id ("" for unassigned).</summary>
    public required string Value { get; init; }
    public long GoalSeconds { get; init; }
    public int Achieved { get; set; }
    public int Breached { get; set; }
    public int Completed { get; set; }

    /// <summary><see cref="SlaHistogram"/> text: <c>bucket:count;…</c>.</summary>
    public required string Histogram { get; set; }
}

/// <summary>A named mark of the SLA feature: <c>daily</c> holds the last store-time day folded into <see cref="SlaDaily"/> (later days
/// are read from the outcomes themselves); <c>defaults</c> says the shipped calendar and policies were written once.</summary>
public sealed class SlaMark
{
    public required string Name { get; init; }
    public DateOnly ThroughDay { get; set; }
}

internal sealed class SlaDailyConfiguration : IEntityTypeConfiguration<SlaDaily>
{
    public void Configure(EntityTypeBuilder<SlaDaily> b)
    {
        b.ToTable("sla_daily");
        b.HasKey(x => new { x.Dimension, x.Day, x.Target, x.Value, x.GoalSeconds });
        b.Property(x => x.Target).HasMaxLength(32);
        b.Property(x => x.Dimension).HasMaxLength(16);
        b.Property(x => x.Value).HasMaxLength(100);
    }
}

internal sealed class SlaMarkConfiguration : IEntityTypeConfiguration<SlaMark>
{
    public void Configure(EntityTypeBuilder<SlaMark> b)
    {
        b.ToTable("sla_marks");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(32);
    }
}

/// <summary>
/// Log-scaled buckets: exact below a minute, then 5 % wide, so a median or p90 read from them is within 2.5 % of the
/// true value over any range, from seconds (chat) to weeks (resolution).
/// </summary>
public static class SlaHistogram
{
    private const double Step = 1.05;

    public static int Bucket(long seconds) => seconds < 60 ? (int)Math.Max(0, seconds) : 60 + (int)Math.Floor(Math.Log(seconds / 60.0) / Math.Log(Step));

    public static long Value(int bucket) => bucket < 60 ? bucket : (long)Math.Round(60 * Math.Pow(Step, bucket - 60) * (1 + Step) / 2);

    public static string Write(IReadOnlyDictionary<int, int> counts)
    {
        var sb = new StringBuilder();
        foreach (var (b, n) in counts.OrderBy(kv => kv.Key))
        {
            sb.Append(b.ToString(CultureInfo.InvariantCulture)).Append(':').Append(n.ToString(CultureInfo.InvariantCulture)).Append(';');
        }
        return sb.ToString();
    }

    public static void AddTo(Dictionary<int, int> into, string text)
    {
        foreach (var part in text.AsSpan().Split(';'))
        {
            var pair = text.AsSpan()[part];
            var colon = pair.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var b = int.Parse(pair[..colon], CultureInfo.InvariantCulture);
            into[b] = into.GetValueOrDefault(b) + int.Parse(pair[(colon + 1)..], CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Nearest-rank quantile (the smallest value with at least q of the sample at or below it).</summary>
    public static long? Quantile(IReadOnlyDictionary<int, int> counts, double q)
    {
        var total = counts.Values.Sum(n => (long)n);
        if (total == 0)
        {
            return null;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        foreach (var (b, n) in counts.OrderBy(kv => kv.Key))
        {
            seen += n;
            if (seen >= rank)
            {
                return Value(b);
            }
        }
        return null;
    }

    public static long? Quantile(List<long> sorted, double q) =>
        sorted.Count == 0 ? null : sorted[(int)Math.Max(0, Math.Ceiling(q * sorted.Count) - 1)];
}

/// <summary>Folds finished days of outcomes into <see cref="SlaDaily"/>, once, under a job lease; a day is rewritten whole, so a rerun is harmless.</summary>
public sealed partial class SlaRollup(TouchpointDb db, IOptions<StoreOptions> store, TimeProvider time, ILogger<SlaRollup> logger)
{
    public const string JobName = "sla.rollup";
    public const string Mark = "daily";
    public static readonly IReadOnlyList<string> Dimensions = ["policy", "channel", "agent"];

    /// <summary>The newest day that can be folded: a day is finished an hour after it ends (a reply saved at 23:59:59 is in by then).</summary>
    public static DateOnly LastFinishedDay(DateTime utcNow, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow.AddHours(-1), zone)).AddDays(-1);

    /// <summary>Folds every finished day not folded yet (at most <paramref name="maxDays"/>); returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken ct, int maxDays = 400)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!await JobLeases.TryAcquireAsync(db, JobName, JobLeases.InstanceId, now, TimeSpan.FromMinutes(30), ct))
        {
            return 0;
        }
        var zone = store.Value.Zone;
        var yesterday = LastFinishedDay(now, zone);
        var mark = await db.Set<SlaMark>().AsNoTracking().FirstOrDefaultAsync(m => m.Name == Mark, ct);
        DateOnly next;
        if (mark is not null)
        {
            next = mark.ThroughDay.AddDays(1);
        }
        else
        {
            var first = await db.Set<SlaOutcome>().AsNoTracking().OrderBy(o => o.DecidedAt).Select(o => (DateTime?)o.DecidedAt).FirstOrDefaultAsync(ct);
            if (first is null)
            {
                return 0;
            }
            next = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(first.Value, zone));
        }
        var folded = 0;
        for (; next <= yesterday && folded < maxDays; next = next.AddDays(1), folded++)
        {
            await FoldAsync(next, zone, ct);
        }
        if (folded > 0)
        {
            LogFolded(folded, next.AddDays(-1));
        }
        return folded;
    }

    private async Task FoldAsync(DateOnly day, TimeZoneInfo zone, CancellationToken ct)
    {
        var (from, to) = SlaReport.Bounds(day, day, zone);
        var decided = await db.Set<SlaOutcome>().AsNoTracking().Where(o => o.DecidedAt >= from && o.DecidedAt < to)
            .Select(o => new { o.Target, o.Policy, o.Channel, o.AssigneeId, o.GoalSeconds, o.Achieved }).ToListAsync(ct);
        var completed = await db.Set<SlaOutcome>().AsNoTracking().Where(o => o.CompletedAt >= from && o.CompletedAt < to && o.ActualSeconds != null)
            .Select(o => new { o.Target, o.Policy, o.Channel, o.AssigneeId, o.GoalSeconds, o.ActualSeconds }).ToListAsync(ct);
        var rows = new Dictionary<(string Target, string Dim, string Value, long Goal), (SlaDaily Row, Dictionary<int, int> Hist)>();
        (SlaDaily Row, Dictionary<int, int> Hist) Row(string target, string dim, string value, long goal)
        {
            if (!rows.TryGetValue((target, dim, value, goal), out var r))
            {
                r = (new SlaDaily { Day = day, Target = target, Dimension = dim, Value = value, GoalSeconds = goal, Histogram = "" }, []);
                rows[(target, dim, value, goal)] = r;
            }
            return r;
        }
        static IEnumerable<(string Dim, string Value)> Keys(string policy, Conversations.Channel channel, string? assignee) =>
            [("policy", policy), ("channel", Wire.ToWire(channel)), ("agent", assignee ?? "")];
        foreach (var o in decided)
        {
            foreach (var (dim, value) in Keys(o.Policy, o.Channel, o.AssigneeId))
            {
                var r = Row(o.Target, dim, value, o.GoalSeconds).Row;
                if (o.Achieved) { r.Achieved++; } else { r.Breached++; }
            }
        }
        foreach (var o in completed)
        {
            foreach (var (dim, value) in Keys(o.Policy, o.Channel, o.AssigneeId))
            {
                var (r, hist) = Row(o.Target, dim, value, o.GoalSeconds);
                r.Completed++;
                var b = SlaHistogram.Bucket(o.ActualSeconds!.Value);
                hist[b] = hist.GetValueOrDefault(b) + 1;
            }
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<SlaDaily>().Where(d => d.Day == day).ExecuteDeleteAsync(ct);
        foreach (var (row, hist) in rows.Values)
        {
            row.Histogram = SlaHistogram.Write(hist);
            db.Add(row);
        }
        if (day.AddDays(1).Day == 1)
        {
            await db.SaveChangesAsync(ct);
            await FoldMonthAsync(new DateOnly(day.Year, day.Month, 1), day, ct);
        }
        var mark = await db.Set<SlaMark>().FirstOrDefaultAsync(m => m.Name == Mark, ct);
        if (mark is null)
        {
            db.Add(new SlaMark { Name = Mark, ThroughDay = day });
        }
        else
        {
            mark.ThroughDay = day;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// A finished month folded once more into one row per value (dimension <c>policy:month</c> etc., day = the 1st):
    /// a year's report then adds twelve months and the days at its edges instead of 365 days of rows.
    /// </summary>
    private async Task FoldMonthAsync(DateOnly first, DateOnly last, CancellationToken ct)
    {
        var monthly = Dimensions.Select(MonthDimension).ToList();
        await db.Set<SlaDaily>().Where(d => d.Day == first && monthly.Contains(d.Dimension)).ExecuteDeleteAsync(ct);
        var days = await db.Set<SlaDaily>().AsNoTracking().Where(d => d.Day >= first && d.Day <= last && Dimensions.Contains(d.Dimension)).ToListAsync(ct);
        foreach (var g in days.GroupBy(d => (d.Dimension, d.Target, d.Value, d.GoalSeconds)))
        {
            var hist = new Dictionary<int, int>();
            foreach (var d in g)
            {
                SlaHistogram.AddTo(hist, d.Histogram);
            }
            db.Add(new SlaDaily
            {
                Day = first, Dimension = MonthDimension(g.Key.Dimension), Target = g.Key.Target, Value = g.Key.Value, GoalSeconds = g.Key.GoalSeconds,
                Achieved = g.Sum(d => d.Achieved), Breached = g.Sum(d => d.Breached), Completed = g.Sum(d => d.Completed), Histogram = SlaHistogram.Write(hist),
            });
        }
    }

    public static string MonthDimension(string dimension) => dimension + ":month";

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA rollup folded {Days} days, through {Day}")]
    private partial void LogFolded(int days, DateOnly day);
}
