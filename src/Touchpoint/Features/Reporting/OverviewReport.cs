using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Feedback;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;

namespace Touchpoint.Features.Reporting;

/// <summary>One key number for the period and the one before it, with the cases behind each (answers, conversations, decided SLA cycles).</summary>
public sealed record OverviewMetric(double? Value, double? Previous, long Cases, long PreviousCases);

public sealed record OverviewGroup(string Key, long ConversationsIn, long? FirstResponseMedianSeconds, long? FirstResponseP90Seconds,
    long? ResolutionMedianSeconds, long? ResolutionP90Seconds, int Resolved, double? Fcr, double? OneTouch);

public sealed record OverviewResponse(DateOnly From, DateOnly To, DateOnly PreviousFrom, DateOnly PreviousTo,
    OverviewMetric ConversationsIn, OverviewMetric Backlog, OverviewMetric FirstResponseMedianSeconds, OverviewMetric FirstResponseP90Seconds,
    OverviewMetric ResolutionMedianSeconds, OverviewMetric ResolutionP90Seconds, OverviewMetric SlaCompliance, OverviewMetric Fcr, OverviewMetric OneTouch,
    OverviewMetric Csat, OverviewMetric Nps, string? GroupBy, IReadOnlyList<OverviewGroup> Groups);

/// <summary>
/// The service owner's key numbers for store-local days from..to beside the same number of days before: conversations
/// in, backlog (at the end of each period), first response and resolution time (median, p90: exact, from the
/// first_reply and first resolved facts), SLA compliance (the SLA report, all targets), FCR and one-touch
/// (<see cref="FcrReport"/>), CSAT and NPS (Feedback's reports). Read from facts, never the live conversations;
/// mystery shoppers and erased customers left out of the conversation numbers. Groups (agent, team, channel, topic)
/// carry the numbers the facts have per group.
/// </summary>
public static class OverviewReport
{
    public static readonly IReadOnlyList<string> GroupBys = ["agent", "team", "channel", "topic"];

    private sealed record Timed(string Agent, string Channel, string Topic, long Seconds);

    private sealed record Period(long In, long Backlog, List<Timed> Created, List<Timed> FirstReplies, List<Timed> Resolutions, FcrReportResponse Fcr,
        long SlaAchieved, long SlaDecided, CsatReport Csat, NpsReport Nps);

    public static async Task<OverviewResponse> BuildAsync(TouchpointDb db, FeedbackQueries feedback, TimeZoneInfo zone, DateOnly from, DateOnly to, DateTime now,
        string? groupBy, Func<string, string> teamOf, CancellationToken ct)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        var previousTo = from.AddDays(-1);
        var previousFrom = previousTo.AddDays(1 - days);
        var current = await PeriodAsync(db, feedback, zone, from, to, now, groupBy, teamOf, ct);
        var previous = await PeriodAsync(db, feedback, zone, previousFrom, previousTo, now, groupBy, teamOf, ct);

