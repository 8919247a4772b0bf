using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Knowledge;

/// <summary>One section of a defaults file: <c>=== key | topic</c>, then <c># Title</c>, then the body.</summary>
public sealed record DefaultEntry(string Key, string? Topic, string Title, string Body);

/// <summary>
/// The texts a new store starts with, shipped as Markdown files embedded in the assembly
/// (<c>Defaults/{kind}_{language}.md</c>) so they read and review like documents, not code.
/// </summary>
public static class KnowledgeDefaults
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<DefaultEntry>>> Files = new(LoadAll);

    public static IReadOnlyList<DefaultEntry> Procedures(string language) => Get("procedures", language);

    public static IReadOnlyList<DefaultEntry> Articles(string language) => Get("articles", language);

    public static IReadOnlyList<DefaultEntry> CannedReplies(string language) => Get("canned", language);

    private static IReadOnlyList<DefaultEntry> Get(string kind, string language) =>
        Files.Value.TryGetValue($"{kind}_{Languages.Normalize(language)}", out var entries) ? entries : [];

    private static Dictionary<string, IReadOnlyList<DefaultEntry>> LoadAll()
    {
        var assembly = typeof(KnowledgeDefaults).Assembly;
        var result = new Dictionary<string, IReadOnlyList<DefaultEntry>>(StringComparer.Ordinal);
        const string marker = ".Features.Knowledge.Defaults.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(marker, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal)))
        {
            var file = name[(name.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..^3];
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!, Encoding.UTF8);
            result[file] = Parse(reader.ReadToEnd());
        }
        return result;
    }

    internal static IReadOnlyList<DefaultEntry> Parse(string text)
    {
        var entries = new List<DefaultEntry>();
        var sections = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n=== ");
        foreach (var raw in sections)
        {
            var section = raw.StartsWith("=== ", StringComparison.Ordinal) ? raw[4..] : raw;
            var lines = section.Split('\n');
            var head = lines[0].Split('|', StringSplitOptions.TrimEntries);
            if (head[0].Length == 0 || head[0].StartsWith("<!--", StringComparison.Ordinal))
            {
                continue;
            }
            var titleLine = Array.FindIndex(lines, 1, l => l.StartsWith("# ", StringComparison.Ordinal));
            if (titleLine < 0)
            {
                throw new InvalidOperationException($"Default '{head[0]}' has no '# Title' line.");
            }
            var body = string.Join('\n', lines.Skip(titleLine + 1)).Trim('\n') + "\n";
            entries.Add(new DefaultEntry(head[0], head.Length > 1 && head[1].Length > 0 ? head[1] : null, lines[titleLine][2..].Trim(), body));
        }
        return entries;
    }

    /// <summary>A stable id for a seeded row, so two instances seeding at once collide on the key instead of doubling.</summary>
    public static Guid SeedId(string kind, string language, string key) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"touchpoint:{kind}:{language}:{key}")).AsSpan(0, 16));
}

/// <summary>
/// Writes the default help articles and canned replies on the first start (each table only while it is empty), as one of the
/// shipped-defaults steps (<see cref="ShippedDefaults"/>).
/// Seeded rows have fixed keys: when two instances start together, the second insert fails on the key and is ignored.
/// Procedures are not copied: <see cref="ProcedureBook"/> falls back to the shipped text until one is edited.
/// </summary>
public sealed partial class KnowledgeSeeder(IServiceScopeFactory scopes, TimeProvider time, ILogger<KnowledgeSeeder> logger) : IShippedDefaults
{
    public const string Actor = "system:defaults";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SeedAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            LogSeededElsewhere(ex.GetType().Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database may not be migrated yet (MigrateOnStart=false): the app still starts; the next start seeds.
            LogSeedFailed(ex);
        }
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            if (!await db.Set<HelpArticle>().AnyAsync(ct))
            {
                foreach (var language in Languages.Supported)
                {
                    var position = 0;
                    foreach (var entry in KnowledgeDefaults.Articles(language))
                    {
                        var article = new HelpArticle { Language = language, Slug = entry.Key };
                        article.Update(entry.Title, entry.Body, entry.Topic, published: true, position: ++position, now, Actor);
                        db.Add(article);
                    }
                }
                await db.SaveChangesAsync(ct);
            }
        }
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            if (!await db.Set<CannedReply>().AnyAsync(ct))
            {
                foreach (var language in Languages.Supported)
                {
                    foreach (var entry in KnowledgeDefaults.CannedReplies(language))
                    {
                        db.Add(new CannedReply
                        {
                            Id = KnowledgeDefaults.SeedId("canned", language, entry.Key), Language = language, Title = entry.Title, Topic = entry.Topic,
                            Body = entry.Body.TrimEnd('\n'), Shortcut = entry.Key, Active = true, UpdatedAt = now, UpdatedBy = Actor,
                        });
                    }
                }
                await db.SaveChangesAsync(ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Default knowledge was seeded by another instance ({Reason}).")]
    private partial void LogSeededElsewhere(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not seed the default help articles and canned replies.")]
    private partial void LogSeedFailed(Exception ex);
}
