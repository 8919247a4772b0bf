using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Knowledge;

/// <summary>A public help-centre article in one language. The same slug in several languages is the same article translated.</summary>
public sealed class HelpArticle
{
    public required string Language { get; init; }
    public required string Slug { get; init; }
    public string Title { get; private set; } = "";
    public string Markdown { get; private set; } = "";
    public string? Topic { get; private set; }
    public bool Published { get; private set; }
    public int Position { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    /// <summary>Title and body lower-cased, kept in step by <see cref="Update"/>: search is a LIKE on it, which behaves the
    /// same on SQLite (whose LIKE folds only ASCII) and PostgreSQL (whose LIKE folds nothing), for Cyrillic and Polish too.</summary>
    public string SearchText { get; private set; } = "";

    public void Update(string title, string markdown, string? topic, bool published, int position, DateTime now, string actor)
    {
        Title = title;
        Markdown = markdown;
        Topic = topic;
        Published = published;
        Position = position;
        UpdatedAt = now;
        UpdatedBy = actor;
        SearchText = Fold(title + "\n" + markdown);
    }

    public static string Fold(string text) => text.ToLowerInvariant();
}

internal sealed class HelpArticleConfiguration : IEntityTypeConfiguration<HelpArticle>
{
    public void Configure(EntityTypeBuilder<HelpArticle> b)
    {
        b.ToTable("help_articles");
        b.HasKey(x => new { x.Language, x.Slug });
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Slug).HasMaxLength(100);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Topic).HasMaxLength(64);
        b.Property(x => x.UpdatedBy).HasMaxLength(320);
        b.HasIndex(x => new { x.Language, x.Published, x.Position });
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.Topic).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed record HelpArticleRequest(string? Title, string? Markdown, string? Topic, bool? Published, int? Position);

public sealed record HelpArticleResponse(string Language, string Slug, string Title, string Markdown, string? Topic, bool Published, int Position, DateTime UpdatedAt, string UpdatedBy, string Url)
{
    public static HelpArticleResponse From(HelpArticle a) =>
        new(a.Language, a.Slug, a.Title, a.Markdown, a.Topic, a.Published, a.Position, a.UpdatedAt, a.UpdatedBy, $"/help/{a.Slug}?lang={a.Language}");
}

/// <summary>Writing help articles (the public pages read them in <see cref="HelpCentrePage"/>).</summary>
public sealed partial class HelpArticles(TouchpointDb db, HelpCentreCache cache, TimeProvider time)
{
    public const int MaxMarkdownChars = 100_000;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    public static bool IsValidSlug(string? slug) => slug is { Length: >= 1 and <= 100 } && SlugPattern().IsMatch(slug);

    public async Task<IReadOnlyList<HelpArticleResponse>> ListAsync(string? language, CancellationToken ct)
    {
        var query = db.Set<HelpArticle>().AsNoTracking();
        if (language is not null)
        {
            query = query.Where(a => a.Language == language);
        }
        var list = await query.OrderBy(a => a.Language).ThenBy(a => a.Position).ThenBy(a => a.Slug).ToListAsync(ct);
        return list.Select(HelpArticleResponse.From).ToList();
    }

    public async Task<HelpArticleResponse?> GetAsync(string language, string slug, CancellationToken ct) =>
        await db.Set<HelpArticle>().AsNoTracking().FirstOrDefaultAsync(a => a.Language == language && a.Slug == slug, ct) is { } a ? HelpArticleResponse.From(a) : null;

    public static async Task<Validation> ValidateAsync(string language, string slug, HelpArticleRequest? request, TopicCatalog topics, CancellationToken ct)
    {
        var v = new Validation()
            .Require(Languages.Supported.Contains(language), "language", Texts.Ui("Valid.LanguageUse"))
            .Require(IsValidSlug(slug), "slug", Texts.Ui("Valid.Knowledge.Slug"));
        if (request is null)
        {
            return v.Add("body", Texts.Ui("Valid.Knowledge.ArticleBody"));
        }
        v.Require(!string.IsNullOrWhiteSpace(request.Title), "title", Texts.Ui("Valid.Knowledge.Title"));
        v.Require((request.Title?.Trim().Length ?? 0) <= 200, "title", Texts.Ui("Valid.MaxChars", 200));
        v.Require(!string.IsNullOrWhiteSpace(request.Markdown), "markdown", Texts.Ui("Valid.Knowledge.ArticleText"));
        v.Require((request.Markdown?.Length ?? 0) <= MaxMarkdownChars, "markdown", Texts.Ui("Valid.MaxChars", MaxMarkdownChars));
        // Text the public page could never render (Markdig refuses deep nesting) is refused here, not at every visit.
        v.Require(request.Markdown is not { Length: > 0 and <= MaxMarkdownChars } markdown || SafeHtml.CanRenderMarkdown(markdown),
            "markdown", Texts.Ui("Valid.Markdown.TooDeep", SafeHtml.MaxMarkdownNesting));
        v.Require(request.Topic is null || (await topics.AllAsync(ct)).Any(t => t.Key == request.Topic), "topic", Texts.Ui("Valid.UnknownTopicSee"));
        v.Require(request.Position is null or >= 0 and <= 10_000, "position", Texts.Ui("Valid.Between", 0, 10_000));
        return v;
    }

    /// <summary>Creates or replaces the article; true when it was created. Validate first.</summary>
    public async Task<(HelpArticleResponse Article, bool Created)> SaveAsync(string language, string slug, HelpArticleRequest request, string actor, CancellationToken ct)
    {
        var article = await db.Set<HelpArticle>().FirstOrDefaultAsync(a => a.Language == language && a.Slug == slug, ct);
        var created = article is null;
        if (article is null)
        {
            article = new HelpArticle { Language = language, Slug = slug };
            db.Add(article);
        }
        var position = request.Position ?? (created
            ? (await db.Set<HelpArticle>().Where(a => a.Language == language).MaxAsync(a => (int?)a.Position, ct) ?? 0) + 1
            : article.Position);
        article.Update(request.Title!.Trim(), request.Markdown!.Replace("\r\n", "\n", StringComparison.Ordinal), request.Topic,
            request.Published ?? (created || article.Published), position, time.GetUtcNow().UtcDateTime, actor);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (created)
        {
            throw new DomainRuleException(Texts.Ui("Problem.Knowledge.ArticleRace", $"{language}/{slug}"));
        }
        cache.Changed();
        return (HelpArticleResponse.From(article), created);
    }

    public async Task<bool> DeleteAsync(string language, string slug, CancellationToken ct)
    {
        var deleted = await db.WriteAsync(() => db.Set<HelpArticle>().Where(a => a.Language == language && a.Slug == slug).ExecuteDeleteAsync(ct), ct) > 0;
        cache.Changed();
        return deleted;
    }
}