        static OverviewMetric Quantile(List<Timed> now, List<Timed> before, double q) =>
            new(Q(now, q), Q(before, q), now.Count, before.Count);
        var response = new OverviewResponse(from, to, previousFrom, previousTo,
            new OverviewMetric(current.In, previous.In, current.In, previous.In),
            new OverviewMetric(current.Backlog, previous.Backlog, current.Backlog, previous.Backlog),
            Quantile(current.FirstReplies, previous.FirstReplies, 0.5), Quantile(current.FirstReplies, previous.FirstReplies, 0.9),
            Quantile(current.Resolutions, previous.Resolutions, 0.5), Quantile(current.Resolutions, previous.Resolutions, 0.9),
            new OverviewMetric(Rate(current.SlaAchieved, current.SlaDecided), Rate(previous.SlaAchieved, previous.SlaDecided), current.SlaDecided, previous.SlaDecided),
            new OverviewMetric(current.Fcr.Fcr, previous.Fcr.Fcr, current.Fcr.Resolved, previous.Fcr.Resolved),
            new OverviewMetric(current.Fcr.OneTouch, previous.Fcr.OneTouch, current.Fcr.Resolved, previous.Fcr.Resolved),
            new OverviewMetric(current.Csat.Csat, previous.Csat.Csat, current.Csat.Responses, previous.Csat.Responses),
            new OverviewMetric(current.Nps.Nps, previous.Nps.Nps, current.Nps.Responses, previous.Nps.Responses),
            groupBy, Groups(current, groupBy, teamOf));
        return response;
    }

    /// <summary>The key numbers by their wire names, in the order of the cards and the CSV.</summary>
    public static IReadOnlyList<(string Name, OverviewMetric Metric)> Metrics(OverviewResponse r) =>
    [
        ("conversationsIn", r.ConversationsIn), ("backlog", r.Backlog), ("firstResponseMedianSeconds", r.FirstResponseMedianSeconds),
        ("firstResponseP90Seconds", r.FirstResponseP90Seconds), ("resolutionMedianSeconds", r.ResolutionMedianSeconds),
        ("resolutionP90Seconds", r.ResolutionP90Seconds), ("slaCompliance", r.SlaCompliance), ("fcr", r.Fcr), ("oneTouch", r.OneTouch),
        ("csat", r.Csat), ("nps", r.Nps),
    ];

    /// <summary>Whether a key number is a rate (0–100, one decimal) rather than a count or seconds.</summary>
    public static bool IsRate(string name) => name is "slaCompliance" or "fcr" or "oneTouch" or "csat" or "nps";

    private static IReadOnlyList<OverviewGroup> Groups(Period p, string? groupBy, Func<string, string> teamOf)
    {
        if (groupBy is null)
        {
            return [];
        }
        string KeyOf(Timed t) => groupBy switch { "agent" => t.Agent, "team" => teamOf(t.Agent), "channel" => t.Channel, _ => t.Topic };
        var created = p.Created.GroupBy(KeyOf).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var replies = p.FirstReplies.GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var resolutions = p.Resolutions.GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var fcr = p.Fcr.Groups.ToDictionary(g => g.Key, StringComparer.Ordinal);
        return created.Keys.Concat(replies.Keys).Concat(resolutions.Keys).Concat(fcr.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(k =>
            {
                var r = replies.GetValueOrDefault(k) ?? [];
                var s = resolutions.GetValueOrDefault(k) ?? [];
                var f = fcr.GetValueOrDefault(k);
                return new OverviewGroup(k, created.GetValueOrDefault(k), Q(r, 0.5), Q(r, 0.9), Q(s, 0.5), Q(s, 0.9), f?.Resolved ?? 0, f?.Fcr, f?.OneTouch);
            }).ToList();
    }

    private static long? Q(List<Timed> values, double q) => SlaHistogram.Quantile(values.Select(v => v.Seconds).Order().ToList(), q);

    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);

    private static async Task<Period> PeriodAsync(TouchpointDb db, FeedbackQueries feedback, TimeZoneInfo zone, DateOnly from, DateOnly to, DateTime now,
        string? groupBy, Func<string, string> teamOf, CancellationToken ct)
    {
        var (start, end) = SlaReport.Bounds(from, to, zone);
        // A period that reaches now ends a millisecond past it (a change saved this instant counts; PostgreSQL keeps microseconds).
        var asOf = end <= now ? end : now.AddMilliseconds(1);
        var facts = db.Set<ConversationFact>().AsNoTracking();
        var customers = db.Set<Customer>().AsNoTracking();
        var counted = facts.Where(f => !customers.Any(c => c.Id == f.CustomerId && (c.MysteryShopper || c.ErasedAt != null)));

        async Task<List<Timed>> TimedAsync(IQueryable<ConversationFact> q) =>
            (await q.Select(f => new { f.AssigneeId, f.Channel, f.Topic, f.Seconds }).ToListAsync(ct))
            .Select(f => new Timed(f.AssigneeId ?? "", f.Channel.ToWire(), f.Topic, f.Seconds ?? 0)).ToList();

        var created = await TimedAsync(counted.Where(f => f.Kind == FactKinds.Created && f.At >= start && f.At < end));
        var firstReplies = await TimedAsync(counted.Where(f => f.Kind == FactKinds.FirstReply && f.At >= start && f.At < end && f.Seconds != null));
        var resolutions = await TimedAsync(counted.Where(f => f.Kind == FactKinds.Resolved && f.At >= start && f.At < end && f.Seconds != null)
            .Where(f => !facts.Any(g => g.ConversationId == f.ConversationId && g.Kind == FactKinds.Resolved && g.At < f.At)));
        // Backlog at the period's end (or now): created by then, and no status change by then leaves it resolved or closed.
        var backlog = await counted.Where(f => f.Kind == FactKinds.Created && f.At < asOf)
            .Where(f => !facts.Any(s => s.ConversationId == f.ConversationId && s.Kind == FactKinds.StatusChanged && s.At < asOf
                && (s.ToStatus == ConversationStatus.Resolved || s.ToStatus == ConversationStatus.Closed)
                && !facts.Any(t => t.ConversationId == f.ConversationId && t.Kind == FactKinds.StatusChanged && t.At < asOf && t.At > s.At)))
            .LongCountAsync(ct);
        var fcr = await FcrReport.BuildAsync(db, zone, from, to, groupBy, teamOf, ct);
        var sla = await SlaReport.BuildAsync(db, zone, from, to, "policy", teamOf, ct);
        var achieved = sla.Totals.Sum(t => (long)t.Achieved);
        var decided = achieved + sla.Totals.Sum(t => (long)t.Breached);
        var csat = await feedback.CsatAsync(start, end, null, ct);
        var nps = await feedback.NpsAsync(start, end, null, ct);
        return new Period(created.Count, backlog, created, firstReplies, resolutions, fcr, achieved, decided, csat, nps);
    }
}
