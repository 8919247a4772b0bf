using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Knowledge;

/// <summary>A ready answer an agent drops into a reply; the body is Liquid with customer, order and conversation placeholders.</summary>
public sealed class CannedReply
{
    public Guid Id { get; init; }
    public required string Title { get; set; }
    public required string Language { get; set; }
    public string? Topic { get; set; }
    public required string Body { get; set; }
    public string? Shortcut { get; set; }
    public bool Active { get; set; } = true;
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

internal sealed class CannedReplyConfiguration : IEntityTypeConfiguration<CannedReply>
{
    public void Configure(EntityTypeBuilder<CannedReply> b)
    {
        b.ToTable("canned_replies");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Topic).HasMaxLength(64);
        b.Property(x => x.Shortcut).HasMaxLength(32);
        b.Property(x => x.UpdatedBy).HasMaxLength(320);
        // The reply picker lists by language (and topic); a shortcut means one reply per language. NULLs do not collide.
        b.HasIndex(x => new { x.Language, x.Shortcut }).IsUnique();
        b.HasIndex(x => new { x.Language, x.Topic });
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.Topic).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed record CannedReplyRequest(string? Title, string? Language, string? Topic, string? Body, string? Shortcut, bool? Active);

public sealed record CannedReplyResponse(Guid Id, string Title, string Language, string? Topic, string Body, string? Shortcut, bool Active, DateTime UpdatedAt, string UpdatedBy)
{
    public static CannedReplyResponse From(CannedReply r) => new(r.Id, r.Title, r.Language, r.Topic, r.Body, r.Shortcut, r.Active, r.UpdatedAt, r.UpdatedBy);
}

/// <summary>What a canned reply may name: <c>{{ customer.name }}</c>, <c>{{ customer.email }}</c>, <c>{{ order.number }}</c>,
/// <c>{{ conversation.number }}</c>, <c>{{ agent.name }}</c>, <c>{{ store.name }}</c> (from <see cref="StoreOptions.Name"/>).</summary>
public sealed record CannedModel(string? CustomerName, string CustomerEmail, string? OrderNumber, long ConversationNumber, string AgentName, string StoreName)
{
    public static readonly IReadOnlyList<string> Placeholders =
        ["{{ customer.name }}", "{{ customer.email }}", "{{ order.number }}", "{{ conversation.number }}", "{{ agent.name }}", "{{ store.name }}"];

    /// <summary>Sample values for previews in the settings page.</summary>
    public static CannedModel Sample(string language, StoreOptions store) => Languages.Normalize(language) switch
    {
        "ru" => new("Ольга Петрова", "olga@example.com", "1001", 1042, "Анна", store.Name),
        "pl" => new("Anna Nowak", "anna@example.com", "1001", 1042, "Ewa", store.Name),
        _ => new("Jane Doe", "jane@example.com", "1001", 1042, "Sam", store.Name),
    };
}

/// <summary>Canned replies: the list for the reply box, and the settings (create, change, delete).</summary>
public sealed partial class CannedReplies(TouchpointDb db, TimeProvider time)
{
    public const int MaxBodyChars = 20_000;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$")]
    private static partial Regex ShortcutPattern();

    /// <summary>The active replies in a language; with a topic, that topic's replies first, then the general ones (no topic).</summary>
    public Task<IReadOnlyList<CannedReplyResponse>> ListAsync(string language, string? topic, CancellationToken ct) =>
        QueryAsync(Languages.Normalize(language), topic, includeInactive: false, ct);

    /// <summary>Any language (null) and any state; with a topic, that topic's and the general ones.</summary>
    public async Task<IReadOnlyList<CannedReplyResponse>> QueryAsync(string? language, string? topic, bool includeInactive, CancellationToken ct)
    {
        var query = db.Set<CannedReply>().AsNoTracking();
        if (language is not null)
        {
            query = query.Where(r => r.Language == language);
        }
        if (topic is not null)
        {
            query = query.Where(r => r.Topic == topic || r.Topic == null);
        }
        if (!includeInactive)
        {
            query = query.Where(r => r.Active);
        }
        var list = await query.ToListAsync(ct);
        return list
            .OrderBy(r => r.Language == "en" ? 0 : r.Language == "ru" ? 1 : 2)
            .ThenBy(r => topic is not null && r.Topic == topic ? 0 : 1)
            .ThenBy(r => r.Title, StringComparer.CurrentCultureIgnoreCase)
            .Select(CannedReplyResponse.From)
            .ToList();
    }

    public async Task<CannedReplyResponse?> GetAsync(Guid id, CancellationToken ct) =>
        await db.Set<CannedReply>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } r ? CannedReplyResponse.From(r) : null;

