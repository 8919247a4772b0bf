using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Notifications;

/// <summary>A service owner's edit of one message kind in one language. Without it the shipped default is used.</summary>
public sealed class NotificationTemplate
{
    public required string Kind { get; init; }
    public required string Language { get; init; }
    public required string Subject { get; set; }
    public required string Text { get; set; }
    public required string Html { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

internal sealed class NotificationTemplateConfiguration : IEntityTypeConfiguration<NotificationTemplate>
{
    public void Configure(EntityTypeBuilder<NotificationTemplate> b)
    {
        b.ToTable("notification_templates");
        b.HasKey(x => new { x.Kind, x.Language });
        b.Property(x => x.Kind).HasMaxLength(64);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Subject).HasMaxLength(1000);
        b.Property(x => x.UpdatedBy).HasMaxLength(200);
    }
}

public sealed record TemplateContent(string Subject, string Text, string Html);

/// <summary>The subject, text and HTML of one templated mail, rendered together: all three or none.</summary>
public sealed record RenderedMail(string Title, string Body, string HtmlBody)
{
    /// <summary>Throws <see cref="LiquidLimitException"/> when a part goes past a render limit; nothing half-rendered is ever mailed.</summary>
    public static RenderedMail Render(TemplateContent content, IDictionary<string, object> model, string language) => new(
        OrderNotifications.OneLine(LiquidRenderer.Render(content.Subject, model, html: false)),
        LiquidRenderer.Render(content.Text, model, html: false),
        OrderNotifications.WrapHtml(LiquidRenderer.Render(content.Html, model, html: true), language));
}

public static class NotificationKinds
{
    public const string Delayed = "order.delayed";
    public const string Paid = "order.paid";

    public static readonly IReadOnlyList<string> All =
        ["order.placed", "order.accepted", Paid, "order.packed", "order.shipped", "order.delivered", "order.cancelled", "order.returned", Delayed,
            ConversationKinds.Received, ConversationKinds.Reply, SlaKinds.Warning, SlaKinds.Limit];
}

/// <summary>Effective templates: the stored edit, else the default shipped with the app. Cached; an edit here clears the cache.</summary>
public sealed class TemplateStore(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, TemplateContent>>> Defaults = new(LoadDefaults);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<(string Kind, string Language), (TemplateContent Content, bool Custom, DateTimeOffset LoadedAt)> _cache = new();

    public static TemplateContent Default(string kind, string language) => Defaults.Value[Languages.Normalize(language)][kind];

    public async ValueTask<(TemplateContent Content, bool Custom)> GetAsync(string kind, string language, CancellationToken ct)
    {
        language = Languages.Normalize(language);
        if (_cache.TryGetValue((kind, language), out var hit) && time.GetUtcNow() - hit.LoadedAt < Refresh)
        {
            return (hit.Content, hit.Custom);
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var stored = await db.Set<NotificationTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Kind == kind && t.Language == language, ct);
        var content = stored is null ? Default(kind, language) : new TemplateContent(stored.Subject, stored.Text, stored.Html);
        _cache[(kind, language)] = (content, stored is not null, time.GetUtcNow());
        return (content, stored is not null);
    }

    public void Invalidate(string kind, string language) => _cache.TryRemove((kind, Languages.Normalize(language)), out _);

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, TemplateContent>> LoadDefaults()
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, TemplateContent>>();
        var assembly = typeof(TemplateStore).Assembly;
        foreach (var language in Languages.Supported)
        {
            var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith($".Notifications.Templates.{language}.json", StringComparison.Ordinal));
            using var stream = assembly.GetManifestResourceStream(name)!;
            var parsed = JsonSerializer.Deserialize<Dictionary<string, TemplateContent>>(stream, JsonOptions)!;
            var missing = NotificationKinds.All.Except(parsed.Keys).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"Default templates for '{language}' lack: {string.Join(", ", missing)}");
            }
            result[language] = parsed;
        }
        return result;
    }
}
