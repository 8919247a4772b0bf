using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;

namespace Touchpoint.Features.Reporting;

public sealed record FcrGroup(string Key, double? Fcr, double? OneTouch, int Resolved, int Repeats);

public sealed record FcrReportResponse(double? Fcr, double? OneTouch, int Resolved, int Repeats, IReadOnlyList<FcrGroup> Groups);

/// <summary>One resolved conversation as FCR counts it: on its first resolve, with the agent, channel and topic of that moment.</summary>
public sealed record FcrCase(Guid ConversationId, long Number, DateTime ResolvedAt, string Agent, string Channel, string Topic, bool Repeated, bool OneTouch);

/// <summary>The conversations first resolved in a period, read from the facts and the repeat links (never the live conversations).
/// Customers who are mystery shoppers or erased are left out.</summary>
public static class FcrFacts
{
    public static async Task<List<FcrCase>> ResolvedAsync(TouchpointDb db, DateTime from, DateTime to, CancellationToken ct)
    {
        var facts = db.Set<ConversationFact>().AsNoTracking();
        var customers = db.Set<Customer>().AsNoTracking();
        var links = db.Set<RepeatContact>().AsNoTracking();
        var rows = await facts.Where(f => f.Kind == FactKinds.Resolved && f.At >= from && f.At < to)
            .Where(f => !facts.Any(g => g.ConversationId == f.ConversationId && g.Kind == FactKinds.Resolved && g.At < f.At))
            .Where(f => !customers.Any(c => c.Id == f.CustomerId && (c.MysteryShopper || c.ErasedAt != null)))
            .Select(f => new
            {
                f.ConversationId, f.Number, f.At, f.AssigneeId, f.Channel, f.Topic,
                Repeated = links.Any(l => l.EarlierId == f.ConversationId),
                Replies = facts.Count(r => r.ConversationId == f.ConversationId && (r.Kind == FactKinds.FirstReply || r.Kind == FactKinds.Reply) && r.At <= f.At),
            })
            .ToListAsync(ct);
        return rows.Select(r => new FcrCase(r.ConversationId, r.Number, r.At, r.AssigneeId ?? "", r.Channel.ToWire(), r.Topic, r.Repeated,
            RepeatContactRule.OneTouch(r.Replies))).ToList();
    }
}

/// <summary>
/// FCR = resolved without a repeat / resolved, and one-touch = resolved with one public reply / resolved, for store-local
/// days from..to. Days folded into <see cref="FcrDaily"/> (final: their window has closed) are read from it; the days
/// after the mark are computed from the facts and links as they are now.
/// </summary>
public static class FcrReport
{
    public static readonly IReadOnlyList<string> GroupBys = ["agent", "team", "channel", "topic", "day", "month"];

    private sealed class Acc
    {
        public int Resolved;
        public int Repeats;
        public int OneTouch;

        public void Add(int resolved, int repeats, int oneTouch)
        {
            Resolved += resolved;
            Repeats += repeats;
            OneTouch += oneTouch;
        }
    }

    /// <summary>The store-local day of a UTC moment (the day a resolve counts on).</summary>
    public static DateOnly DayOf(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>One day × agent × channel × topic of FCR counts, from the roll-up or the facts.</summary>
    public sealed record DayCounts(DateOnly Day, string Agent, string Channel, string Topic, int Resolved, int Repeats, int OneTouch);

    /// <summary>
    /// The FCR counts of store-local days from..to (one agent's when <paramref name="agent"/> is named): folded days from
    /// <see cref="FcrDaily"/>, the days after the mark from the facts and links as they are now.
    /// </summary>
    public static async Task<List<DayCounts>> CountsAsync(TouchpointDb db, TimeZoneInfo zone, DateOnly from, DateOnly to, string? agent, CancellationToken ct)
    {
        var counts = new List<DayCounts>();
        var through = await db.Set<ReportingMark>().AsNoTracking().Where(m => m.Name == FcrRollup.Mark).Select(m => (DateOnly?)m.ThroughDay).FirstOrDefaultAsync(ct);
        var rawFrom = from;
        if (through is { } t && t >= from)
        {
            var last = t < to ? t : to;
            var daily = db.Set<FcrDaily>().AsNoTracking().Where(d => d.Day >= from && d.Day <= last);
            if (agent is not null)
            {
                daily = daily.Where(d => d.Agent == agent);
            }
            counts.AddRange((await daily.ToListAsync(ct)).Select(r => new DayCounts(r.Day, r.Agent, r.Channel, r.Topic, r.Resolved, r.Repeats, r.OneTouch)));
            rawFrom = t.AddDays(1);
        }
        if (rawFrom <= to)
        {
            var (f, u) = SlaReport.Bounds(rawFrom, to, zone);
            counts.AddRange((await FcrFacts.ResolvedAsync(db, f, u, ct)).Where(c => agent is null || c.Agent == agent)
                .Select(c => new DayCounts(DayOf(c.ResolvedAt, zone), c.Agent, c.Channel, c.Topic, 1, c.Repeated ? 1 : 0, c.OneTouch ? 1 : 0)));
        }
        return counts;
    }

    public static async Task<FcrReportResponse> BuildAsync(TouchpointDb db, TimeZoneInfo zone, DateOnly from, DateOnly to, string? groupBy,
        Func<string, string> teamOf, CancellationToken ct, string? agent = null)
    {
        var total = new Acc();
        var groups = new Dictionary<string, Acc>(StringComparer.Ordinal);
        foreach (var c in await CountsAsync(db, zone, from, to, agent, ct))
        {
            total.Add(c.Resolved, c.Repeats, c.OneTouch);
            if (groupBy is null)
            {
                continue;
            }
            var key = groupBy switch
            {
                "agent" => c.Agent,
                "team" => teamOf(c.Agent),
                "channel" => c.Channel,
                "topic" => c.Topic,
                "day" => c.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => c.Day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            };
            (groups.TryGetValue(key, out var acc) ? acc : groups[key] = new Acc()).Add(c.Resolved, c.Repeats, c.OneTouch);
        }
        var (fcr, oneTouch) = RepeatContactRule.Rates(total.Resolved, total.Repeats, total.OneTouch);
        var list = groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var (gf, go) = RepeatContactRule.Rates(g.Value.Resolved, g.Value.Repeats, g.Value.OneTouch);
            return new FcrGroup(g.Key, gf, go, g.Value.Resolved, g.Value.Repeats);
        }).ToList();
        return new FcrReportResponse(fcr, oneTouch, total.Resolved, total.Repeats, list);
    }
}
