using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutAssignmentRequest(string? Name, string? Cadence, int? Goal, List<string?>? Reviewers, List<string?>? Agents, List<string?>? Teams,
    List<string?>? Channels, List<string?>? Topics, bool? ResolvedOnly, bool? Reopened, bool? SlaBreached, int? CsatAtMost, string? Scorecard, bool? Active,
    bool? ClockGaming = null);

/// <summary>
/// PUT /api/v1/quality/assignments/{key}: defines a review cycle — reviewers (auditors, service owners, admins),
/// reviewees (agents by address and/or routing teams), a goal per reviewee per cycle and the filters of the draw.
/// </summary>
public sealed class SaveAssignment(TouchpointDb db, TopicCatalog topics, TimeProvider time)
{
    public const int MaxGoal = 100;
    public const int MaxPeople = 200;

    public sealed record Content(string Name, string Cadence, int Goal, string? Scorecard, AssignmentRules Rules, bool Active);

    public async Task<(Content? Content, Validation Validation)> ValidateAsync(string key, PutAssignmentRequest? request, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(SaveScorecard.IsValidKey(key), "key", Texts.Ui("Valid.Quality.Key"));
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")));
        }
        v.Require(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 200, "name", Texts.Ui("Valid.NameRequired", 200));
        v.Require(request.Cadence is not null && Cadences.All.Contains(request.Cadence), "cadence", Texts.Ui("Valid.Use", string.Join(", ", Cadences.All)));
        v.Require(request.Goal is >= 1 and <= MaxGoal, "goal", Texts.Ui("Valid.Between", 1, MaxGoal));
        v.Require(request.CsatAtMost is null or >= 1 and <= 5, "csatAtMost", Texts.Ui("Valid.Between", 1, 5));

        var reviewers = People(v, "reviewers", request.Reviewers, await QualityQueries.ReviewersAsync(db, ct), "Valid.Quality.Reviewer");
        v.Require(request.Reviewers is { Count: > 0 }, "reviewers", Texts.Ui("Valid.Quality.Reviewers"));
        var agents = People(v, "agents", request.Agents, await QualityQueries.AgentsAsync(db, ct), "Valid.Quality.Agent");
        var teams = Clean(v, "teams", request.Teams, t => t.Length <= 64, Texts.Ui("Valid.NameRequired", 64));
        v.Require((request.Agents?.Count ?? 0) + (request.Teams?.Count ?? 0) > 0, "agents", Texts.Ui("Valid.Quality.Reviewees"));
        var channels = Clean(v, "channels", request.Channels, c => Wire.TryParse<Channel>(c, out _) && !c.Any(char.IsDigit),
            Texts.Ui("Valid.Use", string.Join(", ", Wire.Names<Channel>())));
        var topicKeys = (await topics.AllAsync(ct)).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var topicList = Clean(v, "topics", request.Topics, topicKeys.Contains, Texts.Ui("Valid.Quality.Topic"));
        string? scorecard = null;
        if (request.Scorecard is not null)
        {
            scorecard = request.Scorecard;
            v.Require(await db.Set<Scorecard>().AnyAsync(s => s.Key == scorecard, ct), "scorecard", Texts.Ui("Problem.Quality.ScorecardNotFound", scorecard));
        }
        if (!v.IsValid)
        {
            return (null, v);
        }
        var rules = new AssignmentRules
        {
            Reviewers = reviewers, Agents = agents, Teams = teams,
            Channels = [.. channels.Select(c => { Wire.TryParse<Channel>(c, out var parsed); return parsed.ToWire(); })],
            Topics = topicList, ResolvedOnly = request.ResolvedOnly ?? true, Reopened = request.Reopened ?? false,
            SlaBreached = request.SlaBreached ?? false, CsatAtMost = request.CsatAtMost, ClockGaming = request.ClockGaming ?? false,
        };
        return (new Content(request.Name!.Trim(), request.Cadence!, request.Goal!.Value, scorecard, rules, request.Active ?? true), v);
    }

    /// <summary>The emails given, each one of <paramref name="allowed"/> (in its stored spelling), none twice; errors name <c>field[i]</c>.</summary>
    internal static List<string> People(Validation v, string field, List<string?>? emails, IReadOnlyList<(string Id, string Email)> allowed, string message)
    {
        var known = allowed.ToDictionary(a => a.Email, a => a.Email, StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        var list = emails ?? [];
        if (list.Count > MaxPeople)
        {
            v.Add(field, Texts.Ui("Valid.Between", 0, MaxPeople));
            return result;
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } email || !known.TryGetValue(email.Trim(), out var canonical))
            {
                v.Add($"{field}[{i}]", Texts.Ui(message));
            }
            else if (result.Contains(canonical, StringComparer.OrdinalIgnoreCase))
            {
                v.Add($"{field}[{i}]", Texts.Ui("Valid.Quality.Twice"));
            }
            else
            {
                result.Add(canonical);
            }
        }
        return result;
    }

    private static List<string> Clean(Validation v, string field, List<string?>? values, Func<string, bool> ok, string message)
    {
        var result = new List<string>();
        var list = values ?? [];
        if (list.Count > MaxPeople)
        {
            v.Add(field, Texts.Ui("Valid.Between", 0, MaxPeople));
            return result;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var value = list[i]?.Trim();
            if (string.IsNullOrEmpty(value) || !ok(value))
            {
                v.Add($"{field}[{i}]", message);
            }
            else if (!result.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(value);
            }
        }
        return result;
    }

    public async Task<(Assignment Assignment, bool Created)> ExecuteAsync(string key, Content content, string actor, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var assignment = await db.Set<Assignment>().FirstOrDefaultAsync(a => a.Key == key, ct);
            var created = assignment is null;
            if (assignment is null)
            {
                assignment = Assignment.Create(key, now);
                db.Set<Assignment>().Add(assignment);
            }
            assignment.Define(content.Name, content.Cadence, content.Goal, content.Scorecard, content.Rules, content.Active, now, actor);
            try
            {
                await db.SaveChangesAsync(ct);
                return (assignment, created);
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.IsUniqueViolation())
            {
                // Two PUTs created the key at once: the second one changes the first one's row.
                db.ChangeTracker.Clear();
            }
        }
    }
}
