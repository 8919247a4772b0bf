using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Components.Kit;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Feedback;
using Touchpoint.Features.Quality;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;

namespace Touchpoint.Features.Reporting;

public sealed record SeriesGroup(string Key, IReadOnlyList<SeriesPoint> Days);

public sealed record SeriesResponse(string Metric, DateOnly From, DateOnly To, string? Agent, string? GroupBy, IReadOnlyList<SeriesPoint> Days, IReadOnlyList<SeriesGroup> Groups);

/// <summary>
/// A key number per store-local day from..to, every day present (null on days without cases), optionally per group
/// (agent, team, channel, topic) and for one agent. Read from the facts and roll-ups only: conversation facts (in,
/// first response, resolution), the SLA roll-up and its outcomes after the mark, the FCR roll-up, Feedback's answer
/// facts (CSAT, NPS) and Quality's reviews (QA score). A number a source cannot split by a grouping falls in the "" group.
/// </summary>
public static class SeriesReport
{
    public static readonly IReadOnlyList<string> MetricNames =
        ["conversations_in", "first_response_median", "resolution_median", "sla_compliance", "fcr", "csat", "nps", "qa_score"];

    public static readonly IReadOnlyList<string> GroupBys = ["agent", "team", "channel", "topic"];

    /// <summary>At most this many days in one series.</summary>
    public const int MaxDays = 366;

    /// <summary>One case (or a folded day of cases): Value is seconds, a score or a 0–10 answer; Hits/Cases for rates and counts.</summary>
    private sealed record Sample(DateOnly Day, string Agent, string Channel, string Topic, double Value, long Hits, long Cases);

    public static bool IsRate(string metric) => metric is "sla_compliance" or "fcr" or "csat" or "nps" or "qa_score";

    public static async Task<SeriesResponse> BuildAsync(TouchpointDb db, FeedbackQueries feedback, TimeZoneInfo zone, DateOnly from, DateOnly to, string metric,
        string? agent, string? groupBy, Func<string, string> teamOf, CancellationToken ct)
    {
        var samples = await SamplesAsync(db, feedback, zone, from, to, metric, agent, groupBy, ct);
        var days = Points(metric, samples, from, to);
        IReadOnlyList<SeriesGroup> groups = [];
        if (groupBy is not null)
        {
            string KeyOf(Sample s) => groupBy switch { "agent" => s.Agent, "team" => teamOf(s.Agent), "channel" => s.Channel, _ => s.Topic };
            groups = samples.GroupBy(KeyOf, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new SeriesGroup(g.Key, Points(metric, [.. g], from, to))).ToList();
        }
        return new SeriesResponse(metric, from, to, agent, groupBy, days, groups);
    }

