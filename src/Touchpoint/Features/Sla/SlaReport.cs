using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Sla;

public sealed record SlaMetric(string Target, int Achieved, int Breached, double? Compliance, long? MedianSeconds, long? P90Seconds, IReadOnlyList<long> GoalSeconds);

public sealed record SlaGroup(string Key, IReadOnlyList<SlaMetric> Metrics);

public sealed record SlaDay(DateOnly Day, string Target, int Achieved, int Breached);

public sealed record SlaReportResponse(DateOnly From, DateOnly To, string GroupBy, IReadOnlyList<SlaMetric> Totals, IReadOnlyList<SlaGroup> Groups, IReadOnlyList<SlaDay> Days);

/// <summary>
/// Compliance = achieved / (achieved + breached) of the cycles decided in the period, with the median and p90 of the
/// actual times of the cycles completed in it, per target and group. Finished days come from <see cref="SlaDaily"/>;
/// days not folded yet from the outcomes. Percentiles are exact when only unfolded days are involved, otherwise read
/// from the folded histograms (within 2.5 %).
/// </summary>
public static class SlaReport
{
    public static readonly IReadOnlyList<string> GroupBys = ["policy", "channel", "team", "agent"];

    /// <summary>UTC bounds of store-local days <paramref name="from"/>..<paramref name="to"/> (inclusive).</summary>
    public static (DateTime From, DateTime To) Bounds(DateOnly from, DateOnly to, TimeZoneInfo zone) =>
        (TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone), TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone));

    private sealed class Acc
    {
        public int Achieved;
        public int Breached;
        public readonly Dictionary<int, int> Hist = [];
        public readonly List<long> Exact = [];
        public readonly HashSet<long> Goals = [];
    }

    public static async Task<SlaReportResponse> BuildAsync(TouchpointDb db, TimeZoneInfo zone, DateOnly from, DateOnly to, string groupBy,
        Func<string, string> teamOf, CancellationToken ct)
    {
        var dim = groupBy == "team" ? "agent" : groupBy;
        var through = await db.Set<SlaMark>().AsNoTracking().Where(m => m.Name == SlaRollup.Mark).Select(m => (DateOnly?)m.ThroughDay).FirstOrDefaultAsync(ct);
        var groups = new Dictionary<(string Key, string Target), Acc>();
        var totals = new Dictionary<string, Acc>();
        var days = new Dictionary<(DateOnly, string), (int A, int B)>();
        string KeyOf(string value) => groupBy == "team" ? teamOf(value) : value;
        Acc GroupAcc(string key, string target) => groups.TryGetValue((key, target), out var a) ? a : groups[(key, target)] = new Acc();
        Acc TotalAcc(string target) => totals.TryGetValue(target, out var a) ? a : totals[target] = new Acc();

        if (through is { } t && t >= from)
        {
            var last = t < to ? t : to;
            var (months, coveredFrom, coveredTo) = FoldedMonths(from, last);
            var monthDim = SlaRollup.MonthDimension(dim);
            var rows = await db.Set<SlaDaily>().AsNoTracking()
                .Where(d => (d.Dimension == dim && d.Day >= from && d.Day <= last && (d.Day < coveredFrom || d.Day > coveredTo))
                    || (d.Dimension == monthDim && months.Contains(d.Day)))
                .Select(d => new { d.Target, d.Value, d.GoalSeconds, d.Achieved, d.Breached, d.Histogram })
                .ToListAsync(ct);
            foreach (var r in rows)
            {
                foreach (var acc in new[] { GroupAcc(KeyOf(r.Value), r.Target), TotalAcc(r.Target) })
                {
                    acc.Achieved += r.Achieved;
                    acc.Breached += r.Breached;
                    acc.Goals.Add(r.GoalSeconds);
                    SlaHistogram.AddTo(acc.Hist, r.Histogram);
                }
            }
            // The daily series for charts: counts only, from the smallest dimension.
            var series = await db.Set<SlaDaily>().AsNoTracking()
                .Where(d => d.Dimension == "policy" && d.Day >= from && d.Day <= last)
                .GroupBy(d => new { d.Day, d.Target })
                .Select(g => new { g.Key.Day, g.Key.Target, Achieved = g.Sum(x => x.Achieved), Breached = g.Sum(x => x.Breached) })
                .ToListAsync(ct);
            foreach (var r in series)
            {
                days[(r.Day, r.Target)] = (r.Achieved, r.Breached);
            }
        }
        var rawFrom = through is { } m && m >= from ? m.AddDays(1) : from;
        if (rawFrom <= to)
        {
            var (start, end) = Bounds(rawFrom, to, zone);
            var decided = await db.Set<SlaOutcome>().AsNoTracking().Where(o => o.DecidedAt >= start && o.DecidedAt < end)
                .Select(o => new { o.Target, o.Policy, o.Channel, o.AssigneeId, o.GoalSeconds, o.Achieved, o.DecidedAt }).ToListAsync(ct);
            foreach (var o in decided)
            {
                var key = KeyOf(Value(dim, o.Policy, o.Channel, o.AssigneeId));
                foreach (var acc in new[] { GroupAcc(key, o.Target), TotalAcc(o.Target) })
                {
                    if (o.Achieved) { acc.Achieved++; } else { acc.Breached++; }
                    acc.Goals.Add(o.GoalSeconds);
                }
                var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(o.DecidedAt, zone));
                var d = days.GetValueOrDefault((day, o.Target));
                days[(day, o.Target)] = o.Achieved ? (d.A + 1, d.B) : (d.A, d.B + 1);
            }
            var completed = await db.Set<SlaOutcome>().AsNoTracking().Where(o => o.CompletedAt >= start && o.CompletedAt < end && o.ActualSeconds != null)
                .Select(o => new { o.Target, o.Policy, o.Channel, o.AssigneeId, o.GoalSeconds, o.ActualSeconds }).ToListAsync(ct);
            foreach (var o in completed)
            {
                var key = KeyOf(Value(dim, o.Policy, o.Channel, o.AssigneeId));
                foreach (var acc in new[] { GroupAcc(key, o.Target), TotalAcc(o.Target) })
                {
                    acc.Exact.Add(o.ActualSeconds!.Value);
                    acc.Goals.Add(o.GoalSeconds);
                }
            }
        }
        var order = SlaTargets.All;
        return new SlaReportResponse(from, to, groupBy,
            totals.OrderBy(kv => Index(order, kv.Key)).Select(kv => Metric(kv.Key, kv.Value)).ToList(),
            groups.GroupBy(kv => kv.Key.Key).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new SlaGroup(g.Key, g.OrderBy(kv => Index(order, kv.Key.Target)).Select(kv => Metric(kv.Key.Target, kv.Value)).ToList())).ToList(),
            days.OrderBy(kv => kv.Key.Item1).ThenBy(kv => Index(order, kv.Key.Item2)).Select(kv => new SlaDay(kv.Key.Item1, kv.Key.Item2, kv.Value.A, kv.Value.B)).ToList());
    }

    /// <summary>Whole months inside the folded range come from the month rows, the days at the edges from the day rows.</summary>
    private static (List<DateOnly> Months, DateOnly CoveredFrom, DateOnly CoveredTo) FoldedMonths(DateOnly from, DateOnly last)
    {
        var firstMonth = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var months = new List<DateOnly>();
        for (var month = firstMonth; month.AddMonths(1).AddDays(-1) <= last; month = month.AddMonths(1))
        {
            months.Add(month);
        }
        return (months, months.Count > 0 ? months[0] : DateOnly.MaxValue, months.Count > 0 ? months[^1].AddMonths(1).AddDays(-1) : DateOnly.MinValue);
    }

    /// <summary>
    /// Per agent (assignee id), the SLA cycles decided in store-local days <paramref name="from"/>..<paramref name="to"/>:
    /// achieved and breached over every target — the report's agent rows summed, read the same way (folded days and
    /// months from <see cref="SlaDaily"/>, the rest counted from the outcomes in the database). Agents with no decided
    /// cycle are absent. For features above (Quality's bonus) that blend compliance into their own numbers.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, (int Achieved, int Breached)>> ComplianceByAgentAsync(TouchpointDb db, TimeZoneInfo zone,
        DateOnly from, DateOnly to, CancellationToken ct)
    {
        var counts = new Dictionary<string, (int Achieved, int Breached)>(StringComparer.Ordinal);
        void Add(string? agent, int achieved, int breached)
        {
            if (string.IsNullOrEmpty(agent))
            {
                return;
            }
            var c = counts.GetValueOrDefault(agent);
            counts[agent] = (c.Achieved + achieved, c.Breached + breached);
        }
        var through = await db.Set<SlaMark>().AsNoTracking().Where(m => m.Name == SlaRollup.Mark).Select(m => (DateOnly?)m.ThroughDay).FirstOrDefaultAsync(ct);
        if (through is { } t && t >= from)
        {
            var last = t < to ? t : to;
            var (months, coveredFrom, coveredTo) = FoldedMonths(from, last);
            var monthDim = SlaRollup.MonthDimension("agent");
            var rows = await db.Set<SlaDaily>().AsNoTracking()
                .Where(d => (d.Dimension == "agent" && d.Day >= from && d.Day <= last && (d.Day < coveredFrom || d.Day > coveredTo))
                    || (d.Dimension == monthDim && months.Contains(d.Day)))
                .GroupBy(d => d.Value)
                .Select(g => new { Agent = g.Key, Achieved = g.Sum(x => x.Achieved), Breached = g.Sum(x => x.Breached) })
                .ToListAsync(ct);
            foreach (var r in rows)
            {
                Add(r.Agent, r.Achieved, r.Breached);
            }
        }
        var rawFrom = through is { } m && m >= from ? m.AddDays(1) : from;
        if (rawFrom <= to)
        {
            var (start, end) = Bounds(rawFrom, to, zone);
            var decided = await db.Set<SlaOutcome>().AsNoTracking().Where(o => o.DecidedAt >= start && o.DecidedAt < end && o.AssigneeId != null)
                .GroupBy(o => o.AssigneeId)
                .Select(g => new { Agent = g.Key, Achieved = g.Count(o => o.Achieved), Breached = g.Count(o => !o.Achieved) })
                .ToListAsync(ct);
            foreach (var r in decided)
            {
                Add(r.Agent, r.Achieved, r.Breached);
            }
        }
        return counts;
    }

    private static int Index(IReadOnlyList<string> order, string target) => order.Contains(target) ? order.ToList().IndexOf(target) : order.Count;

    private static string Value(string dim, string policy, Channel channel, string? assignee) => dim switch
    {
        "policy" => policy,
        "channel" => channel.ToWire(),
        _ => assignee ?? "",
    };

    private static SlaMetric Metric(string target, Acc a)
    {
        long? median, p90;
        if (a.Hist.Count == 0)
        {
            a.Exact.Sort();
            median = SlaHistogram.Quantile(a.Exact, 0.5);
            p90 = SlaHistogram.Quantile(a.Exact, 0.9);
        }
        else
        {
            foreach (var s in a.Exact)
            {
                var b = SlaHistogram.Bucket(s);
                a.Hist[b] = a.Hist.GetValueOrDefault(b) + 1;
            }
            median = SlaHistogram.Quantile(a.Hist, 0.5);
            p90 = SlaHistogram.Quantile(a.Hist, 0.9);
        }
        var decided = a.Achieved + a.Breached;
        return new SlaMetric(target, a.Achieved, a.Breached, decided == 0 ? null : Math.Round((double)a.Achieved / decided, 4), median, p90, a.Goals.Order().ToList());
    }
}

/// <summary>
/// Which team an agent reports under for the compliance report. Agents' teams belong to Routing, which sits above Sla
/// (it schedules with Sla's calendars and handles <see cref="SlaLimitPassed"/>), so Sla asks through this seam.
/// </summary>
public interface IAgentTeams
{
    /// <summary>The agent's first team, or null when they have none.</summary>
    string? TeamOf(string agentId);
}

public static class SlaTeams
{
    public const string None = "—";

    public static Func<string, string> Resolver(IServiceProvider services) =>
        services.GetService<IAgentTeams>() is { } teams ? id => teams.TeamOf(id) ?? None : _ => None;
}
