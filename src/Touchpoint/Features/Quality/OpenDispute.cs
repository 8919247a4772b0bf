using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>
/// POST /api/v1/quality/reviews/{id}/disputes: the reviewee objects to their review with a comment and, optionally, the
/// answers they propose (only the criteria they dispute, checked on the review's scorecard version like a new review's).
/// One open dispute per review.
/// </summary>
public sealed class OpenDispute(TouchpointDb db, TimeProvider time)
{
    public const int MaxComment = 4000;

    public enum Refusal { None, NotFound, Forbidden, Conflict }

    public sealed record Checked(Review Review, string Comment, IReadOnlyList<ProposedAnswer> Answers);

    public async Task<(Checked? Checked, Validation Validation, Refusal Refusal)> ValidateAsync(Guid reviewId, PostDisputeRequest? request,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var v = new Validation();
        var review = await db.Set<Review>().Include(r => r.Answers).FirstOrDefaultAsync(r => r.Id == reviewId, ct);
        if (review is null || !QualityAccess.CanSee(user, review.RevieweeId))
        {
            return (null, v, Refusal.NotFound);
        }
        if (!QualityAccess.IsReviewee(user, review.RevieweeId))
        {
            return (null, v, Refusal.Forbidden);
        }
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")), Refusal.None);
        }
        v.Require(!string.IsNullOrWhiteSpace(request.Comment), "comment", Texts.Ui("Valid.Required"));
        v.Require((request.Comment ?? "").Length <= MaxComment, "comment", Texts.Ui("Valid.MaxChars", MaxComment));
        var scorecard = await db.Set<Scorecard>().AsNoTracking().FirstAsync(s => s.Id == review.ScorecardId, ct);
        var answers = CheckChanges(v, scorecard, review, request.Answers);
        if (!v.IsValid)
        {
            return (null, v, Refusal.None);
        }
        if (await db.Set<Dispute>().AnyAsync(d => d.ReviewId == review.Id && d.Status == DisputeStatus.Open, ct))
        {
            return (null, v, Refusal.Conflict);
        }
        return (new Checked(review, request.Comment!.Trim(), answers), v, Refusal.None);
    }

    /// <summary>
    /// Answers that change a review: each on the scorecard version's scale like a new review's (errors name
    /// <c>answers[i].field</c>), and the review with them applied still has an answered criterion.
    /// </summary>
    public static IReadOnlyList<ProposedAnswer> CheckChanges(Validation v, Scorecard scorecard, Review review, IReadOnlyList<DisputeAnswerRequest?>? answers)
    {
        if (answers is not { Count: > 0 })
        {
            return [];
        }
        var checkedAnswers = CreateReview.CheckAnswers(v, scorecard,
            [.. answers.Select(a => a is null ? null : new AnswerRequest(a.Criterion, a.Value, null))], complete: false);
        var merged = review.Answers.ToDictionary(a => a.Criterion, a => a.Value, StringComparer.Ordinal);
        foreach (var (criterion, value, _) in checkedAnswers)
        {
            merged[criterion.Key] = value;
        }
        if (v.IsValid && merged.Values.All(x => x is null))
        {
            v.Add("answers", Texts.Ui("Valid.Quality.AllNa"));
        }
        return [.. checkedAnswers.Select(a => new ProposedAnswer(a.Criterion.Key, a.Value))];
    }

    /// <summary>Criteria that change, for people: <c>key: old → new</c>, N/A for none.</summary>
    public static string? Describe(IReadOnlyList<(string Criterion, double? From, double? To)> changes) => changes.Count == 0 ? null
        : string.Join("; ", changes.Select(c => $"{c.Criterion}: {Value(c.From)} → {Value(c.To)}"));

    public static string? DescribeProposal(Review review, IReadOnlyList<ProposedAnswer> proposed) => Describe(
        [.. proposed.Select(p => (p.Criterion, review.Answers.FirstOrDefault(a => a.Criterion == p.Criterion)?.Value, p.Value))]);

    private static string Value(double? value) => value is { } x ? x.ToString("0.##", CultureInfo.InvariantCulture) : "N/A";

    /// <summary>Null when another dispute of the same review was opened meanwhile.</summary>
    public async Task<Dispute?> ExecuteAsync(Checked c, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var dispute = Dispute.Open(c.Review, c.Comment, c.Answers, actor, now);
        db.Set<Dispute>().Add(dispute);
        db.Set<ReviewChange>().Add(ReviewChange.Of(c.Review, ReviewChangeKinds.Disputed, dispute.Id, actor, now, c.Review.Score,
            DescribeProposal(c.Review, c.Answers)));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return null;
        }
        return dispute;
    }
}