    /// <summary>Field rules, the topic, and a shortcut not used by another reply in the same language.</summary>
    public async Task<Validation> ValidateAsync(Guid? id, CannedReplyRequest? request, TopicCatalog topics, CancellationToken ct)
    {
        var v = new Validation();
        if (request is null)
        {
            return v.Add("body", Texts.Ui("Valid.Knowledge.CannedBody"));
        }
        v.Require(!string.IsNullOrWhiteSpace(request.Title), "title", Texts.Ui("Valid.Knowledge.Title"));
        v.Require((request.Title?.Trim().Length ?? 0) <= 200, "title", Texts.Ui("Valid.MaxChars", 200));
        v.Require(request.Language is not null && Languages.Supported.Contains(request.Language), "language", Texts.Ui("Valid.LanguageUse"));
        v.Require(request.Topic is null || (await topics.AllAsync(ct)).Any(t => t.Key == request.Topic), "topic", Texts.Ui("Valid.UnknownTopicSee"));
        if (string.IsNullOrWhiteSpace(request.Body))
        {
            v.Add("body", Texts.Ui("Valid.Knowledge.ReplyText"));
        }
        else if (request.Body.Length > MaxBodyChars)
        {
            v.Add("body", Texts.Ui("Valid.MaxChars", MaxBodyChars));
        }
        else if (LiquidRenderer.Check(request.Body) is { } error)
        {
            v.Add("body", error);
        }
        var shortcut = NormalizeShortcut(request.Shortcut);
        if (shortcut is not null)
        {
            if (!ShortcutPattern().IsMatch(shortcut))
            {
                v.Add("shortcut", Texts.Ui("Valid.Knowledge.Shortcut"));
            }
            else if (v.IsValid && await db.Set<CannedReply>().AnyAsync(r => r.Language == request.Language && r.Shortcut == shortcut && r.Id != id, ct))
            {
                v.Add("shortcut", Texts.Ui("Valid.Knowledge.ShortcutTaken"));
            }
        }
        return v;
    }

    private static string? NormalizeShortcut(string? shortcut) =>
        string.IsNullOrWhiteSpace(shortcut) ? null : shortcut.Trim().TrimStart('/').ToLowerInvariant();

    /// <summary>Creates (id null) or changes a reply; null when the id is unknown. Validate first.</summary>
    public async Task<CannedReplyResponse?> SaveAsync(Guid? id, CannedReplyRequest request, string actor, CancellationToken ct)
    {
        CannedReply? reply;
        if (id is null)
        {
            reply = new CannedReply { Id = Guid.CreateVersion7(), Title = "", Language = "", Body = "", UpdatedBy = actor };
            db.Add(reply);
        }
        else
        {
            reply = await db.Set<CannedReply>().FirstOrDefaultAsync(r => r.Id == id, ct);
            if (reply is null)
            {
                return null;
            }
        }
        reply.Title = request.Title!.Trim();
        reply.Language = request.Language!;
        reply.Topic = request.Topic;
        reply.Body = request.Body!.Replace("\r\n", "\n", StringComparison.Ordinal);
        reply.Shortcut = NormalizeShortcut(request.Shortcut);
        reply.Active = request.Active ?? reply.Active;
        reply.UpdatedAt = time.GetUtcNow().UtcDateTime;
        reply.UpdatedBy = actor;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two saves raced for the same shortcut; the unique index kept one.
            throw new DomainRuleException(Texts.Ui("Valid.Knowledge.ShortcutTaken"));
        }
        return CannedReplyResponse.From(reply);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct) =>
        await db.WriteAsync(() => db.Set<CannedReply>().Where(r => r.Id == id).ExecuteDeleteAsync(ct), ct) > 0;

    /// <summary>
    /// The reply as plain text with the placeholders filled. Values go in as they are and are never parsed again:
    /// a customer named <c>&lt;b&gt;</c> or <c>{{ x }}</c> stays that text (the reply box shows and sends text, encoded where shown).
    /// </summary>
    public static string Render(string body, CannedModel model)
    {
        var values = new Dictionary<string, object>
        {
            ["customer"] = new Dictionary<string, object> { ["name"] = model.CustomerName ?? "", ["email"] = model.CustomerEmail },
            ["order"] = new Dictionary<string, object> { ["number"] = model.OrderNumber ?? "" },
            ["conversation"] = new Dictionary<string, object> { ["number"] = model.ConversationNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["agent"] = new Dictionary<string, object> { ["name"] = model.AgentName },
            ["store"] = new Dictionary<string, object> { ["name"] = model.StoreName },
        };
        try
        {
            return LiquidRenderer.Render(body, values, html: false);
        }
        catch (LiquidLimitException ex)
        {
            // A reply stored before the limits: the picker and the preview show why, instead of breaking the page.
            return ex.Message;
        }
    }
}
