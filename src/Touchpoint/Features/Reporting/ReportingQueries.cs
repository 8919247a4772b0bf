using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Channels.Phone;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Reporting;

/// <summary>A conversation's repeat links, for its page: the earlier one it repeats, the later ones that repeat it, and whether it was reopened.</summary>
public sealed record RepeatLinks(long? RepeatOf, string? Reason, IReadOnlyList<long> RepeatedIn, bool Reopened);

/// <summary>One repeat contact of a period, for the dashboard's drill-down: the earlier conversation, the later one, why, whose.</summary>
public sealed record RepeatItem(long Earlier, long Later, string Reason, string? CustomerEmail, string? Agent, DateTime At);

public sealed class ReportingQueries(TouchpointDb db) : IConversationFacets
{
    /// <summary>The repeat links recorded in [from, to), newest first (at most <paramref name="take"/>); the agent is the earlier one's at its last fact.</summary>
    public async Task<IReadOnlyList<RepeatItem>> RepeatsAsync(DateTime from, DateTime to, int take, CancellationToken ct)
    {
        var facts = db.Set<ConversationFact>().AsNoTracking();
        var customers = db.Set<Touchpoint.Features.Customers.Customer>().AsNoTracking();
        return await db.Set<RepeatContact>().AsNoTracking().Where(l => l.At >= from && l.At < to).OrderByDescending(l => l.At).Take(take)
            .Select(l => new RepeatItem(l.EarlierNumber, l.LaterNumber, l.Reason,
                customers.Where(c => c.Id == l.CustomerId).Select(c => c.Email).FirstOrDefault(),
                facts.Where(f => f.ConversationId == l.EarlierId).OrderByDescending(f => f.At).Select(f => f.AssigneeId).FirstOrDefault(), l.At))
            .ToListAsync(ct);
    }

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

/// <summary>A missed call of a period and how long until someone answered it: seconds to the first reply or resolve on its callback task (null while none).</summary>
public sealed record MissedCallRow(DateTime At, string? From, long? ConversationNumber, long? WaitSeconds);

/// <summary>Time to call back: from a missed call (Phone's queries) to the first reply or resolve fact on its callback task at or after the call.</summary>
public static class CallbackTimes
{
    public static async Task<IReadOnlyList<MissedCallRow>> MissedAsync(TouchpointDb db, DateTime from, DateTime to, CancellationToken ct)
    {
        var calls = await PhoneQueries.MissedAsync(db, from, to, ct);
        var numbers = calls.Where(c => c.ConversationNumber is not null).Select(c => c.ConversationNumber!.Value).Distinct().ToList();
        var answers = numbers.Count == 0 ? [] : (await db.Set<ConversationFact>().AsNoTracking()
                .Where(f => numbers.Contains(f.Number) && f.At >= from && (f.Kind == FactKinds.FirstReply || f.Kind == FactKinds.Reply || f.Kind == FactKinds.Resolved))
                .Select(f => new { f.Number, f.At }).ToListAsync(ct))
            .GroupBy(f => f.Number).ToDictionary(g => g.Key, g => g.Select(x => x.At).Order().ToList());
        return [.. calls.Select(c =>
        {
            long? wait = null;
            if (c.ConversationNumber is { } n && answers.TryGetValue(n, out var times) && times.FirstOrDefault(a => a >= c.At) is var back && back != default)
            {
                wait = (long)(back - c.At).TotalSeconds;
            }
            return new MissedCallRow(c.At, c.From, c.ConversationNumber, wait);
        })];
    }
}
