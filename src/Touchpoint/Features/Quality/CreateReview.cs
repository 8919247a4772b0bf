using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>
/// POST /api/v1/quality/reviews: a reviewer scores an agent's work on the latest version of a scorecard. Every criterion
/// is answered (a value on its scale, or null for N/A where N/A is allowed); the reviewee is an active agent.
/// </summary>
public sealed class CreateReview(TouchpointDb db, QualityWebhook webhook, TimeProvider time)
{
    public const int MaxComment = 4000;
    public const int MaxAnswerComment = 2000;

    public sealed record Checked(Scorecard Scorecard, long? Conversation, string? Order, string RevieweeId, string RevieweeEmail,
        IReadOnlyList<(Criterion Criterion, double? Value, string? Comment)> Answers, string? Comment, Guid? Audit = null);

    public async Task<(Checked? Checked, Validation Validation)> ValidateAsync(PostReviewRequest? request, CancellationToken ct)
    {
        var v = new Validation();
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")));
        }
        Scorecard? scorecard = null;
        if (string.IsNullOrWhiteSpace(request.Scorecard))
        {
            v.Add("scorecard", Texts.Ui("Valid.Required"));
        }
        else
        {
            scorecard = await db.Set<Scorecard>().AsNoTracking().Where(s => s.Key == request.Scorecard)
                .OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
            v.Require(scorecard is not null, "scorecard", Texts.Ui("Valid.Quality.UnknownScorecard", request.Scorecard));
        }
        if (request.Conversation is { } number && !await db.Set<Conversation>().AnyAsync(c => c.Number == number, ct))
        {
            v.Add("conversation", Texts.Ui("Valid.Quality.UnknownConversation", number));
        }
        if (request.Order is { } order && !await db.Set<Order>().AnyAsync(o => o.Number == order, ct))
        {
            v.Add("order", Texts.Ui("Valid.Quality.UnknownOrder", order));
        }
        if (request.Audit is { } audit && !await db.Set<Audit>().AnyAsync(a => a.Id == audit, ct))
        {
            v.Add("audit", Texts.Ui("Problem.Quality.AuditNotFound"));
        }
        v.Require((request.Comment ?? "").Length <= MaxComment, "comment", Texts.Ui("Valid.MaxChars", MaxComment));
        var reviewee = string.IsNullOrWhiteSpace(request.Reviewee) ? null : await AgentByEmailAsync(db, request.Reviewee, ct);
        v.Require(reviewee is not null, "reviewee", Texts.Ui("Valid.Quality.Reviewee"));

        var answers = new List<(Criterion Criterion, double? Value, string? Comment)>();
        if (request.Answers is not { Count: > 0 })
        {
            v.Add("answers", Texts.Ui("Valid.Required"));
        }
        else if (scorecard is not null)
        {
            answers = CheckAnswers(v, scorecard, request.Answers, complete: true);
            if (v.IsValid && answers.All(a => a.Value is null))
            {
                v.Add("answers", Texts.Ui("Valid.Quality.AllNa"));
            }
        }
        if (!v.IsValid)
        {
            return (null, v);
        }
        return (new Checked(scorecard!, request.Conversation, request.Order, reviewee!.Value.Id, reviewee.Value.Email, answers,
            string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(), request.Audit), v);
    }

    public async Task<Review> ExecuteAsync(Checked c, string reviewer, CancellationToken ct)
    {
        var review = Stage(c, reviewer, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return review;
    }

    /// <summary>Adds the review, its history line and its published webhook to the unit of work, unsaved (an audit's submission saves them with itself).</summary>
    public Review Stage(Checked c, string reviewer, DateTime now)
    {
        var review = Review.Record(c.Scorecard, c.Conversation, c.Order, c.RevieweeId, c.RevieweeEmail, c.Answers, c.Comment, now, reviewer, c.Audit);
        db.Set<Review>().Add(review);
        db.Set<ReviewChange>().Add(ReviewChange.Of(review, ReviewChangeKinds.Created, null, reviewer, now, null, null));
        webhook.Queue(review, QualityWebhook.Published, now);
        return review;
    }

    /// <summary>
    /// Checks answers against a scorecard version: a known criterion once, a value on its scale or null (N/A) where N/A is
    /// allowed, a comment within bounds; errors name <c>answers[i].field</c>. <paramref name="complete"/>: every criterion
    /// must be answered (a new review); a dispute or a decision names only the criteria it changes.
    /// </summary>
    public static List<(Criterion Criterion, double? Value, string? Comment)> CheckAnswers(Validation v, Scorecard scorecard,
        IReadOnlyList<AnswerRequest?> answers, bool complete)
    {
        var result = new List<(Criterion, double?, string?)>();
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            var at = $"answers[{i}]";
            if (a is null || string.IsNullOrWhiteSpace(a.Criterion))
            {
                v.Add($"{at}.criterion", Texts.Ui("Valid.Required"));
                continue;
            }
            var criterion = scorecard.Find(a.Criterion);
            if (criterion is null)
            {
                v.Add($"{at}.criterion", Texts.Ui("Valid.Quality.UnknownCriterion", a.Criterion));
                continue;
            }
            if (!given.Add(criterion.Key))
            {
                v.Add($"{at}.criterion", Texts.Ui("Valid.Quality.DuplicateCriterion", criterion.Key));
                continue;
            }
            var scale = criterion.ScaleRange;
            if (a.Value is null)
            {
                v.Require(criterion.AllowNa, $"{at}.value", Texts.Ui("Valid.Quality.NaNotAllowed", criterion.Key));
            }
            else
            {
                v.Require(scale.Allows(a.Value.Value), $"{at}.value", Texts.Ui("Valid.Quality.OutsideScale", scale.Min, scale.Max));
            }
            v.Require((a.Comment ?? "").Length <= MaxAnswerComment, $"{at}.comment", Texts.Ui("Valid.MaxChars", MaxAnswerComment));
            result.Add((criterion, a.Value, string.IsNullOrWhiteSpace(a.Comment) ? null : a.Comment.Trim()));
        }
        if (complete)
        {
            foreach (var missing in scorecard.Criteria.Where(c => !given.Contains(c.Key)))
            {
                v.Add("answers", Texts.Ui("Valid.Quality.MissingCriterion", missing.Key));
            }
        }
        return result;
    }

    /// <summary>An active user with the Agent role, by address; null when there is none.</summary>
    public static async Task<(string Id, string Email)?> AgentByEmailAsync(TouchpointDb db, string email, CancellationToken ct)
    {
        var normalized = email.Trim().ToUpperInvariant();
        var hit = await (from u in db.Set<TouchpointUser>()
                         join ur in db.Set<IdentityUserRole<string>>() on u.Id equals ur.UserId
                         join r in db.Set<IdentityRole>() on ur.RoleId equals r.Id
                         where u.NormalizedEmail == normalized && u.IsActive && r.Name == Roles.Agent
                         select new { u.Id, u.Email }).AsNoTracking().FirstOrDefaultAsync(ct);
        return hit is null ? null : (hit.Id, hit.Email ?? email.Trim());
    }
}
