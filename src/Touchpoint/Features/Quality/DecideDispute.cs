using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>
/// POST /api/v1/quality/disputes/{id}/decision: a service owner decides an open dispute once. <c>accepted</c>: the review
/// takes the proposed answers; <c>partly_accepted</c>: it takes the answers of the decision (required then);
/// <c>rejected</c>: it stays. The score and the critical fail are computed again by <see cref="ReviewScore"/>; every step
/// is a history row, and a changed score goes to the store's webhook.
/// </summary>
public sealed class DecideDispute(TouchpointDb db, QualityWebhook webhook, TimeProvider time)
{
    public const int MaxComment = 4000;

    public enum Refusal { None, NotFound, Conflict }

    public sealed record Checked(Dispute Dispute, Review Review, Scorecard Scorecard, string Decision, IReadOnlyList<ProposedAnswer> Applied, string? Comment);

    public sealed record Result(Dispute Dispute, Review Review, double OldScore);

    public async Task<(Checked? Checked, Validation Validation, Refusal Refusal)> ValidateAsync(Guid disputeId, PostDecisionRequest? request, CancellationToken ct)
    {
        var v = new Validation();
        var dispute = await db.Set<Dispute>().FirstOrDefaultAsync(d => d.Id == disputeId, ct);
        if (dispute is null)
        {
            return (null, v, Refusal.NotFound);
        }
        if (dispute.Status != DisputeStatus.Open)
        {
            return (null, v, Refusal.Conflict);
        }
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")), Refusal.None);
        }
        var review = await db.Set<Review>().Include(r => r.Answers).FirstAsync(r => r.Id == dispute.ReviewId, ct);
        var scorecard = await db.Set<Scorecard>().AsNoTracking().FirstAsync(s => s.Id == review.ScorecardId, ct);
        v.Require(request.Decision is not null && DisputeStatus.Decisions.Contains(request.Decision), "decision",
            Texts.Ui("Valid.Quality.Decision", string.Join(", ", DisputeStatus.Decisions)));
        v.Require((request.Comment ?? "").Length <= MaxComment, "comment", Texts.Ui("Valid.MaxChars", MaxComment));
        IReadOnlyList<ProposedAnswer> applied = [];
        switch (request.Decision)
        {
            case DisputeStatus.PartlyAccepted:
                v.Require(request.Answers is { Count: > 0 }, "answers", Texts.Ui("Valid.Quality.DecisionAnswers"));
                applied = OpenDispute.CheckChanges(v, scorecard, review, request.Answers);
                break;
            case DisputeStatus.Accepted:
                v.Require(request.Answers is not { Count: > 0 }, "answers", Texts.Ui("Valid.Quality.DecisionNoAnswers"));
                applied = dispute.Proposed;
                break;
            case DisputeStatus.Rejected:
                v.Require(request.Answers is not { Count: > 0 }, "answers", Texts.Ui("Valid.Quality.DecisionNoAnswers"));
                break;
        }
        if (!v.IsValid)
        {
            return (null, v, Refusal.None);
        }
        return (new Checked(dispute, review, scorecard, request.Decision!, applied,
            string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim()), v, Refusal.None);
    }

    /// <summary>A second decision racing this one fails on the dispute's version (409 by the exception handler).</summary>
    public async Task<Result> ExecuteAsync(Checked c, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var review = c.Review;
        var oldScore = review.Score;
        var oldCritical = review.CriticalFailed;
        var changes = c.Applied.Count == 0 ? []
            : review.Rescore(c.Scorecard, [.. c.Applied.Select(a => (c.Scorecard.Find(a.Criterion)!, a.Value))]);
        c.Dispute.Decide(c.Decision, c.Applied, c.Comment, actor, now);
        db.Set<ReviewChange>().Add(ReviewChange.Of(review, ReviewChangeKinds.Decided, c.Dispute.Id, actor, now, oldScore,
            c.Comment is null ? c.Decision : $"{c.Decision}: {c.Comment}"));
        if (changes.Count > 0)
        {
            db.Set<ReviewChange>().Add(ReviewChange.Of(review, ReviewChangeKinds.AnswersChanged, c.Dispute.Id, actor, now, oldScore, OpenDispute.Describe(changes)));
        }
        if (review.Score != oldScore || review.CriticalFailed != oldCritical)
        {
            webhook.Queue(review, QualityWebhook.Changed, now);
        }
        await db.SaveChangesAsync(ct);
        return new Result(c.Dispute, review, oldScore);
    }
}
