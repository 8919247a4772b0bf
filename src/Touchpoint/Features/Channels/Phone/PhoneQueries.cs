using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Channels.Phone;

/// <summary>A missed call as reports see it: when it rang, from which number, and the callback task it landed on.</summary>
public sealed record MissedCall(DateTime At, string? From, long? ConversationNumber);

/// <summary>Read models of the phone channel for other features (Reporting): read-only, <c>AsNoTracking</c>.</summary>
public static class PhoneQueries
{
    /// <summary>The calls that started in [from, to) and nobody answered, oldest first.</summary>
    public static async Task<IReadOnlyList<MissedCall>> MissedAsync(TouchpointDb db, DateTime from, DateTime to, CancellationToken ct) =>
        await db.Set<PhoneCall>().AsNoTracking().Where(c => c.State == CallState.Missed && c.StartedAt >= from && c.StartedAt < to)
            .OrderBy(c => c.StartedAt).Select(c => new MissedCall(c.StartedAt, c.From, c.ConversationNumber)).ToListAsync(ct);
}
