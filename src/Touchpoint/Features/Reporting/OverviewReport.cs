using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Feedback;
using Touchpoint.Features.Notifications;
using Touchpoint.Features.Orders;
using Touchpoint.Features.Quality;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;

namespace Touchpoint.Features.Reporting;

/// <summary>One key number for the period and the one before it, with the cases behind each (answers, conversations, decided SLA cycles).</summary>
public sealed record OverviewMetric(double? Value, double? Previous, long Cases, long PreviousCases);

public sealed record OverviewGroup(string Key, long ConversationsIn, long? FirstResponseMedianSeconds, long? FirstResponseP90Seconds,
    long? ResolutionMedianSeconds, long? ResolutionP90Seconds, int Resolved, double? Fcr, double? OneTouch);

/// <summary>How many first replies of the period took this long: lt1h, 1h-4h, 4h-8h, 8h-24h, gt24h.</summary>
public sealed record DistributionBucket(string Bucket, long Count);

public sealed record OverviewResponse(DateOnly From, DateOnly To, DateOnly PreviousFrom, DateOnly PreviousTo, string? Agent,
    OverviewMetric ConversationsIn, OverviewMetric Backlog, OverviewMetric Resolved, OverviewMetric FirstResponseMedianSeconds, OverviewMetric FirstResponseP90Seconds,
    OverviewMetric ResolutionMedianSeconds, OverviewMetric ResolutionP90Seconds, OverviewMetric SlaCompliance, OverviewMetric Fcr, OverviewMetric OneTouch,
    OverviewMetric Csat, OverviewMetric Nps, OverviewMetric QaScore, OverviewMetric MissedCalls, OverviewMetric CallbackMedianSeconds,
    OverviewMetric DelayedOrders, OverviewMetric DelayNotices, OverviewMetric ReopenedWithin24h, OverviewMetric PendingShare, OverviewMetric PendingAsksNothing,
    IReadOnlyList<DistributionBucket> FirstResponseDistribution, string? GroupBy, IReadOnlyList<OverviewGroup> Groups);

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

    /// <summary>A number of a period with its cases; a null value with no cases when the number is not the scope's (store-wide numbers for one agent).</summary>
    private sealed record Count(double? Value, long Cases);

    private sealed record Period(Count In, Count Backlog, List<Timed> Created, List<Timed> FirstReplies, List<Timed> Resolutions, FcrReportResponse Fcr,
        long SlaAchieved, long SlaDecided, CsatReport Csat, NpsReport Nps, Count Qa, Count Missed, Count Callback, Count Delayed, Count Notices,
        Count Reopened, Count Pending, Count AsksNothing);

    /// <summary>The first-response buckets, upper bounds in seconds (the last is open).</summary>
    public static readonly IReadOnlyList<(string Bucket, long Below)> Buckets =
        [("lt1h", 3600), ("1h-4h", 4 * 3600), ("4h-8h", 8 * 3600), ("8h-24h", 24 * 3600), ("gt24h", long.MaxValue)];

    /// <summary>
    /// The key numbers; <paramref name="agent"/> scopes them to one agent (the conversation numbers attributed to them
    /// at each fact, their surveys and reviews), and then the store-wide numbers — conversations in, backlog, missed
    /// calls, delays — are null with no cases: they belong to no one agent.
    /// </summary>
    public static async Task<OverviewResponse> BuildAsync(TouchpointDb db, FeedbackQueries feedback, TimeZoneInfo zone, DateOnly from, DateOnly to, DateTime now,
        string? groupBy, Func<string, string> teamOf, CancellationToken ct, string? agent = null)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        var previousTo = from.AddDays(-1);
        var previousFrom = previousTo.AddDays(1 - days);
        var current = await PeriodAsync(db, feedback, zone, from, to, now, groupBy, teamOf, agent, ct);
        var previous = await PeriodAsync(db, feedback, zone, previousFrom, previousTo, now, groupBy, teamOf, agent, ct);

        static OverviewMetric Quantile(List<Timed> now, List<Timed> before, double q) =>
            new(Q(now, q), Q(before, q), now.Count, before.Count);
        static OverviewMetric Of(Count now, Count before) => new(now.Value, before.Value, now.Cases, before.Cases);
        var response = new OverviewResponse(from, to, previousFrom, previousTo, agent,
            Of(current.In, previous.In), Of(current.Backlog, previous.Backlog),
            new OverviewMetric(current.Fcr.Resolved, previous.Fcr.Resolved, current.Fcr.Resolved, previous.Fcr.Resolved),
            Quantile(current.FirstReplies, previous.FirstReplies, 0.5), Quantile(current.FirstReplies, previous.FirstReplies, 0.9),
            Quantile(current.Resolutions, previous.Resolutions, 0.5), Quantile(current.Resolutions, previous.Resolutions, 0.9),
            new OverviewMetric(Rate(current.SlaAchieved, current.SlaDecided), Rate(previous.SlaAchieved, previous.SlaDecided), current.SlaDecided, previous.SlaDecided),
            new OverviewMetric(current.Fcr.Fcr, previous.Fcr.Fcr, current.Fcr.Resolved, previous.Fcr.Resolved),
            new OverviewMetric(current.Fcr.OneTouch, previous.Fcr.OneTouch, current.Fcr.Resolved, previous.Fcr.Resolved),
            new OverviewMetric(current.Csat.Csat, previous.Csat.Csat, current.Csat.Responses, previous.Csat.Responses),
            new OverviewMetric(current.Nps.Nps, previous.Nps.Nps, current.Nps.Responses, previous.Nps.Responses),
            Of(current.Qa, previous.Qa), Of(current.Missed, previous.Missed), Of(current.Callback, previous.Callback),
            Of(current.Delayed, previous.Delayed), Of(current.Notices, previous.Notices), Of(current.Reopened, previous.Reopened), Of(current.Pending, previous.Pending),
            Of(current.AsksNothing, previous.AsksNothing),
            Distribution(current.FirstReplies), groupBy, Groups(current, groupBy, teamOf));
        return response;
    }

    /// <summary>The key numbers by their wire names, in the order of the cards and the CSV.</summary>
    public static IReadOnlyList<(string Name, OverviewMetric Metric)> Metrics(OverviewResponse r) =>
    [
        ("conversationsIn", r.ConversationsIn), ("backlog", r.Backlog), ("resolved", r.Resolved), ("firstResponseMedianSeconds", r.FirstResponseMedianSeconds),
        ("firstResponseP90Seconds", r.FirstResponseP90Seconds), ("resolutionMedianSeconds", r.ResolutionMedianSeconds),
        ("resolutionP90Seconds", r.ResolutionP90Seconds), ("slaCompliance", r.SlaCompliance), ("fcr", r.Fcr), ("oneTouch", r.OneTouch),
        ("csat", r.Csat), ("nps", r.Nps), ("qaScore", r.QaScore), ("missedCalls", r.MissedCalls), ("callbackMedianSeconds", r.CallbackMedianSeconds),
        ("delayedOrders", r.DelayedOrders), ("delayNotices", r.DelayNotices), ("reopenedWithin24h", r.ReopenedWithin24h), ("pendingShare", r.PendingShare),
        ("pendingAsksNothing", r.PendingAsksNothing),
    ];

    /// <summary>The numbers of one agent's own dashboard ("My numbers"), in the order of its cards.</summary>
    public static readonly IReadOnlyList<string> AgentMetrics =
        ["resolved", "firstResponseMedianSeconds", "firstResponseP90Seconds", "slaCompliance", "fcr", "oneTouch", "csat", "qaScore", "reopenedWithin24h", "pendingShare", "pendingAsksNothing"];

    /// <summary>Whether a key number is a rate or a score (0–100, one decimal) rather than a count or seconds.</summary>
    public static bool IsRate(string name) => name is "slaCompliance" or "fcr" or "oneTouch" or "csat" or "nps" or "qaScore" or "reopenedWithin24h" or "pendingShare";

    private static IReadOnlyList<DistributionBucket> Distribution(List<Timed> replies)
    {
        var counts = new long[Buckets.Count];
        foreach (var r in replies)
        {
            var i = 0;
            while (r.Seconds >= Buckets[i].Below)
            {
                i++;
            }
            counts[i]++;
        }
        return [.. Buckets.Select((b, i) => new DistributionBucket(b.Bucket, counts[i]))];
    }

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
        string? groupBy, Func<string, string> teamOf, string? agent, CancellationToken ct)
    {
        var (start, end) = SlaReport.Bounds(from, to, zone);
        // A period that reaches now ends a millisecond past it (a change saved this instant counts; PostgreSQL keeps microseconds).
        var asOf = end <= now ? end : now.AddMilliseconds(1);
        var facts = db.Set<ConversationFact>().AsNoTracking();
        var customers = db.Set<Customer>().AsNoTracking();
        var counted = facts.Where(f => !customers.Any(c => c.Id == f.CustomerId && (c.MysteryShopper || c.ErasedAt != null)));
        var mine = agent is null ? counted : counted.Where(f => f.AssigneeId == agent);
        var none = new Count(null, 0);

        async Task<List<Timed>> TimedAsync(IQueryable<ConversationFact> q) =>
            (await q.Select(f => new { f.AssigneeId, f.Channel, f.Topic, f.Seconds }).ToListAsync(ct))
            .Select(f => new Timed(f.AssigneeId ?? "", f.Channel.ToWire(), f.Topic, f.Seconds ?? 0)).ToList();

        var created = await TimedAsync(mine.Where(f => f.Kind == FactKinds.Created && f.At >= start && f.At < end));
        var firstReplies = await TimedAsync(mine.Where(f => f.Kind == FactKinds.FirstReply && f.At >= start && f.At < end && f.Seconds != null));
        var firstResolves = mine.Where(f => f.Kind == FactKinds.Resolved && f.At >= start && f.At < end)
            .Where(f => !facts.Any(g => g.ConversationId == f.ConversationId && g.Kind == FactKinds.Resolved && g.At < f.At));
        var resolutions = await TimedAsync(firstResolves.Where(f => f.Seconds != null));
        var backlog = none;
        if (agent is null)
        {
            // Backlog at the period's end (or now): created by then, and no status change by then leaves it resolved or closed.
            var open = await counted.Where(f => f.Kind == FactKinds.Created && f.At < asOf)
                .Where(f => !facts.Any(s => s.ConversationId == f.ConversationId && s.Kind == FactKinds.StatusChanged && s.At < asOf
                    && (s.ToStatus == ConversationStatus.Resolved || s.ToStatus == ConversationStatus.Closed)
                    && !facts.Any(t => t.ConversationId == f.ConversationId && t.Kind == FactKinds.StatusChanged && t.At < asOf && t.At > s.At)))
                .LongCountAsync(ct);
            backlog = new Count(open, open);
        }
        var fcr = await FcrReport.BuildAsync(db, zone, from, to, groupBy, teamOf, ct, agent);
        var sla = await SlaReport.BuildAsync(db, zone, from, to, agent is null ? "policy" : "agent", teamOf, ct);
        var slaMetrics = agent is null ? sla.Totals : sla.Groups.FirstOrDefault(g => g.Key == agent)?.Metrics ?? [];
        var achieved = slaMetrics.Sum(t => (long)t.Achieved);
        var decided = achieved + slaMetrics.Sum(t => (long)t.Breached);
        var csat = await feedback.CsatAsync(start, end, null, ct, agent);
        var nps = await feedback.NpsAsync(start, end, null, ct, agent);
        var reviews = await QualityQueries.ReviewScoresAsync(db, start, end, agent, ct);
        var qa = new Count(reviews.Count == 0 ? null : ReviewScore.Round(reviews.Average(r => r.Score)), reviews.Count);

        // Reopened within 24 hours of the first resolve, and the share of created → first resolve spent pending.
        var resolves = await firstResolves.Select(f => new { f.ConversationId, f.At, f.Seconds }).ToListAsync(ct);
        var changes = (await facts.Where(s => s.Kind == FactKinds.StatusChanged && firstResolves.Any(f => f.ConversationId == s.ConversationId))
                .Select(s => new { s.ConversationId, s.At, s.ToStatus }).ToListAsync(ct))
            .GroupBy(s => s.ConversationId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.At).ToList());
        long reopened = 0;
        double pendingSeconds = 0, lifeSeconds = 0;
        foreach (var r in resolves)
        {
            var list = changes.GetValueOrDefault(r.ConversationId) ?? [];
            if (list.Any(s => s.At > r.At && s.At <= r.At.AddHours(24) && s.ToStatus is ConversationStatus.Open or ConversationStatus.Pending))
            {
                reopened++;
            }
            var createdAt = r.At.AddSeconds(-(r.Seconds ?? 0));
            lifeSeconds += (r.At - createdAt).TotalSeconds;
            for (var i = 0; i < list.Count && list[i].At < r.At; i++)
            {
                if (list[i].ToStatus == ConversationStatus.Pending)
                {
                    var until = i + 1 < list.Count && list[i + 1].At < r.At ? list[i + 1].At : r.At;
                    pendingSeconds += (until - list[i].At).TotalSeconds;
                }
            }
        }
        var reopenedCount = new Count(Rate(reopened, resolves.Count), resolves.Count);
        var pending = new Count(lifeSeconds <= 0 ? null : Math.Round(100.0 * pendingSeconds / lifeSeconds, 1, MidpointRounding.AwayFromZero), resolves.Count);
        // Clock gaming: set to pending by a reply that asked the customer nothing (the pending_asks_nothing facts).
        var asksNothingFacts = await mine.CountAsync(f => f.Kind == FactKinds.PendingAsksNothing && f.At >= start && f.At < end, ct);
        var asksNothing = new Count(asksNothingFacts, asksNothingFacts);

        Count inCount = none, missed = none, callback = none, delayed = none, notices = none;
        if (agent is null)
        {
            inCount = new Count(created.Count, created.Count);
            var calls = await CallbackTimes.MissedAsync(db, start, end, ct);
            missed = new Count(calls.Count, calls.Count);
            var waits = calls.Where(c => c.WaitSeconds is not null).Select(c => c.WaitSeconds!.Value).Order().ToList();
            callback = new Count(SlaHistogram.Quantile(waits, 0.5), waits.Count);
            var (delayNotices, delayedOrders) = await OrderQueries.DelayCountsAsync(db, start, end, ct);
            delayed = new Count(delayedOrders, delayedOrders);
            var sent = await db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.Kind == NotificationKinds.Delayed && m.Channel != WebhookSender.ChannelName && m.CreatedAt >= start && m.CreatedAt < end && m.SentAt != null)
                .CountAsync(ct);
            notices = new Count(sent, delayNotices);
        }
        return new Period(inCount, backlog, created, firstReplies, resolutions, fcr, achieved, decided, csat, nps, qa, missed, callback, delayed, notices,
            reopenedCount, pending, asksNothing);
    }
}
