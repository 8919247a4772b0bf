using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Knowledge;

public sealed record TopicRequest(string? En, string? Ru, string? Pl, int? Position, bool? Active);

public sealed record TopicResponse(string Key, string En, string Ru, string Pl, int Position, bool Active)
{
    public static TopicResponse From(Topic t) => new(t.Key, t.Names.For("en"), t.Names.For("ru"), t.Names.For("pl"), t.Position, t.Active);
}

/// <summary>Rename, reorder, deactivate and add topics. Keys never change: reports and conversations keep them.</summary>
public sealed partial class TopicAdmin(TouchpointDb db, TopicCatalog catalog)
{
    public const int MaxPosition = 10_000;

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex KeyPattern();

    public static bool IsValidKey(string? key) => key is { Length: >= 2 and <= 64 } && KeyPattern().IsMatch(key);

    public static Validation Validate(string key, TopicRequest? request)
    {
        var v = new Validation().Require(IsValidKey(key), "key", Texts.Ui("Valid.Knowledge.TopicKey"));
        if (request is null)
        {
            return v.Add("body", Texts.Ui("Valid.Knowledge.TopicBody"));
        }
        foreach (var (field, value) in new[] { ("en", request.En), ("ru", request.Ru), ("pl", request.Pl) })
        {
            v.Require(!string.IsNullOrWhiteSpace(value), field, Texts.Ui("Valid.Knowledge.TopicName"));
            v.Require((value?.Trim().Length ?? 0) <= 100, field, Texts.Ui("Valid.MaxChars", 100));
        }
        v.Require(request.Position is null or >= 0 and <= MaxPosition, "position", Texts.Ui("Valid.Between", 0, MaxPosition));
        return v;
    }

    /// <summary>Creates the topic or changes it; true when it was created. Validate first.</summary>
    public async Task<(Topic Topic, bool Created)> SaveAsync(string key, TopicRequest request, CancellationToken ct)
    {
        var topic = await db.Set<Topic>().FirstOrDefaultAsync(t => t.Key == key, ct);
        var created = topic is null;
        if (topic is null)
        {
            var last = await db.Set<Topic>().MaxAsync(t => (int?)t.Position, ct) ?? 0;
            topic = new Topic { Key = key, Names = LocalizedText.Empty, Position = Math.Min(last + 1, MaxPosition) };
            db.Add(topic);
        }
        topic.Names = LocalizedText.Of(request.En!, request.Ru!, request.Pl!);
        topic.Position = request.Position ?? topic.Position;
        topic.Active = request.Active ?? topic.Active;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (created)
        {
            throw new DomainRuleException(Texts.Ui("Problem.Knowledge.TopicRace", key));
        }
        catalog.Invalidate();
        return (topic, created);
    }

    /// <summary>Positions follow the order given (1, 2, 3 …); topics not named keep theirs after them.</summary>
    public async Task ReorderAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        var topics = await db.Set<Topic>().ToListAsync(ct);
        var position = 1;
        foreach (var key in keys)
        {
            if (topics.FirstOrDefault(t => t.Key == key) is { } topic)
            {
                topic.Position = position++;
            }
        }
        foreach (var rest in topics.Where(t => !keys.Contains(t.Key)).OrderBy(t => t.Position))
        {
            rest.Position = position++;
        }
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();
    }
}
