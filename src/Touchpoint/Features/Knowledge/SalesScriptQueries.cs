using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Knowledge;

public sealed record ScriptQuestionResponse(string Key, LocalizedText Text);

/// <summary>A script as the API sends it; <see cref="Groups"/> has the four SPIN groups in order, so a GET can be PUT back.</summary>
public sealed record SalesScriptResponse(string Key, string? Topic, string? Category, LocalizedText Name,
    IReadOnlyDictionary<string, IReadOnlyList<ScriptQuestionResponse>> Groups, DateTime UpdatedAt, string UpdatedBy)
{
    public static SalesScriptResponse From(SalesScript s) => new(s.Key, s.Topic, s.Category, s.Name,
        SpinGroups.All.ToDictionary(g => g, g => (IReadOnlyList<ScriptQuestionResponse>)[.. s.In(g).Select(q => new ScriptQuestionResponse(q.Key, q.Text))]),
        s.UpdatedAt, s.UpdatedBy);
}

public static class SalesScriptQueries
{
    /// <summary>Every script: the general ones (no topic, no category) first, then by key.</summary>
    public static async Task<IReadOnlyList<SalesScript>> AllAsync(TouchpointDb db, CancellationToken ct) =>
        (await db.Set<SalesScript>().AsNoTracking().ToListAsync(ct))
            .OrderBy(s => s.Topic is null && s.Category is null ? 0 : 1).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();

    public static Task<SalesScript?> GetAsync(TouchpointDb db, string key, CancellationToken ct) =>
        db.Set<SalesScript>().AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct);

    /// <summary>The script a conversation on <paramref name="topic"/> starts with: the topic's own, else a general one, else any.</summary>
    public static SalesScript? For(IReadOnlyList<SalesScript> scripts, string topic) =>
        scripts.FirstOrDefault(s => s.Topic == topic) ?? scripts.FirstOrDefault(s => s.Topic is null && s.Category is null) ?? (scripts.Count > 0 ? scripts[0] : null);
}
