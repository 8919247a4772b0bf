using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>
/// PUT /api/v1/quality/scorecards/{key}: creates a scorecard or changes it. The latest version is replaced while no
/// review was scored on it; once one was, the change is a new version and the old one stays for its reviews.
/// </summary>
public sealed partial class SaveScorecard(TouchpointDb db, TopicCatalog topics, TimeProvider time)
{
    public const int MaxCriteria = 100;

    public sealed record Content(string Touchpoint, LocalizedText Name, IReadOnlyList<Criterion> Criteria);

    public sealed record Result(Scorecard Scorecard, bool Created);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex KeyPattern();

    public static bool IsValidKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    public async Task<(Content? Content, Validation Validation)> ValidateAsync(string key, PutScorecardRequest? request, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(IsValidKey(key), "key", Texts.Ui("Valid.Quality.Key"));
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")));
        }
        v.Require(request.Touchpoint is not null && QualityTouchpoints.All.Contains(request.Touchpoint), "touchpoint",
            Texts.Ui("Valid.Quality.Touchpoint", string.Join(", ", QualityTouchpoints.All)));
        LocalizedText.Check(v, "name", request.Name, 200);
        var criteria = request.Criteria ?? [];
        v.Require(criteria.Count is >= 1 and <= MaxCriteria, "criteria", Texts.Ui("Valid.Between", 1, MaxCriteria));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var topicKeys = (await topics.AllAsync(ct)).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < criteria.Count && i < MaxCriteria; i++)
        {
            var c = criteria[i];
            var at = $"criteria[{i}]";
            if (c is null)
            {
                v.Add(at, Texts.Ui("Valid.Required"));
                continue;
            }
            if (!IsValidKey(c.Key))
            {
                v.Add($"{at}.key", Texts.Ui("Valid.Quality.Key"));
            }
            else if (!seen.Add(c.Key!))
            {
                v.Add($"{at}.key", Texts.Ui("Valid.Quality.DuplicateCriterion", c.Key!));
            }
            v.Require(!string.IsNullOrWhiteSpace(c.Section) && c.Section.Trim().Length <= 100, $"{at}.section", Texts.Ui("Valid.NameRequired", 100));
            LocalizedText.Check(v, $"{at}.text", c.Text, 500);
            v.Require(Scale.Find(c.Scale) is not null, $"{at}.scale", Texts.Ui("Valid.Quality.Scale", string.Join(", ", Scale.All.Select(s => s.Key))));
            v.Require(c.Weight is null || c.Weight is > 0 and <= 100, $"{at}.weight", Texts.Ui("Valid.Quality.Weight"));
            v.Require(c.Topic is null || topicKeys.Contains(c.Topic), $"{at}.topic", Texts.Ui("Valid.Quality.Topic"));
            v.Require((c.Training ?? "").Length <= 500, $"{at}.training", Texts.Ui("Valid.MaxChars", 500));
        }
        if (!v.IsValid)
        {
            return (null, v);
        }
        var clean = criteria.Select(c => new Criterion
        {
            Key = c!.Key!, Section = c.Section!.Trim(), Text = new LocalizedText(c.Text!), Scale = c.Scale!, Weight = c.Weight ?? 1,
            AllowNa = c.AllowNa ?? false, Critical = c.Critical ?? false, Topic = c.Topic,
            Training = string.IsNullOrWhiteSpace(c.Training) ? null : c.Training.Trim(),
        }).ToList();
        return (new Content(request.Touchpoint!, new LocalizedText(request.Name!), clean), v);
    }

    public async Task<Result> ExecuteAsync(string key, Content content, string actor, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await ApplyAsync(key, content, actor, ct);
                await db.SaveChangesAsync(ct);
                return result;
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.IsUniqueViolation())
            {
                // Two saves raced for the same new version: the second one sees the first and goes on from it.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Result> ApplyAsync(string key, Content content, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var latest = await db.Set<Scorecard>().Where(s => s.Key == key).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            var created = Scorecard.Create(key, 1, content.Touchpoint, content.Name, content.Criteria, now, actor);
            db.Set<Scorecard>().Add(created);
            return new Result(created, true);
        }
        if (await db.Set<Review>().AnyAsync(r => r.ScorecardId == latest.Id, ct))
        {
            var next = Scorecard.Create(key, latest.Version + 1, content.Touchpoint, content.Name, content.Criteria, now, actor);
            db.Set<Scorecard>().Add(next);
            return new Result(next, false);
        }
        latest.Replace(content.Touchpoint, content.Name, content.Criteria, now, actor);
        return new Result(latest, false);
    }
}
