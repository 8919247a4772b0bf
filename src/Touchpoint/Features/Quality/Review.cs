using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>
/// A scored review of one employee's work (a conversation, an order's handling): Quality's own, append-mostly fact.
/// It keeps the scorecard version it was scored on; the score and the critical fail are stored, so reports read them.
/// </summary>
public sealed class Review
{
    private readonly List<ReviewAnswer> _answers = [];

    public Guid Id { get; private init; }
    public Guid ScorecardId { get; private init; }
    public string ScorecardKey { get; private init; } = "";
    public int ScorecardVersion { get; private init; }
    public string Touchpoint { get; private init; } = "";
    public long? ConversationNumber { get; private init; }
    public string? OrderNumber { get; private init; }
    public string RevieweeId { get; private init; } = "";
    public string RevieweeEmail { get; private init; } = "";
    public string Reviewer { get; private init; } = "";
    public double Score { get; private set; }
    public bool CriticalFailed { get; private set; }
    public string? Comment { get; private init; }
    public DateTime CreatedAt { get; private init; }

    /// <summary>The mystery-shopper audit whose submission wrote this review.</summary>
    public Guid? AuditId { get; private init; }
    public IReadOnlyList<ReviewAnswer> Answers => _answers;

    public static Review Record(Scorecard scorecard, long? conversation, string? order, string revieweeId, string revieweeEmail,
        IReadOnlyList<(Criterion Criterion, double? Value, string? Comment)> answers, string? comment, DateTime now, string reviewer, Guid? audit = null)
    {
        var result = ReviewScore.Compute([.. answers.Select(a => new ReviewScore.Answer(a.Criterion, a.Value))]);
        var review = new Review
        {
            Id = Ids.NewId(), ScorecardId = scorecard.Id, ScorecardKey = scorecard.Key, ScorecardVersion = scorecard.Version,
            Touchpoint = scorecard.Touchpoint, ConversationNumber = conversation, OrderNumber = order,
            RevieweeId = revieweeId, RevieweeEmail = revieweeEmail, Reviewer = reviewer,
            Score = result.Score, CriticalFailed = result.CriticalFailed, Comment = comment, CreatedAt = now, AuditId = audit,
        };
        foreach (var (criterion, value, note) in answers)
        {
            review._answers.Add(ReviewAnswer.Of(review.Id, criterion, value, note));
        }
        return review;
    }

    /// <summary>
    /// Gives criteria new values (a dispute's decision) and scores the review again by <see cref="ReviewScore"/>; the
    /// answers not named keep theirs. Returns the criteria whose value changed.
    /// </summary>
    public IReadOnlyList<(string Criterion, double? From, double? To)> Rescore(Scorecard scorecard, IReadOnlyList<(Criterion Criterion, double? Value)> changes)
    {
        var changed = new List<(string, double?, double?)>();
        foreach (var (criterion, value) in changes)
        {
            var answer = _answers.FirstOrDefault(a => a.Criterion == criterion.Key);
            if (answer is null)
            {
                _answers.Add(answer = ReviewAnswer.Of(Id, criterion, value, null));
                changed.Add((criterion.Key, null, value));
            }
            else if (answer.Value != value)
            {
                changed.Add((criterion.Key, answer.Value, value));
            }
            answer.Set(value, ReviewScore.Normalise(criterion, value));
        }
        var result = ReviewScore.Compute([.. scorecard.Criteria
            .Select(c => (Criterion: c, Answer: _answers.FirstOrDefault(a => a.Criterion == c.Key)))
            .Where(x => x.Answer is not null)
            .Select(x => new ReviewScore.Answer(x.Criterion, x.Answer!.Value))]);
        Score = result.Score;
        CriticalFailed = result.CriticalFailed;
        return changed;
    }
}

/// <summary>One criterion's answer; N/A is a null value. The normalised value (0–1) serves the weakest-criteria reports.</summary>
public sealed class ReviewAnswer
{
    public Guid Id { get; init; }
    public Guid ReviewId { get; init; }
    public string Criterion { get; init; } = "";
    public double? Value { get; private set; }
    public double? Normalised { get; private set; }
    public string? Comment { get; init; }

    public static ReviewAnswer Of(Guid reviewId, Criterion criterion, double? value, string? comment) => new()
    {
        Id = Ids.NewId(), ReviewId = reviewId, Criterion = criterion.Key, Value = value, Normalised = ReviewScore.Normalise(criterion, value), Comment = comment,
    };

    /// <summary>A decided dispute is the one way an answer changes after its review was written.</summary>
    internal void Set(double? value, double? normalised)
    {
        Value = value;
        Normalised = normalised;
    }
}

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.ToTable("quality_reviews");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.ScorecardKey).HasMaxLength(64);
        b.Property(x => x.Touchpoint).HasMaxLength(16);
        b.Property(x => x.OrderNumber).HasMaxLength(64);
        b.Property(x => x.RevieweeId).HasMaxLength(450);
        b.Property(x => x.RevieweeEmail).HasMaxLength(320);
        b.Property(x => x.Reviewer).HasMaxLength(200);
        b.Property(x => x.Comment).HasMaxLength(4000);
        b.HasOne<Scorecard>().WithMany().HasForeignKey(x => x.ScorecardId).OnDelete(DeleteBehavior.Restrict);
        // The reports read a period, per employee or per touchpoint: these indexes serve them without a scan.
        b.HasIndex(x => new { x.RevieweeId, x.CreatedAt });
        b.HasIndex(x => new { x.CreatedAt, x.RevieweeId });
        b.HasIndex(x => new { x.Touchpoint, x.CreatedAt });
        b.HasIndex(x => x.ConversationNumber);
        b.HasIndex(x => x.AuditId);
        b.HasMany(x => x.Answers).WithOne().HasForeignKey(a => a.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Answers).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_answers");
    }
}

internal sealed class ReviewAnswerConfiguration : IEntityTypeConfiguration<ReviewAnswer>
{
    public void Configure(EntityTypeBuilder<ReviewAnswer> b)
    {
        b.ToTable("quality_review_answers");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Criterion).HasMaxLength(64);
        b.Property(x => x.Comment).HasMaxLength(2000);
        b.HasIndex(x => new { x.ReviewId, x.Criterion }).IsUnique();
    }
}
