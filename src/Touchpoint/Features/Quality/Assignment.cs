using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>How often a review cycle starts: every Monday, every other Monday, or on the first of the month (store's time).</summary>
public static class Cadences
{
    public const string Weekly = "weekly";
    public const string Fortnightly = "fortnightly";
    public const string Monthly = "monthly";

    public static readonly IReadOnlyList<string> All = [Weekly, Fortnightly, Monthly];
}

/// <summary>
/// Who is reviewed, by whom and what is drawn: kept whole as one JSON column (read and written with the assignment,
/// never queried by part). Reviewers and reviewee agents are addresses; teams are Routing's team names.
/// </summary>
public sealed record AssignmentRules
{
    public List<string> Reviewers { get; init; } = [];
    public List<string> Agents { get; init; } = [];
    public List<string> Teams { get; init; } = [];
    public List<string> Channels { get; init; } = [];
    public List<string> Topics { get; init; } = [];
    public bool ResolvedOnly { get; init; } = true;
    public bool Reopened { get; init; }
    public bool SlaBreached { get; init; }

    /// <summary>Only conversations with a clock-gaming flag: set pending by a reply that asked nothing, or reopened within 24 h of a resolve.</summary>
    public bool ClockGaming { get; init; }
    public int? CsatAtMost { get; init; }
}

/// <summary>
/// A review cycle definition: each cycle the sampler draws up to <see cref="Goal"/> conversations per reviewee from the
/// conversations since the cycle before began, and hands them to the reviewers round-robin.
/// </summary>
public sealed class Assignment
{
    public Guid Id { get; private init; }
    public string Key { get; private init; } = "";
    public string Name { get; private set; } = "";
    public string Cadence { get; private set; } = Cadences.Weekly;
    public int Goal { get; private set; }
    public string? Scorecard { get; private set; }
    public AssignmentRules Rules { get; private set; } = new();
    public bool Active { get; private set; } = true;
    public DateTime CreatedAt { get; private init; }
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public static Assignment Create(string key, DateTime now) => new() { Id = Ids.NewId(), Key = key, CreatedAt = now };

    public void Define(string name, string cadence, int goal, string? scorecard, AssignmentRules rules, bool active, DateTime now, string actor)
    {
        Name = name;
        Cadence = cadence;
        Goal = goal;
        Scorecard = scorecard;
        Rules = rules;
        Active = active;
        UpdatedAt = now;
        UpdatedBy = actor;
    }
}

/// <summary>One drawn conversation of a cycle: who is reviewed on it and who reviews it. Unique per assignment, cycle and conversation.</summary>
public sealed class ReviewSample
{
    public Guid Id { get; private init; }
    public Guid AssignmentId { get; private init; }
    public DateTime CycleStart { get; private init; }
    public long ConversationNumber { get; private init; }
    public Guid ConversationId { get; private init; }
    public string RevieweeId { get; private init; } = "";
    public string RevieweeEmail { get; private init; } = "";
    public string ReviewerId { get; private init; } = "";
    public string ReviewerEmail { get; private init; } = "";
    public int Seed { get; private init; }
    public DateTime DrawnAt { get; private init; }

    public static ReviewSample Of(Guid assignment, DateTime cycleStart, long number, Guid conversationId, string revieweeId, string revieweeEmail,
        string reviewerId, string reviewerEmail, int seed, DateTime now) => new()
    {
        Id = Ids.NewId(), AssignmentId = assignment, CycleStart = cycleStart, ConversationNumber = number, ConversationId = conversationId,
        RevieweeId = revieweeId, RevieweeEmail = revieweeEmail, ReviewerId = reviewerId, ReviewerEmail = reviewerEmail, Seed = seed, DrawnAt = now,
    };
}

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Assignment> b)
    {
        b.ToTable("quality_assignments");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Key).HasMaxLength(64);
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Cadence).HasMaxLength(16);
        b.Property(x => x.Scorecard).HasMaxLength(64);
        b.Property(x => x.UpdatedBy).HasMaxLength(200);
        b.Property(x => x.Rules)
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<AssignmentRules>(v, Json) ?? new AssignmentRules(),
                new ValueComparer<AssignmentRules>(
                    (a, c) => a == c || (a != null && c != null && JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(c, Json)),
                    v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<AssignmentRules>(JsonSerializer.Serialize(v, Json), Json)!));
    }
}

internal sealed class ReviewSampleConfiguration : IEntityTypeConfiguration<ReviewSample>
{
    public void Configure(EntityTypeBuilder<ReviewSample> b)
    {
        b.ToTable("quality_samples");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<Assignment>().WithMany().HasForeignKey(x => x.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        // One draw per cycle: a second instance drawing the same cycle collides here and loses.
        b.HasIndex(x => new { x.AssignmentId, x.CycleStart, x.ConversationNumber }).IsUnique();
        // A reviewer's queue.
        b.HasIndex(x => new { x.ReviewerId, x.CycleStart });
        b.Property(x => x.RevieweeId).HasMaxLength(64);
        b.Property(x => x.RevieweeEmail).HasMaxLength(256);
        b.Property(x => x.ReviewerId).HasMaxLength(64);
        b.Property(x => x.ReviewerEmail).HasMaxLength(256);
    }
}
