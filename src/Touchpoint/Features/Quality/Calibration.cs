using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>
/// A calibration session: several reviewers score the same conversations on one scorecard version without seeing each
/// other. Their scores live in <see cref="CalibrationScore"/>, apart from real reviews: never in reports or bonuses.
/// </summary>
public sealed class CalibrationSession
{
    public Guid Id { get; private init; }
    public string Name { get; private init; } = "";
    public Guid ScorecardId { get; private init; }
    public string ScorecardKey { get; private init; } = "";
    public int ScorecardVersion { get; private init; }
    public List<long> Conversations { get; private init; } = [];
    public List<string> Reviewers { get; private init; } = [];
    public DateTime CreatedAt { get; private init; }
    public string CreatedBy { get; private init; } = "";

    public static CalibrationSession Open(string name, Scorecard scorecard, IReadOnlyList<long> conversations, IReadOnlyList<string> reviewers, DateTime now, string actor) => new()
    {
        Id = Ids.NewId(), Name = name, ScorecardId = scorecard.Id, ScorecardKey = scorecard.Key, ScorecardVersion = scorecard.Version,
        Conversations = [.. conversations], Reviewers = [.. reviewers], CreatedAt = now, CreatedBy = actor,
    };

    public bool HasReviewer(string email) => Reviewers.Contains(email, StringComparer.OrdinalIgnoreCase);
}

/// <summary>One criterion's calibration answer with its normalised value (0–1; null for N/A).</summary>
public sealed record CalibrationAnswer(string Criterion, double? Value, double? Normalised);

/// <summary>One reviewer's scoring of one conversation of a session; unique per session, conversation and reviewer.</summary>
public sealed class CalibrationScore
{
    public Guid Id { get; private init; }
    public Guid SessionId { get; private init; }
    public long ConversationNumber { get; private init; }
    public string Reviewer { get; private init; } = "";
    public double Score { get; private init; }
    public bool CriticalFailed { get; private init; }
    public List<CalibrationAnswer> Answers { get; private init; } = [];
    public DateTime CreatedAt { get; private init; }

    public static CalibrationScore Record(Guid session, long conversation, string reviewer, IReadOnlyList<(Criterion Criterion, double? Value, string? Comment)> answers, DateTime now)
    {
        var result = ReviewScore.Compute([.. answers.Select(a => new ReviewScore.Answer(a.Criterion, a.Value))]);
        return new CalibrationScore
        {
            Id = Ids.NewId(), SessionId = session, ConversationNumber = conversation, Reviewer = reviewer, Score = result.Score,
            CriticalFailed = result.CriticalFailed, CreatedAt = now,
            Answers = [.. answers.Select(a => new CalibrationAnswer(a.Criterion.Key, a.Value, ReviewScore.Normalise(a.Criterion, a.Value)))],
        };
    }
}

internal static class CalibrationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<List<T>> AsJson<T>(this PropertyBuilder<List<T>> p) => p.HasConversion(
        v => JsonSerializer.Serialize(v, Options),
        v => JsonSerializer.Deserialize<List<T>>(v, Options) ?? new List<T>(),
        new ValueComparer<List<T>>(
            (a, c) => a == c || (a != null && c != null && JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(c, Options)),
            v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Options), Options)!));
}

internal sealed class CalibrationSessionConfiguration : IEntityTypeConfiguration<CalibrationSession>
{
    public void Configure(EntityTypeBuilder<CalibrationSession> b)
    {
        b.ToTable("quality_calibrations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.ScorecardKey).HasMaxLength(64);
        b.Property(x => x.CreatedBy).HasMaxLength(200);
        b.Property(x => x.Conversations).AsJson();
        b.Property(x => x.Reviewers).AsJson();
        b.HasIndex(x => x.CreatedAt);
    }
}

internal sealed class CalibrationScoreConfiguration : IEntityTypeConfiguration<CalibrationScore>
{
    public void Configure(EntityTypeBuilder<CalibrationScore> b)
    {
        b.ToTable("quality_calibration_scores");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<CalibrationSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.SessionId, x.ConversationNumber, x.Reviewer }).IsUnique();
        b.Property(x => x.Reviewer).HasMaxLength(256);
        b.Property(x => x.Answers).AsJson();
    }
}
