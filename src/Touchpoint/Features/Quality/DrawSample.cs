using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Feedback;
using Touchpoint.Features.Routing;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>
/// Draws an assignment's current cycle once: candidates are the conversations since the cycle before began (resolved,
/// or with a reply unless "resolved only"), read from <c>conversation_facts</c> with the assignee of the latest such
/// fact as the reviewee, narrowed by the assignment's filters (channel, topic, reopened, SLA breached from
/// <c>sla_outcomes</c>, CSAT at most from the surveys); <see cref="ReviewSampler"/> picks. The unique
/// (assignment, cycle, conversation) key and the seed derived from the cycle make a second drawer lose.
/// </summary>
public sealed class DrawSample(TouchpointDb db, IOptions<StoreOptions> store, TimeProvider time)
{
    private const int Chunk = 500;

    /// <summary>The window after a resolve in which a reopen flags the resolve as premature (as the overview's measure).</summary>
    public static readonly TimeSpan QuickReopen = TimeSpan.FromHours(24);

    /// <summary>
    /// The conversations among these facts with a clock-gaming flag: set pending by a reply that asked nothing, or
    /// reopened within <see cref="QuickReopen"/> of a resolve.
    /// </summary>
    public static IEnumerable<Guid> ClockGamed(IEnumerable<(Guid ConversationId, string Kind, DateTime At)> facts) =>
        facts.GroupBy(f => f.ConversationId).Where(g =>
        {
            if (g.Any(f => f.Kind == FactKinds.PendingAsksNothing))
            {
                return true;
            }
            var resolves = g.Where(f => f.Kind == FactKinds.Resolved).Select(f => f.At).ToList();
            return g.Where(f => f.Kind == FactKinds.Reopened).Any(r => resolves.Any(x => x < r.At && r.At - x <= QuickReopen));
        }).Select(g => g.Key);

    public sealed record Result(DateTime CycleStart, DateTime CycleEnd, DateTime From, DateTime To, int Seed, bool DrawnNow, int Samples);

    public async Task<Result> ExecuteAsync(Assignment assignment, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(store.Value.TimeZone);
        var now = time.GetUtcNow().UtcDateTime;
        var (start, end) = ReviewCycle.Containing(now, assignment.Cadence, zone);
        // The last full cycle and what has happened since: at the start of a cycle that is the cycle before; a draw
        // made later in the cycle ("draw now", the demo) also sees the cycle's own conversations so far.
        var (from, _) = ReviewCycle.Before(start, assignment.Cadence, zone);
        var to = now.AddTicks(1);
        var seed = ReviewSampler.SeedFor(assignment.Id, start);
        var existing = await CountAsync(assignment.Id, start, ct);
        if (existing > 0)
        {
            return new Result(start, end, from, to, seed, false, existing);
        }

        var reviewers = await QualityQueries.ReviewersAsync(db, ct);
        var reviewerIds = reviewers.Where(r => assignment.Rules.Reviewers.Contains(r.Email, StringComparer.OrdinalIgnoreCase)).ToList();
        var reviewees = await AgentsOfAsync(db, assignment.Rules.Agents, assignment.Rules.Teams, ct);
        var candidates = await CandidatesAsync(assignment, reviewees.Keys.ToHashSet(StringComparer.Ordinal), from, to, ct);
        var picks = ReviewSampler.Draw(candidates, reviewees.Keys, reviewerIds.Select(r => r.Id), assignment.Goal, seed);
        if (picks.Count == 0)
        {
            return new Result(start, end, from, to, seed, false, 0);
        }
        var reviewerEmail = reviewerIds.ToDictionary(r => r.Id, r => r.Email, StringComparer.Ordinal);
        foreach (var p in picks)
        {
            db.Set<ReviewSample>().Add(ReviewSample.Of(assignment.Id, start, p.Number, p.ConversationId, p.RevieweeId, reviewees[p.RevieweeId],
                p.ReviewerId, reviewerEmail[p.ReviewerId], seed, now));
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return new Result(start, end, from, to, seed, true, picks.Count);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another instance drew this cycle first (the same seed, the same rows): theirs stands.
            db.ChangeTracker.Clear();
            return new Result(start, end, from, to, seed, false, await CountAsync(assignment.Id, start, ct));
        }
    }

