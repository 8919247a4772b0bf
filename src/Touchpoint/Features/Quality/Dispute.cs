using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>Where a dispute stands: open until a service owner decides it, once.</summary>
public static class DisputeStatus
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string PartlyAccepted = "partly_accepted";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> Decisions = [Accepted, PartlyAccepted, Rejected];
    public static readonly IReadOnlyList<string> All = [Open, .. Decisions];
}

/// <summary>A criterion's value as a dispute proposes it or a decision sets it (null: N/A).</summary>
public sealed record ProposedAnswer(string Criterion, double? Value);

/// <summary>
/// The reviewee's objection to a review: a comment and the answers they propose. A service owner accepts it (the review
/// takes the proposed answers), accepts it in part (the review takes the answers of the decision) or rejects it.
/// </summary>
public sealed class Dispute
{
    public Guid Id { get; private init; }
    public Guid ReviewId { get; private init; }
    public string RevieweeId { get; private init; } = "";
    public string Status { get; private set; } = DisputeStatus.Open;
    public string Comment { get; private init; } = "";
    public List<ProposedAnswer> Proposed { get; private init; } = [];
    public string OpenedBy { get; private init; } = "";
    public DateTime OpenedAt { get; private init; }
    public List<ProposedAnswer> Decided { get; private set; } = [];
    public string? DecisionComment { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public int Version { get; private set; }

    public static Dispute Open(Review review, string comment, IReadOnlyList<ProposedAnswer> proposed, string actor, DateTime now) => new()
    {
        Id = Ids.NewId(), ReviewId = review.Id, RevieweeId = review.RevieweeId, Comment = comment, Proposed = [.. proposed],
        OpenedBy = actor, OpenedAt = now,
    };

    /// <summary>Decides an open dispute; a decided one is never decided again.</summary>
    public void Decide(string decision, IReadOnlyList<ProposedAnswer> applied, string? comment, string actor, DateTime now)
    {
        if (Status != DisputeStatus.Open)
        {
            throw new DomainRuleException(Platform.Localization.Texts.Ui("Problem.Quality.DisputeDecided"));
        }
        Status = decision;
        Decided = [.. applied];
        DecisionComment = comment;
        DecidedBy = actor;
        DecidedAt = now;
        Version++;
    }
}

/// <summary>What happened to a review: append-only, one row per change, with the score before and after.</summary>
public static class ReviewChangeKinds
{
    public const string Created = "created";
    public const string Disputed = "disputed";
    public const string Decided = "decided";
    public const string AnswersChanged = "answers_changed";
}

public sealed class ReviewChange
{
    public Guid Id { get; private init; }
    public Guid ReviewId { get; private init; }
    public string Kind { get; private init; } = "";
    public Guid? DisputeId { get; private init; }
    public string Actor { get; private init; } = "";
    public DateTime At { get; private init; }
    public double? OldScore { get; private init; }
    public double NewScore { get; private init; }
    public bool CriticalFailed { get; private init; }

    /// <summary>What changed, for people: the decision, or criteria as <c>key: old → new</c>.</summary>
    public string? Detail { get; private init; }

    public static ReviewChange Of(Review review, string kind, Guid? dispute, string actor, DateTime at, double? oldScore, string? detail) => new()
    {
        Id = Ids.NewId(), ReviewId = review.Id, Kind = kind, DisputeId = dispute, Actor = actor, At = at, OldScore = oldScore,
        NewScore = review.Score, CriticalFailed = review.CriticalFailed, Detail = detail,
    };
}

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Dispute> b)
    {
        b.ToTable("quality_disputes");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.RevieweeId).HasMaxLength(450);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.Comment).HasMaxLength(4000);
        b.Property(x => x.DecisionComment).HasMaxLength(4000);
        b.Property(x => x.OpenedBy).HasMaxLength(200);
        b.Property(x => x.DecidedBy).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Review>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
        // One open dispute per review, enforced by the database too (two agents' tabs racing).
        b.HasIndex(x => x.ReviewId).IsUnique().HasFilter("\"Status\" = 'open'");
        b.HasIndex(x => new { x.Status, x.OpenedAt });
        b.HasIndex(x => new { x.RevieweeId, x.OpenedAt });
        foreach (var property in new[] { b.Property(x => x.Proposed), b.Property(x => x.Decided) })
        {
            property.HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<ProposedAnswer>>(v, Json) ?? new List<ProposedAnswer>(),
                new ValueComparer<List<ProposedAnswer>>(
                    (x, y) => x == y || (x != null && y != null && x.SequenceEqual(y)),
                    v => v.Aggregate(0, (h, a) => HashCode.Combine(h, a.GetHashCode())),
                    v => v.ToList()));
        }
    }
}

internal sealed class ReviewChangeConfiguration : IEntityTypeConfiguration<ReviewChange>
{
    public void Configure(EntityTypeBuilder<ReviewChange> b)
    {
        b.ToTable("quality_review_history");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Actor).HasMaxLength(200);
        b.Property(x => x.Detail).HasMaxLength(4000);
        b.HasOne<Review>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ReviewId, x.At });
    }
}
