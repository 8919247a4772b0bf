using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>Who sees which reviews: reviewers, owners, admins and API keys everyone's; an agent only their own.</summary>
public static class QualityAccess
{
    public static bool SeesEveryone(ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == Actors.ApiKeyNameClaim) || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.ServiceOwner) || user.IsInRole(Roles.Auditor);

    /// <summary>Null when the reader sees everyone; else the user id whose reviews they may see.</summary>
    public static string? OnlyFor(ClaimsPrincipal user) =>
        SeesEveryone(user) ? null : user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>Whether the reader may see a review of <paramref name="revieweeId"/> (unknown to them otherwise: 404).</summary>
    public static bool CanSee(ClaimsPrincipal user, string revieweeId) => SeesEveryone(user) || IsReviewee(user, revieweeId);

    /// <summary>Only the reviewee disputes their review (a signed-in person, never an API key).</summary>
    public static bool IsReviewee(ClaimsPrincipal user, string revieweeId) =>
        !user.HasClaim(c => c.Type == Actors.ApiKeyNameClaim) && user.FindFirstValue(ClaimTypes.NameIdentifier) == revieweeId;

    /// <summary>Deciding disputes: service owners, admins and the store's systems with an API key; not auditors, not agents.</summary>
    public static bool Decides(ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == Actors.ApiKeyNameClaim) || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.ServiceOwner);

    /// <summary>Scoring reviews: auditors, service owners, admins and API keys.</summary>
    public static bool Reviews(ClaimsPrincipal user) => SeesEveryone(user);
}

/// <summary>Read models of Quality for the API and the pages: scorecards, reviews, the employee report and the bonus table.</summary>
public static class QualityQueries
{
    public static async Task<ScorecardResponse?> ScorecardAsync(TouchpointDb db, string key, int? version, CancellationToken ct)
    {
        var query = db.Set<Scorecard>().AsNoTracking().Where(s => s.Key == key);
        var scorecard = version is { } v
            ? await query.FirstOrDefaultAsync(s => s.Version == v, ct)
            : await query.OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        if (scorecard is null)
        {
            return null;
        }
        var hasReviews = await db.Set<Review>().AnyAsync(r => r.ScorecardId == scorecard.Id, ct);
        return ToResponse(scorecard, hasReviews);
    }

    public static ScorecardResponse ToResponse(Scorecard s, bool hasReviews) => new(s.Key, s.Version, s.Touchpoint, s.Name,
        [.. s.Criteria.Select(c => new CriterionResponse(c.Key, c.Section, c.Text, c.Scale, c.Weight, c.AllowNa, c.Critical, c.Topic, c.Training))],
        s.UpdatedAt, hasReviews);

    /// <summary>One version of a scorecard, the criteria a review was scored on.</summary>
    public static Task<Scorecard?> ScorecardVersionAsync(TouchpointDb db, string key, int version, CancellationToken ct) =>
        db.Set<Scorecard>().AsNoTracking().FirstOrDefaultAsync(s => s.Key == key && s.Version == version, ct);

    /// <summary>The latest version of every scorecard, for pickers.</summary>
    public static async Task<IReadOnlyList<Scorecard>> LatestScorecardsAsync(TouchpointDb db, CancellationToken ct)
    {
        var all = await db.Set<Scorecard>().AsNoTracking().ToListAsync(ct);
        return [.. all.GroupBy(s => s.Key).Select(g => g.MaxBy(s => s.Version)!).OrderBy(s => s.Touchpoint).ThenBy(s => s.Key)];
    }

