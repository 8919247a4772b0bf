using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PostCalibrationRequest(string? Name, string? Scorecard, List<long?>? Conversations, List<string?>? Reviewers);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PostCalibrationScoreRequest(long? Conversation, List<AnswerRequest?>? Answers);

/// <summary>POST /api/v1/quality/calibrations: opens a session on a scorecard's latest version for 2–20 reviewers and 1–50 conversations.</summary>
public sealed class OpenCalibration(TouchpointDb db, TimeProvider time)
{
    public const int MaxConversations = 50;
    public const int MaxReviewers = 20;

    public sealed record Checked(string Name, Scorecard Scorecard, IReadOnlyList<long> Conversations, IReadOnlyList<string> Reviewers);

    public async Task<(Checked? Checked, Validation Validation)> ValidateAsync(PostCalibrationRequest? request, CancellationToken ct)
    {
        var v = new Validation();
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")));
        }
        v.Require(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 200, "name", Texts.Ui("Valid.NameRequired", 200));
        Scorecard? scorecard = null;
        if (string.IsNullOrWhiteSpace(request.Scorecard))
        {
            v.Add("scorecard", Texts.Ui("Valid.Required"));
        }
        else
        {
            scorecard = await db.Set<Scorecard>().AsNoTracking().Where(s => s.Key == request.Scorecard).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
            v.Require(scorecard is not null, "scorecard", Texts.Ui("Valid.Quality.UnknownScorecard", request.Scorecard));
        }
        var conversations = new List<long>();
        var given = request.Conversations ?? [];
        if (given.Count is < 1 or > MaxConversations)
        {
            v.Add("conversations", Texts.Ui("Valid.Between", 1, MaxConversations));
        }
        else
        {
            var numbers = given.OfType<long>().ToList();
            var known = (await db.Set<Conversation>().AsNoTracking().Where(c => numbers.Contains(c.Number)).Select(c => c.Number).ToListAsync(ct)).ToHashSet();
            for (var i = 0; i < given.Count; i++)
            {
                if (given[i] is not { } n || !known.Contains(n))
                {
                    v.Add($"conversations[{i}]", Texts.Ui("Valid.Quality.UnknownConversation", given[i]?.ToString() ?? "null"));
                }
                else if (conversations.Contains(n))
                {
                    v.Add($"conversations[{i}]", Texts.Ui("Valid.Quality.Twice"));
                }
                else
                {
                    conversations.Add(n);
                }
            }
        }
        var reviewers = new List<string>();
        var people = request.Reviewers ?? [];
        if (people.Count is < 2 or > MaxReviewers)
        {
            v.Add("reviewers", Texts.Ui("Valid.Between", 2, MaxReviewers));
        }
        else
        {
            var allowed = (await QualityQueries.ReviewersAsync(db, ct)).Select(r => r.Email).ToList();
            for (var i = 0; i < people.Count; i++)
            {
                var canonical = allowed.FirstOrDefault(e => string.Equals(e, people[i]?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (canonical is null)
                {
                    v.Add($"reviewers[{i}]", Texts.Ui("Valid.Quality.Reviewer"));
                }
                else if (reviewers.Contains(canonical, StringComparer.OrdinalIgnoreCase))
                {
                    v.Add($"reviewers[{i}]", Texts.Ui("Valid.Quality.Twice"));
                }
                else
                {
                    reviewers.Add(canonical);
                }
            }
        }
        return v.IsValid ? (new Checked(request.Name!.Trim(), scorecard!, conversations, reviewers), v) : (null, v);
    }

    public async Task<CalibrationSession> ExecuteAsync(Checked request, string actor, CancellationToken ct)
    {
        var session = CalibrationSession.Open(request.Name, request.Scorecard, request.Conversations, request.Reviewers, time.GetUtcNow().UtcDateTime, actor);
        db.Set<CalibrationSession>().Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }
}

/// <summary>
/// POST /api/v1/quality/calibrations/{id}/scores: a session's reviewer scores one of its conversations, once, on the
/// session's scorecard version (every criterion answered, as a review). Stored apart from reviews.
/// </summary>
public sealed class ScoreCalibration(TouchpointDb db, TimeProvider time)
{
    public enum Refusal { None, NotFound, Forbidden, Conflict }

    public sealed record Checked(CalibrationSession Session, long Conversation, string Reviewer,
        IReadOnlyList<(Criterion Criterion, double? Value, string? Comment)> Answers);

    public async Task<(Checked? Checked, Validation Validation, Refusal Refusal)> ValidateAsync(Guid id, PostCalibrationScoreRequest? request,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var v = new Validation();
        var session = await db.Set<CalibrationSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return (null, v, Refusal.NotFound);
        }
        var email = user.HasClaim(c => c.Type == Actors.ApiKeyNameClaim) ? null : user.FindFirstValue(ClaimTypes.Email);
        if (email is null || !session.HasReviewer(email))
        {
            return (null, v, Refusal.Forbidden);
        }
        var reviewer = session.Reviewers.First(r => string.Equals(r, email, StringComparison.OrdinalIgnoreCase));
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")), Refusal.None);
        }
        v.Require(request.Conversation is { } n && session.Conversations.Contains(n), "conversation", Texts.Ui("Valid.Quality.NotInSession"));
        var scorecard = await QualityQueries.ScorecardVersionAsync(db, session.ScorecardKey, session.ScorecardVersion, ct);
        var answers = CreateReview.CheckAnswers(v, scorecard!, request.Answers ?? [], complete: true);
        if (v.IsValid && answers.All(a => a.Value is null))
        {
            v.Add("answers", Texts.Ui("Valid.Quality.AllNa"));
        }
        if (!v.IsValid)
        {
            return (null, v, Refusal.None);
        }
        var number = request.Conversation!.Value;
        if (await db.Set<CalibrationScore>().AnyAsync(s => s.SessionId == id && s.ConversationNumber == number && s.Reviewer == reviewer, ct))
        {
            return (null, v, Refusal.Conflict);
        }
        return (new Checked(session, number, reviewer, answers), v, Refusal.None);
    }

    /// <summary>Null when the reviewer's score of that conversation was written meanwhile (the unique key).</summary>
    public async Task<CalibrationScore?> ExecuteAsync(Checked request, CancellationToken ct)
    {
        var score = CalibrationScore.Record(request.Session.Id, request.Conversation, request.Reviewer, request.Answers, time.GetUtcNow().UtcDateTime);
        db.Set<CalibrationScore>().Add(score);
        try
        {
            await db.SaveChangesAsync(ct);
            return score;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }
}