    private Task<int> CountAsync(Guid assignment, DateTime start, CancellationToken ct) =>
        db.Set<ReviewSample>().CountAsync(s => s.AssignmentId == assignment && s.CycleStart == start, ct);

    /// <summary>Reviewee ids and addresses: the named agents and the active agents of the named routing teams.</summary>
    internal static async Task<Dictionary<string, string>> AgentsOfAsync(TouchpointDb db, IReadOnlyCollection<string> named, IReadOnlyCollection<string> teams,
        CancellationToken ct)
    {
        var agents = await QualityQueries.AgentsAsync(db, ct);
        var result = agents.Where(a => named.Contains(a.Email, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(a => a.Id, a => a.Email, StringComparer.Ordinal);
        if (teams.Count > 0)
        {
            var profiles = await db.Set<AgentProfile>().AsNoTracking().Select(p => new { p.UserId, p.Teams }).ToListAsync(ct);
            var inTeams = profiles.Where(p => p.Teams.Any(t => teams.Contains(t, StringComparer.OrdinalIgnoreCase))).Select(p => p.UserId).ToHashSet(StringComparer.Ordinal);
            foreach (var a in agents.Where(a => inTeams.Contains(a.Id)))
            {
                result[a.Id] = a.Email;
            }
        }
        return result;
    }

    private async Task<List<ReviewSampler.Candidate>> CandidatesAsync(Assignment assignment, HashSet<string> reviewees, DateTime from, DateTime to, CancellationToken ct)
    {
        var rules = assignment.Rules;
        if (reviewees.Count == 0)
        {
            return [];
        }
        string[] kinds = rules.ResolvedOnly ? [FactKinds.Resolved] : [FactKinds.Resolved, FactKinds.Reply, FactKinds.FirstReply];
        var revieweeList = reviewees.ToList();
        var query = db.Set<ConversationFact>().AsNoTracking()
            .Where(f => kinds.Contains(f.Kind) && f.At >= from && f.At < to && f.AssigneeId != null && revieweeList.Contains(f.AssigneeId));
        if (rules.Channels.Count > 0)
        {
            var channels = rules.Channels.Select(c => Wire.TryParse<Channel>(c, out var parsed) ? parsed : (Channel?)null).OfType<Channel>().ToList();
            query = query.Where(f => channels.Contains(f.Channel));
        }
        if (rules.Topics.Count > 0)
        {
            var topics = rules.Topics;
            query = query.Where(f => topics.Contains(f.Topic));
        }
        var facts = await query.Select(f => new { f.ConversationId, f.Number, f.AssigneeId, f.At, f.CustomerId }).ToListAsync(ct);
        // The reviewee is whoever owned the conversation at its latest fact of the period.
        var latest = facts.GroupBy(f => f.ConversationId).Select(g => g.OrderBy(f => f.At).Last()).ToList();
        var ids = latest.Select(f => f.ConversationId).ToList();
        var numbers = latest.Select(f => f.Number).ToList();
        var customers = latest.Select(f => f.CustomerId).Distinct().ToList();

        var replied = new HashSet<Guid>();
        var reopened = new HashSet<Guid>();
        var gamed = new HashSet<Guid>();
        var breached = new HashSet<Guid>();
        var lowCsat = new HashSet<Guid>();
        var reviewed = new HashSet<long>();
        var shoppers = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(Chunk))
        {
            // By conversation only, kinds sorted here: with the kind in the query SQLite walks the (Kind, At) index over
            // every first reply ever (seconds a chunk at a million conversations) instead of the conversation index.
            var kindsOf = await db.Set<ConversationFact>().AsNoTracking()
                .Where(f => chunk.Contains(f.ConversationId)).Select(f => new { f.ConversationId, f.Kind, f.At }).ToListAsync(ct);
            foreach (var f in kindsOf.Where(f => f.At < to))
            {
                if (f.Kind == FactKinds.FirstReply)
                {
                    replied.Add(f.ConversationId);
                }
                else if (f.Kind == FactKinds.Reopened)
                {
                    reopened.Add(f.ConversationId);
                }
            }
            if (rules.ClockGaming)
            {
                gamed.UnionWith(ClockGamed(kindsOf.Where(f => f.At < to).Select(f => (f.ConversationId, f.Kind, f.At))));
            }
            if (rules.SlaBreached)
            {
                breached.UnionWith(await db.Set<SlaOutcome>().AsNoTracking()
                    .Where(o => !o.Achieved && chunk.Contains(o.ConversationId)).Select(o => o.ConversationId).ToListAsync(ct));
            }
            if (rules.CsatAtMost is { } most)
            {
                lowCsat.UnionWith(await db.Set<Survey>().AsNoTracking()
                    .Where(s => s.Kind == SurveyKind.Csat && s.Value != null && s.Value <= most && s.ConversationId != null && chunk.Contains(s.ConversationId.Value))
                    .Select(s => s.ConversationId!.Value).ToListAsync(ct));
            }
        }
        foreach (var chunk in numbers.Chunk(Chunk))
        {
            reviewed.UnionWith(await db.Set<Review>().AsNoTracking()
                .Where(r => r.ConversationNumber != null && chunk.Contains(r.ConversationNumber.Value)).Select(r => r.ConversationNumber!.Value).ToListAsync(ct));
            // Drawn in an earlier cycle of this assignment: already someone's to review.
            reviewed.UnionWith(await db.Set<ReviewSample>().AsNoTracking()
                .Where(x => x.AssignmentId == assignment.Id && chunk.Contains(x.ConversationNumber)).Select(x => x.ConversationNumber).ToListAsync(ct));
        }
        foreach (var chunk in customers.Chunk(Chunk))
        {
            shoppers.UnionWith(await db.Set<Customer>().AsNoTracking().Where(c => c.MysteryShopper && chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct));
        }
        return [.. latest
            .Where(f => (!rules.Reopened || reopened.Contains(f.ConversationId))
                && (!rules.SlaBreached || breached.Contains(f.ConversationId))
                && (!rules.ClockGaming || gamed.Contains(f.ConversationId))
                && (rules.CsatAtMost is null || lowCsat.Contains(f.ConversationId)))
            .Select(f => new ReviewSampler.Candidate(f.Number, f.ConversationId, f.AssigneeId!, replied.Contains(f.ConversationId),
                shoppers.Contains(f.CustomerId), reviewed.Contains(f.Number)))];
    }
}

/// <summary>Draws every active assignment's cycle when it starts (a pass finds an undrawn current cycle), under the job lease.</summary>
public sealed class AssignmentDrawer(IServiceScopeFactory scopes, TimeProvider time, ILogger<AssignmentDrawer> logger) : Platform.Jobs.PeriodicJob(scopes, time, logger)
{
    public const string JobName = "quality.assignment-draw";

    public override string Name => JobName;

    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        var db = pass.Db;
        var draw = pass.Services.GetRequiredService<DrawSample>();
        var assignments = await db.Set<Assignment>().AsNoTracking().Where(a => a.Active).OrderBy(a => a.Key).ToListAsync(ct);
        var drawn = 0;
        foreach (var assignment in assignments)
        {
            if (!await pass.RenewAsync(ct))
            {
                break;
            }
            var result = await draw.ExecuteAsync(assignment, ct);
            drawn += result.DrawnNow ? result.Samples : 0;
        }
        return drawn;
    }
}
