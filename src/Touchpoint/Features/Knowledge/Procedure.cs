using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Knowledge;

/// <summary>What the team does for one topic, in one language, as edited by the service owner (Markdown).</summary>
public sealed class ProcedureText
{
    public required string Topic { get; init; }
    public required string Language { get; init; }
    public required string Title { get; set; }
    public required string Markdown { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>A procedure ready to show: <see cref="Html"/> is sanitized. <see cref="Custom"/> is false for the shipped default.</summary>
public sealed record Procedure(string Topic, string Language, string Title, string Markdown, string Html, bool Custom, DateTime? UpdatedAt, string? UpdatedBy);

public sealed record ProcedureRequest(string? Title, string? Markdown);

internal sealed class ProcedureTextConfiguration : IEntityTypeConfiguration<ProcedureText>
{
    public void Configure(EntityTypeBuilder<ProcedureText> b)
    {
        b.ToTable("procedures");
        b.HasKey(x => new { x.Topic, x.Language });
        b.Property(x => x.Topic).HasMaxLength(64);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.UpdatedBy).HasMaxLength(320);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.Topic).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// The procedure for each topic: the edited one, else the shipped default; in the language asked, else English.
/// Read beside every conversation, so rendered procedures are held in memory and refreshed after an edit
/// (or every 30 seconds, for edits made on another instance).
/// </summary>
public sealed class ProcedureBook(IServiceScopeFactory scopes, TimeProvider time)
{
    public const int MaxMarkdownChars = 50_000;
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<(string Topic, string Language), (Procedure? Value, DateTimeOffset LoadedAt)> _cache = new();

    /// <summary>The procedure for the topic in the language (English when there is none in it); null for an unknown topic or no text at all.</summary>
    public async Task<Procedure?> ForTopicAsync(string topicKey, string language, CancellationToken ct)
    {
        language = Languages.Normalize(language);
        return await LoadAsync(topicKey, language, ct) ?? (language == "en" ? null : await LoadAsync(topicKey, "en", ct));
    }

    private async Task<Procedure?> LoadAsync(string topic, string language, CancellationToken ct)
    {
        if (_cache.TryGetValue((topic, language), out var hit) && time.GetUtcNow() - hit.LoadedAt < Refresh)
        {
            return hit.Value;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        Procedure? value = null;
        if (await db.Set<Topic>().AnyAsync(t => t.Key == topic, ct))
        {
            var stored = await db.Set<ProcedureText>().AsNoTracking().FirstOrDefaultAsync(p => p.Topic == topic && p.Language == language, ct);
            value = stored is not null
                ? new Procedure(topic, language, stored.Title, stored.Markdown, SafeHtml.FromMarkdown(stored.Markdown, language), true, stored.UpdatedAt, stored.UpdatedBy)
                : Default(topic, language);
        }
        _cache[(topic, language)] = (value, time.GetUtcNow());
        return value;
    }

    /// <summary>The shipped text for a seeded topic, or null.</summary>
    public static Procedure? Default(string topic, string language) =>
        KnowledgeDefaults.Procedures(language).FirstOrDefault(p => p.Key == topic) is { } d
            ? new Procedure(topic, Languages.Normalize(language), d.Title, d.Body, SafeHtml.FromMarkdown(d.Body, language), false, null, null)
            : null;

    /// <summary>The stored or default text in exactly this language (for the editor; no English fallback).</summary>
    public async Task<Procedure?> ExactAsync(string topic, string language, CancellationToken ct) => await LoadAsync(topic, Languages.Normalize(language), ct);

    public static async Task<Validation> ValidateAsync(string topic, string language, ProcedureRequest? request, TopicCatalog topics, CancellationToken ct)
    {
        var v = new Validation()
            .Require((await topics.AllAsync(ct)).Any(t => t.Key == topic), "topic", Texts.Ui("Valid.UnknownTopicSee"))
            .Require(Languages.Supported.Contains(language), "language", Texts.Ui("Valid.LanguageUse"));
        if (request is null)
        {
            return v.Add("body", Texts.Ui("Valid.Knowledge.ProcedureBody"));
        }
        v.Require(!string.IsNullOrWhiteSpace(request.Title), "title", Texts.Ui("Valid.Knowledge.Title"));
        v.Require((request.Title?.Trim().Length ?? 0) <= 200, "title", Texts.Ui("Valid.MaxChars", 200));
        v.Require(!string.IsNullOrWhiteSpace(request.Markdown), "markdown", Texts.Ui("Valid.Knowledge.ProcedureText"));
        v.Require((request.Markdown?.Length ?? 0) <= MaxMarkdownChars, "markdown", Texts.Ui("Valid.MaxChars", MaxMarkdownChars));
        v.Require(request.Markdown is not { Length: > 0 and <= MaxMarkdownChars } markdown || SafeHtml.CanRenderMarkdown(markdown),
            "markdown", Texts.Ui("Valid.Markdown.TooDeep", SafeHtml.MaxMarkdownNesting));
        return v;
    }

    /// <summary>Stores the text (validate first) and returns it as the agents will see it.</summary>
    public async Task<Procedure> SaveAsync(string topic, string language, ProcedureRequest request, string actor, CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            var stored = await db.Set<ProcedureText>().FirstOrDefaultAsync(p => p.Topic == topic && p.Language == language, ct);
            if (stored is null)
            {
                stored = new ProcedureText { Topic = topic, Language = language, Title = "", Markdown = "", UpdatedBy = actor };
                db.Add(stored);
            }
            stored.Title = request.Title!.Trim();
            stored.Markdown = request.Markdown!;
            stored.UpdatedAt = time.GetUtcNow().UtcDateTime;
            stored.UpdatedBy = actor;
            await db.SaveChangesAsync(ct);
        }
        Invalidate(topic, language);
        return (await LoadAsync(topic, language, ct))!;
    }

    /// <summary>Drops the edited text: the shipped default (if any) applies again.</summary>
    public async Task ResetAsync(string topic, string language, CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            await db.WriteAsync(() => db.Set<ProcedureText>().Where(p => p.Topic == topic && p.Language == language).ExecuteDeleteAsync(ct), ct);
        }
        Invalidate(topic, language);
    }

    public void Invalidate(string topic, string language) => _cache.TryRemove((topic, Languages.Normalize(language)), out _);
}
