using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Features.Knowledge;

/// <summary>The four groups of SPIN questions (seed 004), in the order a sales conversation asks them.</summary>
public static class SpinGroups
{
    public const string Situation = "situation";
    public const string Problem = "problem";
    public const string Implication = "implication";
    public const string NeedPayoff = "need_payoff";

    public static readonly IReadOnlyList<string> All = [Situation, Problem, Implication, NeedPayoff];
}

/// <summary>One question of a script: its key (what a conversation's ticks refer to), its SPIN group and its text in every language.</summary>
public sealed record ScriptQuestion
{
    public required string Key { get; init; }
    public required string Group { get; init; }
    public required LocalizedText Text { get; init; }
}

/// <summary>
/// A SPIN sales script: the questions a seller asks, in four groups, for one topic or one product category (or for
/// every sales conversation when it names neither). Shown beside a sales conversation; the ticks are the conversation's.
/// </summary>
public sealed class SalesScript
{
    public string Key { get; private init; } = "";
    public string? Topic { get; private set; }
    public string? Category { get; private set; }
    public LocalizedText Name { get; private set; } = LocalizedText.Empty;

    /// <summary>The questions in order; a group's questions keep the order they have here.</summary>
    public List<ScriptQuestion> Questions { get; private set; } = [];

    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    /// <summary>A question's key: what a conversation's ticks refer to, so it keeps its meaning across edits.</summary>
    public static bool IsValidQuestionKey(string? key) =>
        key is { Length: >= 1 and <= 32 } && char.IsAsciiLetterLower(key[0]) && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    public static SalesScript Create(string key) => new() { Key = key };

    public void Replace(string? topic, string? category, LocalizedText name, IReadOnlyList<ScriptQuestion> questions, DateTime now, string actor)
    {
        Topic = topic;
        Category = category;
        Name = name;
        Questions = [.. questions];
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    public IEnumerable<ScriptQuestion> In(string group) => Questions.Where(q => q.Group == group);

    public ScriptQuestion? Find(string questionKey) => Questions.FirstOrDefault(q => q.Key == questionKey);
}

internal sealed class SalesScriptConfiguration : IEntityTypeConfiguration<SalesScript>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<SalesScript> b)
    {
        b.ToTable("sales_scripts");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.Topic).HasMaxLength(64);
        b.Property(x => x.Category).HasMaxLength(64);
        b.HasIndex(x => x.Topic);
        b.Property(x => x.Name).HasLocalizedText();
        b.Property(x => x.UpdatedBy).HasMaxLength(320);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.Topic).OnDelete(DeleteBehavior.SetNull);
        // Questions are read and written whole with their script, never queried one by one: one JSON text.
        b.Property(x => x.Questions)
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<ScriptQuestion>>(v, Json) ?? new List<ScriptQuestion>(),
                new ValueComparer<List<ScriptQuestion>>(
                    (a, c) => a == c || (a != null && c != null && JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(c, Json)),
                    v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                    v => JsonSerializer.Deserialize<List<ScriptQuestion>>(JsonSerializer.Serialize(v, Json), Json)!));
    }
}
