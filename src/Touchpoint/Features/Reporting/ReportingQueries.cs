using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Reporting;

/// <summary>A conversation's repeat links, for its page: the earlier one it repeats, the later ones that repeat it, and whether it was reopened.</summary>
public sealed record RepeatLinks(long? RepeatOf, string? Reason, IReadOnlyList<long> RepeatedIn, bool Reopened);

public sealed class ReportingQueries(TouchpointDb db) : IConversationFacets
{
    public async Task<RepeatLinks> LinksAsync(long number, CancellationToken ct)
    {
        var rows = await db.Set<RepeatContact>().AsNoTracking().Where(l => l.LaterNumber == number || l.EarlierNumber == number)
            .Select(l => new { l.EarlierNumber, l.LaterNumber, l.Reason, l.At }).ToListAsync(ct);
        var of = rows.Where(r => r.LaterNumber == number && r.EarlierNumber != number).OrderBy(r => r.At).FirstOrDefault();
        return new RepeatLinks(of?.EarlierNumber, of?.Reason,
            rows.Where(r => r.EarlierNumber == number && r.LaterNumber != number).Select(r => r.LaterNumber).Order().ToList(),
            rows.Any(r => r.EarlierNumber == number && r.LaterNumber == number));
    }

    public async Task<ConversationFacets> ForAsync(long number, CancellationToken ct)
    {
        var of = await db.Set<RepeatContact>().AsNoTracking().Where(l => l.LaterNumber == number && l.EarlierNumber != number)
            .OrderBy(l => l.At).Select(l => (long?)l.EarlierNumber).FirstOrDefaultAsync(ct);
        return new ConversationFacets(RepeatOf: of);
    }
}