    /// <summary>The active agents (id and address), for the reviewee pickers.</summary>
    public static async Task<IReadOnlyList<(string Id, string Email)>> AgentsAsync(TouchpointDb db, CancellationToken ct)
    {
        var rows = await (from u in db.Set<TouchpointUser>()
                          join ur in db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>() on u.Id equals ur.UserId
                          join r in db.Set<Microsoft.AspNetCore.Identity.IdentityRole>() on ur.RoleId equals r.Id
                          where u.IsActive && r.Name == Roles.Agent
                          select new { u.Id, u.Email }).AsNoTracking().ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.Email ?? "")).OrderBy(r => r.Item2, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The user id behind an address (any user), so filters follow the account and not the spelling.</summary>
    public static Task<string?> UserIdByEmailAsync(TouchpointDb db, string email, CancellationToken ct)
    {
        var normalized = email.Trim().ToUpperInvariant();
        return db.Set<TouchpointUser>().AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Reviews newest first; <paramref name="revieweeId"/> limits them to one person.</summary>
    public static async Task<ReviewPage> ReviewsAsync(TouchpointDb db, string? revieweeId, long? conversation, DateTime? from, DateTime? to,
        int page, int pageSize, CancellationToken ct)
    {
        var query = db.Set<Review>().AsNoTracking();
        if (revieweeId is not null)
        {
            query = query.Where(r => r.RevieweeId == revieweeId);
        }
        if (conversation is { } n)
        {
            query = query.Where(r => r.ConversationNumber == n);
        }
        if (from is { } f)
        {
            query = query.Where(r => r.CreatedAt >= f);
        }
        if (to is { } t)
        {
            query = query.Where(r => r.CreatedAt < t);
        }
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize + 1)
            .Include(r => r.Answers)
            .AsSplitQuery()
            .ToListAsync(ct);
        var items = rows.Take(pageSize).Select(ToSummary).ToList();
        return new ReviewPage(items, page, pageSize, rows.Count > pageSize);
    }

    public static ReviewSummary ToSummary(Review r) => new(r.Id, r.ScorecardKey, r.ScorecardVersion, r.Touchpoint, r.ConversationNumber, r.OrderNumber,
        r.RevieweeEmail, r.Reviewer, r.Score, r.CriticalFailed, r.Comment, r.CreatedAt,
        [.. r.Answers.Select(a => new AnswerResponse(a.Criterion, a.Value, a.Comment))], r.AuditId);

    /// <summary>One review with its answers, disputes and history; null when unknown or not the reader's to see.</summary>
    public static async Task<ReviewDetail?> ReviewDetailAsync(TouchpointDb db, Guid id, ClaimsPrincipal reader, CancellationToken ct)
    {
        var r = await db.Set<Review>().AsNoTracking().Include(x => x.Answers).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || !QualityAccess.CanSee(reader, r.RevieweeId))
        {
            return null;
        }
        var disputes = await db.Set<Dispute>().AsNoTracking().Where(d => d.ReviewId == id).ToListAsync(ct);
        var history = await db.Set<ReviewChange>().AsNoTracking().Where(h => h.ReviewId == id).ToListAsync(ct);
        var s = ToSummary(r);
        return new ReviewDetail(s.Id, s.Scorecard, s.ScorecardVersion, s.Touchpoint, s.Conversation, s.Order, s.Reviewee, s.Reviewer, s.Score,
            s.CriticalFailed, s.Comment, s.CreatedAt, s.Answers,
            [.. disputes.OrderBy(d => d.OpenedAt).Select(d => ToResponse(d, r))],
            [.. history.OrderBy(h => h.At).ThenBy(h => KindOrder(h.Kind)).Select(h =>
                new ReviewChangeResponse(h.Kind, h.At, h.Actor, h.DisputeId, h.OldScore, h.NewScore, h.CriticalFailed, h.Detail))]);
    }

    private static int KindOrder(string kind) => kind switch
    {
        ReviewChangeKinds.Created => 0, ReviewChangeKinds.Disputed => 1, ReviewChangeKinds.Decided => 2, _ => 3,
    };

    public static DisputeResponse ToResponse(Dispute d, Review r) => new(d.Id, r.Id, d.Status, r.RevieweeEmail, r.ScorecardKey, r.ScorecardVersion,
        r.ConversationNumber, r.Score, r.CriticalFailed, d.Comment, d.Proposed, d.OpenedBy, d.OpenedAt, d.Decided, d.DecisionComment, d.DecidedBy, d.DecidedAt);

    /// <summary>Disputes, oldest open first (a queue) or newest first for decided ones; <paramref name="revieweeId"/> limits them to one person.</summary>
    public static async Task<DisputePage> DisputesAsync(TouchpointDb db, string? status, string? revieweeId, int page, int pageSize, CancellationToken ct)
    {
        var query = from d in db.Set<Dispute>().AsNoTracking()
                    join r in db.Set<Review>().AsNoTracking() on d.ReviewId equals r.Id
                    select new { d, r };
        if (status is not null)
        {
            query = query.Where(x => x.d.Status == status);
        }
        if (revieweeId is not null)
        {
            query = query.Where(x => x.d.RevieweeId == revieweeId);
        }
        var ordered = status == DisputeStatus.Open
            ? query.OrderBy(x => x.d.OpenedAt).ThenBy(x => x.d.Id)
            : query.OrderByDescending(x => x.d.OpenedAt).ThenByDescending(x => x.d.Id);
        var rows = await ordered.Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        return new DisputePage([.. rows.Take(pageSize).Select(x => ToResponse(x.d, x.r))], page, pageSize, rows.Count > pageSize);
    }

    public sealed record ReviewScoreRow(DateTime At, string RevieweeId, double Score);

    /// <summary>Read-only, for Reporting's QA score: each review created in [from, to) (one reviewee's when named), its moment, reviewee and score.</summary>
    public static async Task<IReadOnlyList<ReviewScoreRow>> ReviewScoresAsync(TouchpointDb db, DateTime from, DateTime to, string? onlyReviewee, CancellationToken ct)
    {
        var reviews = db.Set<Review>().AsNoTracking().Where(r => r.CreatedAt >= from && r.CreatedAt < to);
        if (onlyReviewee is not null)
        {
            reviews = reviews.Where(r => r.RevieweeId == onlyReviewee);
        }
        return await reviews.Select(r => new ReviewScoreRow(r.CreatedAt, r.RevieweeId, r.Score)).ToListAsync(ct);
    }

    public sealed record AgentStats(string RevieweeId, string Agent, int Reviews, double Score, int CriticalFails, IReadOnlyList<string> Weakest);

    /// <summary>
    /// Per employee over [from, to): number of reviews, the mean score, critical fails and their three weakest criteria
    /// (lowest mean of normalised answers below full marks). Grouped in the database over the reviews' indexes.
    /// </summary>
    public static async Task<IReadOnlyList<AgentStats>> AgentStatsAsync(TouchpointDb db, DateTime from, DateTime to, string? touchpoint,
        string? onlyReviewee, CancellationToken ct)
    {
        var reviews = db.Set<Review>().AsNoTracking().Where(r => r.CreatedAt >= from && r.CreatedAt < to);
        if (touchpoint is not null)
        {
            reviews = reviews.Where(r => r.Touchpoint == touchpoint);
        }
        if (onlyReviewee is not null)
        {
            reviews = reviews.Where(r => r.RevieweeId == onlyReviewee);
        }
        var totals = await reviews.GroupBy(r => new { r.RevieweeId, r.RevieweeEmail })
            .Select(g => new { g.Key.RevieweeId, g.Key.RevieweeEmail, Reviews = g.Count(), Score = g.Average(r => r.Score), Critical = g.Count(r => r.CriticalFailed) })
            .ToListAsync(ct);
        var criteria = await (from a in db.Set<ReviewAnswer>()
                              join r in reviews on a.ReviewId equals r.Id
                              where a.Normalised != null
                              group a by new { r.RevieweeId, a.Criterion } into g
                              select new { g.Key.RevieweeId, g.Key.Criterion, Mean = g.Average(x => x.Normalised!.Value) })
            .ToListAsync(ct);
        var weakest = criteria.Where(c => c.Mean < 1 - 1e-9).GroupBy(c => c.RevieweeId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.OrderBy(c => c.Mean).ThenBy(c => c.Criterion, StringComparer.Ordinal).Take(3).Select(c => c.Criterion)]);
        // One person's address can change between reviews: they are one row, under the latest spelling seen.
        return [.. totals.GroupBy(t => t.RevieweeId).Select(g =>
        {
            var reviewsCount = g.Sum(x => x.Reviews);
            var mean = g.Sum(x => x.Score * x.Reviews) / reviewsCount;
            return new AgentStats(g.Key, g.Max(x => x.RevieweeEmail)!, reviewsCount, ReviewScore.Round(mean), g.Sum(x => x.Critical),
                weakest.GetValueOrDefault(g.Key) ?? []);
        }).OrderBy(s => s.Agent, StringComparer.OrdinalIgnoreCase)];
    }

    public static AgentReport Page(IReadOnlyList<AgentStats> stats, int page, int pageSize) => new(
        [.. stats.Skip((page - 1) * pageSize).Take(pageSize).Select(s => new AgentReportRow(s.Agent, s.Reviews, s.Score, s.CriticalFails, s.Weakest))],
        page, pageSize, stats.Count > page * pageSize);

    /// <summary>One employee's bonus line: their stats, SLA compliance % (null: no SLA-measured conversation) and the outcome.</summary>
    public sealed record BonusLine(AgentStats Stats, double? SlaCompliance, BonusRule.Outcome Outcome);

    /// <summary>The rule of a month: the SLA weight set for the latest month at or before it, else the default (weight 0).</summary>
    public static async Task<BonusRule> BonusRuleAsync(TouchpointDb db, string period, CancellationToken ct)
    {
        // One row per month an owner set: a handful, compared here (YYYY-MM sorts as text).
        var settings = await db.Set<BonusRuleSetting>().AsNoTracking().Select(r => new { r.Period, r.SlaWeight }).ToListAsync(ct);
        var latest = settings.Where(r => string.CompareOrdinal(r.Period, period) <= 0).MaxBy(r => r.Period, StringComparer.Ordinal);
        return latest is null ? BonusRule.Default : BonusRule.Default.WithSlaWeight(latest.SlaWeight);
    }

    /// <summary>
    /// Each employee's line of a month by <paramref name="rule"/>: SLA compliance (achieved / decided × 100, one decimal) of
    /// the cycles assigned to them and decided in the month, read from the SLA module's roll-ups the way its report does.
    /// </summary>
    public static async Task<IReadOnlyList<BonusLine>> BonusLinesAsync(TouchpointDb db, BonusMonth month, TimeZoneInfo zone, BonusRule rule,
        IReadOnlyList<AgentStats> stats, CancellationToken ct)
    {
        if (stats.Count == 0)
        {
            return [];
        }
        var sla = await Sla.SlaReport.ComplianceByAgentAsync(db, zone, month.FirstDay, month.LastDay, ct);
        return [.. stats.Select(s =>
        {
            double? compliance = sla.TryGetValue(s.RevieweeId, out var c) && c.Achieved + c.Breached > 0
                ? ReviewScore.Round(100.0 * c.Achieved / (c.Achieved + c.Breached)) : null;
            return new BonusLine(s, compliance, rule.Apply(s.Score, compliance, s.CriticalFails));
        })];
    }

    private static BonusRow Row(BonusLine l, double weight) =>
        new(l.Stats.Agent, l.Outcome.Score, l.Outcome.Percent, l.Outcome.Reason, l.Stats.Score, l.SlaCompliance, weight);

    /// <summary>
    /// An approved month's frozen table, or null when the month is not approved; <paramref name="onlyReviewee"/> limits it
    /// to one person's row. The reason is worded for the reader from the frozen numbers and the weight approved.
    /// </summary>
    public static async Task<(BonusTable Table, IReadOnlyList<BonusRow> All)?> FrozenBonusAsync(TouchpointDb db, string period, string? onlyReviewee,
        int page, int pageSize, CancellationToken ct)
    {
        var frozen = await db.Set<BonusPeriod>().AsNoTracking().FirstOrDefaultAsync(p => p.Period == period, ct);
        if (frozen is null)
        {
            return null;
        }
        var query = db.Set<BonusPeriodRow>().AsNoTracking().Where(r => r.PeriodId == frozen.Id);
        if (onlyReviewee is not null)
        {
            query = query.Where(r => r.RevieweeId == onlyReviewee);
        }
        var rows = await query.OrderBy(r => r.Position).ToListAsync(ct);
        var rule = BonusRule.Default.WithSlaWeight(frozen.SlaWeight);
        var all = rows.Select(r => new BonusRow(r.Agent, r.Score, r.BonusPercent, rule.Apply(r.QaScore, r.SlaCompliance, r.CriticalFails).Reason,
            r.QaScore, r.SlaCompliance, frozen.SlaWeight)).ToList();
        return (new BonusTable(period, [.. all.Skip((page - 1) * pageSize).Take(pageSize)], page, pageSize, all.Count > page * pageSize,
            true, frozen.ApprovedBy, frozen.ApprovedAt, frozen.SlaWeight), all);
    }

    /// <summary>
    /// A month's bonus table as the API and the page show it: the frozen one once approved, else a preview by the month's
    /// rule over its reviews and SLA cycles. <c>All</c> is every row (for CSV) when <paramref name="whole"/>, else the page's.
    /// </summary>
    public static async Task<(BonusTable Table, IReadOnlyList<BonusRow> All)> BonusTableAsync(TouchpointDb db, BonusMonth month, TimeZoneInfo zone,
        string? onlyReviewee, int page, int pageSize, bool whole, CancellationToken ct)
    {
        if (await FrozenBonusAsync(db, month.Period, onlyReviewee, page, pageSize, ct) is { } frozen)
        {
            return frozen;
        }
        var rule = await BonusRuleAsync(db, month.Period, ct);
        var stats = await AgentStatsAsync(db, month.Start, month.End, null, onlyReviewee, ct);
        var shown = whole ? stats : [.. stats.Skip((page - 1) * pageSize).Take(pageSize)];
        var lines = await BonusLinesAsync(db, month, zone, rule, shown, ct);
        var all = lines.Select(l => Row(l, rule.SlaWeight)).ToList();
        var items = whole ? [.. all.Skip((page - 1) * pageSize).Take(pageSize)] : all;
        return (new BonusTable(month.Period, items, page, pageSize, stats.Count > page * pageSize, SlaWeight: rule.SlaWeight), all);
    }

    /// <summary>One employee's <see cref="ScoreTrend"/> over the last <paramref name="periods"/> weeks or months (calibration scores are no reviews).</summary>
    public static async Task<IReadOnlyList<ScoreTrend.Point>> ScoreTrendAsync(TouchpointDb db, string revieweeId, string bucket, TimeZoneInfo zone, DateTime now,
        int periods, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
        var first = ScoreTrend.FirstOf(today, bucket, periods);
        var since = TimeZoneInfo.ConvertTimeToUtc(first.ToDateTime(TimeOnly.MinValue), zone);
        var rows = await db.Set<Review>().AsNoTracking().Where(r => r.RevieweeId == revieweeId && r.CreatedAt >= since)
            .Select(r => new { r.CreatedAt, r.Score }).ToListAsync(ct);
        return ScoreTrend.Compute(rows.Select(r => (r.CreatedAt, r.Score)), zone, bucket, first, today);
    }

    /// <summary>The active users who may review (auditors, service owners, admins), for assignments' reviewer lists.</summary>
    public static async Task<IReadOnlyList<(string Id, string Email)>> ReviewersAsync(TouchpointDb db, CancellationToken ct)
    {
        string[] roles = [Roles.Auditor, Roles.ServiceOwner, Roles.Admin];
        var rows = await (from u in db.Set<TouchpointUser>()
                          join ur in db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>() on u.Id equals ur.UserId
                          join r in db.Set<Microsoft.AspNetCore.Identity.IdentityRole>() on ur.RoleId equals r.Id
                          where u.IsActive && roles.Contains(r.Name!)
                          select new { u.Id, u.Email }).AsNoTracking().ToListAsync(ct);
        return [.. rows.DistinctBy(r => r.Id).Select(r => (r.Id, r.Email ?? "")).OrderBy(r => r.Item2, StringComparer.OrdinalIgnoreCase)];
    }

    public static AssignmentResponse ToResponse(Assignment a, TimeZoneInfo zone, DateTime now)
    {
        var (start, end) = ReviewCycle.Containing(now, a.Cadence, zone);
        var r = a.Rules;
        return new AssignmentResponse(a.Key, a.Name, a.Cadence, a.Goal, a.Scorecard, r.Reviewers, r.Agents, r.Teams, r.Channels, r.Topics,
            r.ResolvedOnly, r.Reopened, r.SlaBreached, r.ClockGaming, r.CsatAtMost, a.Active, a.UpdatedAt, a.UpdatedBy, start, end);
    }

    public static async Task<AssignmentPage> AssignmentsAsync(TouchpointDb db, TimeZoneInfo zone, DateTime now, int page, int pageSize, CancellationToken ct)
    {
        var rows = await db.Set<Assignment>().AsNoTracking().OrderBy(a => a.Key).Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        return new AssignmentPage([.. rows.Take(pageSize).Select(a => ToResponse(a, zone, now))], page, pageSize, rows.Count > pageSize);
    }

    /// <summary>
    /// A reviewer's queue (or everyone's when <paramref name="reviewerId"/> is null): the samples of each assignment's cycle
    /// containing <paramref name="at"/>, each done when that reviewer has reviewed the conversation, and per assignment and
    /// reviewee the progress of all reviewers against the goal.
    /// </summary>
    public static async Task<QueueResponse> QueueAsync(TouchpointDb db, string? reviewerId, DateTime at, TimeZoneInfo zone, int page, int pageSize, CancellationToken ct)
    {
        var assignments = await db.Set<Assignment>().AsNoTracking().OrderBy(a => a.Key).ToListAsync(ct);
        var items = new List<QueueItem>();
        var progress = new List<QueueProgress>();
        foreach (var a in assignments)
        {
            var (start, end) = ReviewCycle.Containing(at, a.Cadence, zone);
            var samples = await db.Set<ReviewSample>().AsNoTracking().Where(s => s.AssignmentId == a.Id && s.CycleStart == start).ToListAsync(ct);
            if (samples.Count == 0)
            {
                continue;
            }
            var numbers = samples.Select(s => s.ConversationNumber).ToList();
            var reviews = await db.Set<Review>().AsNoTracking().Where(r => r.ConversationNumber != null && numbers.Contains(r.ConversationNumber.Value))
                .Select(r => new { Number = r.ConversationNumber!.Value, r.Reviewer }).ToListAsync(ct);
            var done = reviews.Select(r => (r.Number, r.Reviewer.ToUpperInvariant())).ToHashSet();
            bool Done(ReviewSample s) => done.Contains((s.ConversationNumber, ("user:" + s.ReviewerEmail).ToUpperInvariant()));
            var mine = samples.Where(s => reviewerId is null || s.ReviewerId == reviewerId).ToList();
            items.AddRange(mine.OrderBy(s => s.RevieweeEmail, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.ConversationNumber)
                .Select(s => new QueueItem(a.Key, a.Name, start, end, s.ConversationNumber, s.RevieweeEmail, s.ReviewerEmail, Done(s), a.Scorecard, s.DrawnAt)));
            var shown = mine.Select(s => s.RevieweeId).ToHashSet(StringComparer.Ordinal);
            progress.AddRange(samples.Where(s => shown.Contains(s.RevieweeId)).GroupBy(s => s.RevieweeId)
                .Select(g => new QueueProgress(a.Key, a.Name, g.First().RevieweeEmail, a.Goal, g.Count(), g.Count(Done)))
                .OrderBy(p => p.Reviewee, StringComparer.OrdinalIgnoreCase));
        }
        return new QueueResponse([.. items.Skip((page - 1) * pageSize).Take(pageSize)], progress, page, pageSize, items.Count > page * pageSize);
    }

    /// <summary>A calibration session as <paramref name="reader"/> may see it: null when they are neither in it nor an owner.</summary>
    public static async Task<CalibrationResponse?> CalibrationAsync(TouchpointDb db, Guid id, ClaimsPrincipal reader, CancellationToken ct)
    {
        var session = await db.Set<CalibrationSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return session is null ? null : (await CalibrationsAsync(db, [session], reader, ct)).FirstOrDefault();
    }

    /// <summary>
    /// The reader's calibration sessions, newest first; <paramref name="agentId"/> keeps those with a conversation assigned
    /// to that agent (the work being calibrated).
    /// </summary>
    public static async Task<CalibrationPage> CalibrationPageAsync(TouchpointDb db, ClaimsPrincipal reader, int page, int pageSize, CancellationToken ct,
        string? agentId = null)
    {
        // Sessions are few (a handful a month): the reader's are filtered in memory, since reviewers are one JSON column.
        var all = await db.Set<CalibrationSession>().AsNoTracking().OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        if (agentId is not null)
        {
            var numbers = all.SelectMany(s => s.Conversations).Distinct().ToList();
            var theirs = (await db.Set<Conversations.Conversation>().AsNoTracking().Where(c => numbers.Contains(c.Number) && c.AssigneeId == agentId)
                .Select(c => c.Number).ToListAsync(ct)).ToHashSet();
            all = [.. all.Where(s => s.Conversations.Any(theirs.Contains))];
        }
        var visible = await CalibrationsAsync(db, all, reader, ct);
        return new CalibrationPage([.. visible.Skip((page - 1) * pageSize).Take(pageSize)], page, pageSize, visible.Count > page * pageSize);
    }

    private static async Task<List<CalibrationResponse>> CalibrationsAsync(TouchpointDb db, IReadOnlyList<CalibrationSession> sessions, ClaimsPrincipal reader, CancellationToken ct)
    {
        var everyone = QualityAccess.Decides(reader);
        var email = reader.FindFirstValue(ClaimTypes.Email) ?? "";
        var mine = sessions.Where(s => everyone || s.HasReviewer(email)).ToList();
        var ids = mine.Select(s => s.Id).ToList();
        var scores = await db.Set<CalibrationScore>().AsNoTracking().Where(x => ids.Contains(x.SessionId)).ToListAsync(ct);
        return [.. mine.Select(s =>
        {
            var own = scores.Where(x => x.SessionId == s.Id).ToList();
            // Reviewers score without seeing each other: a reviewer sees only their own scores.
            var shown = everyone ? own : own.Where(x => string.Equals(x.Reviewer, email, StringComparison.OrdinalIgnoreCase)).ToList();
            return new CalibrationResponse(s.Id, s.Name, s.ScorecardKey, s.ScorecardVersion, s.Conversations, s.Reviewers, s.CreatedAt, own.Count,
                s.Conversations.Count * s.Reviewers.Count,
                [.. shown.OrderBy(x => x.ConversationNumber).ThenBy(x => x.Reviewer, StringComparer.OrdinalIgnoreCase).Select(x => new CalibrationScoreResponse(
                    x.ConversationNumber, x.Reviewer, x.Score, x.CriticalFailed, [.. x.Answers.Select(a => new AnswerResponse(a.Criterion, a.Value, null))], x.CreatedAt))]);
        })];
    }

    /// <summary>The session's result (<see cref="CalibrationResult"/>) over the scores given so far.</summary>
    public static async Task<CalibrationResponseResult?> CalibrationResultAsync(TouchpointDb db, Guid id, CancellationToken ct)
    {
        var session = await db.Set<CalibrationSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return null;
        }
        var scores = await db.Set<CalibrationScore>().AsNoTracking().Where(x => x.SessionId == id).ToListAsync(ct);
        var result = CalibrationResult.Compute(scores.Select(x => new CalibrationResult.Scoring(x.ConversationNumber, x.Reviewer, x.Score,
            x.Answers.ToDictionary(a => a.Criterion, a => a.Normalised, StringComparer.Ordinal))));
        return new CalibrationResponseResult(session.Id, session.Name, CalibrationResult.FlagAbove, result);
    }
}