    private static List<SeriesPoint> Points(string metric, List<Sample> samples, DateOnly from, DateOnly to)
    {
        var byDay = samples.GroupBy(s => s.Day).ToDictionary(g => g.Key, g => g.ToList());
        var points = new List<SeriesPoint>(to.DayNumber - from.DayNumber + 1);
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            var day = byDay.GetValueOrDefault(d) ?? [];
            points.Add(new SeriesPoint(d, Value(metric, day), day.Sum(s => s.Cases)));
        }
        return points;
    }

    private static double? Value(string metric, List<Sample> day)
    {
        var cases = day.Sum(s => s.Cases);
        if (cases == 0)
        {
            return metric == "conversations_in" ? 0 : null;
        }
        return metric switch
        {
            "conversations_in" => cases,
            "first_response_median" or "resolution_median" => SlaHistogram.Quantile(day.Select(s => (long)s.Value).Order().ToList(), 0.5),
            "nps" => FeedbackScores.Nps(day.Select(s => (int)s.Value)).Nps,
            "qa_score" => ReviewScore.Round(day.Average(s => s.Value)),
            _ => Math.Round(100.0 * day.Sum(s => s.Hits) / cases, 1, MidpointRounding.AwayFromZero),
        };
    }

    private static DateOnly DayOf(DateTime utc, TimeZoneInfo zone) => FcrReport.DayOf(utc, zone);

    private static async Task<List<Sample>> SamplesAsync(TouchpointDb db, FeedbackQueries feedback, TimeZoneInfo zone, DateOnly from, DateOnly to, string metric,
        string? agent, string? groupBy, CancellationToken ct)
    {
        var (start, end) = SlaReport.Bounds(from, to, zone);
        switch (metric)
        {
            case "conversations_in":
            case "first_response_median":
            case "resolution_median":
            {
                var facts = db.Set<ConversationFact>().AsNoTracking();
                var customers = db.Set<Customer>().AsNoTracking();
                var q = facts.Where(f => f.At >= start && f.At < end)
                    .Where(f => !customers.Any(c => c.Id == f.CustomerId && (c.MysteryShopper || c.ErasedAt != null)));
                q = metric switch
                {
                    "conversations_in" => q.Where(f => f.Kind == FactKinds.Created),
                    "first_response_median" => q.Where(f => f.Kind == FactKinds.FirstReply && f.Seconds != null),
                    _ => q.Where(f => f.Kind == FactKinds.Resolved && f.Seconds != null)
                        .Where(f => !facts.Any(g => g.ConversationId == f.ConversationId && g.Kind == FactKinds.Resolved && g.At < f.At)),
                };
                if (agent is not null)
                {
                    q = q.Where(f => f.AssigneeId == agent);
                }
                var rows = await q.Select(f => new { f.At, f.AssigneeId, f.Channel, f.Topic, f.Seconds }).ToListAsync(ct);
                return [.. rows.Select(r => new Sample(DayOf(r.At, zone), r.AssigneeId ?? "", r.Channel.ToWire(), r.Topic, r.Seconds ?? 0, 0, 1))];
            }
            case "fcr":
                return [.. (await FcrReport.CountsAsync(db, zone, from, to, agent, ct))
                    .Select(c => new Sample(c.Day, c.Agent, c.Channel, c.Topic, 0, c.Resolved - c.Repeats, c.Resolved))];
            case "csat":
            case "nps":
            {
                var answers = await feedback.AnswersAsync(metric == "csat" ? SurveyKind.Csat : SurveyKind.Nps, start, end, agent, ct);
                return [.. answers.Select(a => new Sample(DayOf(a.At, zone), a.Agent, a.Channel, a.Topic, a.Value, FeedbackScores.IsSatisfied(a.Value) ? 1 : 0, 1))];
            }
            case "qa_score":
                return [.. (await QualityQueries.ReviewScoresAsync(db, start, end, agent, ct)).Select(r => new Sample(DayOf(r.At, zone), r.RevieweeId, "", "", r.Score, 0, 1))];
            default:
                return await SlaSamplesAsync(db, zone, from, to, agent, groupBy, ct);
        }
    }

    /// <summary>
    /// SLA compliance per day: folded days from the SLA roll-up (the agent dimension when one agent or people are asked
    /// for, the channel dimension for channels, else policies), the days after its mark from the decided outcomes.
    /// </summary>
    private static async Task<List<Sample>> SlaSamplesAsync(TouchpointDb db, TimeZoneInfo zone, DateOnly from, DateOnly to, string? agent, string? groupBy,
        CancellationToken ct)
    {
        var dim = agent is not null || groupBy is "agent" or "team" ? "agent" : groupBy == "channel" ? "channel" : "policy";
        var samples = new List<Sample>();
        var through = await db.Set<SlaMark>().AsNoTracking().Where(m => m.Name == SlaRollup.Mark).Select(m => (DateOnly?)m.ThroughDay).FirstOrDefaultAsync(ct);
        var rawFrom = from;
        if (through is { } t && t >= from)
        {
            var last = t < to ? t : to;
            var daily = db.Set<SlaDaily>().AsNoTracking().Where(d => d.Dimension == dim && d.Day >= from && d.Day <= last);
            if (agent is not null)
            {
                daily = daily.Where(d => d.Value == agent);
            }
            var rows = await daily.Select(d => new { d.Day, d.Value, d.Achieved, d.Breached }).ToListAsync(ct);
            samples.AddRange(rows.Select(r => new Sample(r.Day, dim == "agent" ? r.Value : "", dim == "channel" ? r.Value : "", "", 0, r.Achieved, r.Achieved + r.Breached)));
            rawFrom = t.AddDays(1);
        }
        if (rawFrom <= to)
        {
            var (start, end) = SlaReport.Bounds(rawFrom, to, zone);
            var q = db.Set<SlaOutcome>().AsNoTracking().Where(o => o.DecidedAt >= start && o.DecidedAt < end);
            if (agent is not null)
            {
                q = q.Where(o => o.AssigneeId == agent);
            }
            var rows = await q.Select(o => new { o.DecidedAt, o.AssigneeId, o.Channel, o.Topic, o.Achieved }).ToListAsync(ct);
            samples.AddRange(rows.Select(r => new Sample(DayOf(r.DecidedAt, zone), r.AssigneeId ?? "", r.Channel.ToWire(), r.Topic, 0, r.Achieved ? 1 : 0, 1)));
        }
        return samples;
    }

    /// <summary>The CSV of a series: one row per day (per group and day when grouped), value and cases.</summary>
    public static IEnumerable<IReadOnlyList<string?>> CsvRows(SeriesResponse r)
    {
        string? Num(double? v) => v is not { } x ? null : IsRate(r.Metric) ? x.ToString("0.0", CultureInfo.InvariantCulture) : ((long)Math.Round(x)).ToString(CultureInfo.InvariantCulture);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (r.GroupBy is null)
        {
            return r.Days.Select(p => (IReadOnlyList<string?>)[Day(p.Day), Num(p.Value), p.Cases.ToString(CultureInfo.InvariantCulture)]);
        }
        return r.Groups.SelectMany(g => g.Days.Select(p => (IReadOnlyList<string?>)[g.Key, Day(p.Day), Num(p.Value), p.Cases.ToString(CultureInfo.InvariantCulture)]));
    }
}
