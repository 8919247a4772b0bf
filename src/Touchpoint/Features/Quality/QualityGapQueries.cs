using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Routing;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>Read models of the gaps report and of an agent's training plan (<see cref="CriterionGaps"/>).</summary>
public static class QualityGapQueries
{
    /// <summary>The answers of the reviews written in [from, to), optionally of one touchpoint and of some reviewees.</summary>
    public static async Task<IReadOnlyList<CriterionGaps.Answer>> AnswersAsync(TouchpointDb db, DateTime from, DateTime to, string? touchpoint,
        IReadOnlyCollection<string>? reviewees, CancellationToken ct)
    {
        var reviews = db.Set<Review>().AsNoTracking().Where(r => r.CreatedAt >= from && r.CreatedAt < to);
        if (touchpoint is not null)
        {
            reviews = reviews.Where(r => r.Touchpoint == touchpoint);
        }
        if (reviewees is not null)
        {
            reviews = reviews.Where(r => reviewees.Contains(r.RevieweeId));
        }
        var rows = await (from a in db.Set<ReviewAnswer>().AsNoTracking()
                          join r in reviews on a.ReviewId equals r.Id
                          where a.Normalised != null
                          select new { r.ScorecardKey, a.Criterion, a.Normalised }).ToListAsync(ct);
        return [.. rows.Select(x => new CriterionGaps.Answer(x.ScorecardKey, x.Criterion, x.Normalised))];
    }

    /// <summary>The user ids of a team's members (agent profiles naming it, any case).</summary>
    public static async Task<IReadOnlyCollection<string>> TeamMembersAsync(TouchpointDb db, string team, CancellationToken ct)
    {
        var profiles = await db.Set<AgentProfile>().AsNoTracking().Select(p => new { p.UserId, p.Teams }).ToListAsync(ct);
        return [.. profiles.Where(p => p.Teams.Any(t => string.Equals(t, team, StringComparison.OrdinalIgnoreCase))).Select(p => p.UserId)];
    }

    /// <summary>A criterion's wording and training link: from the newest version of its scorecard that has it.</summary>
    public static async Task<Func<string, string, Criterion?>> CriteriaAsync(TouchpointDb db, IEnumerable<string> scorecards, CancellationToken ct)
    {
        var keys = scorecards.Distinct(StringComparer.Ordinal).ToList();
        var versions = await db.Set<Scorecard>().AsNoTracking().Where(s => keys.Contains(s.Key)).ToListAsync(ct);
        var byKey = versions.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.Version).ToList(), StringComparer.Ordinal);
        return (card, criterion) => byKey.GetValueOrDefault(card)?.Select(s => s.Find(criterion)).FirstOrDefault(c => c is not null);
    }

    public static async Task<GapsResponse> GapsAsync(TouchpointDb db, DateTime from, DateTime to, string? touchpoint, IReadOnlyCollection<string>? reviewees,
        string language, int limit, CancellationToken ct)
    {
        var ranked = CriterionGaps.Rank(await AnswersAsync(db, from, to, touchpoint, reviewees, ct)).Take(limit).ToList();
        var find = await CriteriaAsync(db, ranked.Select(t => t.Scorecard), ct);
        return new GapsResponse(from, to, [.. ranked.Select(t =>
        {
            var c = find(t.Scorecard, t.Criterion);
            return new GapItem(t.Criterion, c?.Text.For(language) ?? t.Criterion, t.Scorecard, t.PassRate, t.Answers, c?.Training);
        })]);
    }

    /// <summary>
    /// An agent's three weakest criteria over [from, to) with their training links, and how each did over the period of
    /// the same length that follows.
    /// </summary>
    public static async Task<TrainingPlan> TrainingAsync(TouchpointDb db, string agentId, string agentEmail, DateTime from, DateTime to, string language,
        CancellationToken ct)
    {
        var nextTo = to + (to - from);
        string[] who = [agentId];
        var weakest = CriterionGaps.Weakest(await AnswersAsync(db, from, to, null, who, ct));
        var next = CriterionGaps.Rank(await AnswersAsync(db, to, nextTo, null, who, ct)).ToDictionary(t => (t.Scorecard, t.Criterion));
        var find = await CriteriaAsync(db, weakest.Select(t => t.Scorecard), ct);
        return new TrainingPlan(agentEmail, from, to, to, nextTo, [.. weakest.Select(t =>
        {
            var c = find(t.Scorecard, t.Criterion);
            var later = next.GetValueOrDefault((t.Scorecard, t.Criterion));
            return new TrainingItem(t.Criterion, c?.Text.For(language) ?? t.Criterion, t.Scorecard, t.PassRate, t.Answers, c?.Training,
                later?.PassRate, later?.Answers ?? 0, CriterionGaps.Improved(t, later));
        })]);
    }
}
