using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>Where a scorecard measures: sales, support, warehouse or a store's own.</summary>
public static class QualityTouchpoints
{
    public const string Sales = "sales";
    public const string Support = "support";
    public const string Warehouse = "warehouse";
    public const string Custom = "custom";

    public static readonly IReadOnlyList<string> All = [Sales, Support, Warehouse, Custom];
}

/// <summary>The scales a criterion is answered on, with their lowest and highest value.</summary>
public sealed record Scale(string Key, int Min, int Max)
{
    public static readonly Scale YesNo = new("yes_no", 0, 1);
    public static readonly Scale OneToThree = new("1_3", 1, 3);
    public static readonly Scale OneToFive = new("1_5", 1, 5);
    public static readonly Scale ZeroToTen = new("0_10", 0, 10);

    public static readonly IReadOnlyList<Scale> All = [YesNo, OneToThree, OneToFive, ZeroToTen];

    public static Scale? Find(string? key) => All.FirstOrDefault(s => s.Key == key);

    /// <summary>Whether <paramref name="value"/> is one of the scale's steps (whole numbers from min to max).</summary>
    public bool Allows(double value) => value >= Min && value <= Max && Math.Abs(value - Math.Round(value)) < 1e-9;
}

/// <summary>One thing a reviewer checks, in every language.</summary>
public sealed record Criterion
{
    public required string Key { get; init; }
    public required string Section { get; init; }
    public required LocalizedText Text { get; init; }
    public required string Scale { get; init; }
    public double Weight { get; init; } = 1;
    public bool AllowNa { get; init; }
    public bool Critical { get; init; }
    public string? Topic { get; init; }
    public string? Training { get; init; }

    public Scale ScaleRange => Quality.Scale.Find(Scale) ?? throw new InvalidOperationException($"Unknown scale {Scale}.");
}

/// <summary>
/// A scorecard version: what a touchpoint is measured against. A key has one or more versions; editing one that
/// already has reviews adds a version, so a review always points at the criteria it was scored on.
/// </summary>
public sealed class Scorecard
{
    public Guid Id { get; private init; }
    public string Key { get; private init; } = "";
    public int Version { get; private init; }
    public string Touchpoint { get; private set; } = "";
    public LocalizedText Name { get; private set; } = LocalizedText.Empty;
    public List<Criterion> Criteria { get; private set; } = [];
    public DateTime CreatedAt { get; private init; }
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public static Scorecard Create(string key, int version, string touchpoint, LocalizedText name, IReadOnlyList<Criterion> criteria, DateTime now, string actor) => new()
    {
        Id = Ids.NewId(), Key = key, Version = version, Touchpoint = touchpoint, Name = name, Criteria = [.. criteria],
        CreatedAt = now, UpdatedAt = now, UpdatedBy = actor,
    };

    /// <summary>Replaces this version's content: only while no review was scored on it.</summary>
    public void Replace(string touchpoint, LocalizedText name, IReadOnlyList<Criterion> criteria, DateTime now, string actor)
    {
        Touchpoint = touchpoint;
        Name = name;
        Criteria = [.. criteria];
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    public Criterion? Find(string key) => Criteria.FirstOrDefault(c => c.Key == key);
}

internal sealed class ScorecardConfiguration : IEntityTypeConfiguration<Scorecard>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Scorecard> b)
    {
        b.ToTable("quality_scorecards");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Key).HasMaxLength(64);
        b.HasIndex(x => new { x.Key, x.Version }).IsUnique();
        b.Property(x => x.Touchpoint).HasMaxLength(16);
        b.Property(x => x.Name).HasLocalizedText();
        b.Property(x => x.UpdatedBy).HasMaxLength(200);
        // Criteria are read and written whole with their version, never queried one by one: one JSON text.
        b.Property(x => x.Criteria)
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<Criterion>>(v, Json) ?? new List<Criterion>(),
                new ValueComparer<List<Criterion>>(
                    (a, c) => a == c || (a != null && c != null && JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(c, Json)),
                    v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<List<Criterion>>(JsonSerializer.Serialize(v, Json), Json)!));
    }
}
