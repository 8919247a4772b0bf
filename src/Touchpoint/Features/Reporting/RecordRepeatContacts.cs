using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Reporting;

/// <summary>
/// Records <see cref="RepeatContact"/> links inside the save that makes them true, as SLA keeps its clocks: a new
/// conversation (and a topic set on one that has no link yet — triage often names the topic after it arrived) is
/// matched against the same customer's conversations resolved within the window (<see cref="RepeatContactRule"/>),
/// reading the resolved facts and the linked orders; a reopen of a resolved conversation within the window links it
/// to itself. Only Reporting's own table is written.
/// </summary>
public sealed class RecordRepeatContacts(TouchpointDb db, IOptions<MetricsOptions> options)
    : IDomainEventHandler<ConversationCreated>, IDomainEventHandler<ConversationTopicChanged>, IDomainEventHandler<ConversationStatusChanged>
{
    private RepeatContactRule Rule => new(options.Value.RepeatWindow);

    public Task HandleAsync(ConversationCreated e, CancellationToken ct) => LinkAsync(e.Conversation, ct);

    public async Task HandleAsync(ConversationTopicChanged e, CancellationToken ct)
    {
        var c = e.Conversation;
        if (db.Set<RepeatContact>().Local.Any(l => l.LaterId == c.Id && l.EarlierId != c.Id)
            || await db.Set<RepeatContact>().AnyAsync(l => l.LaterId == c.Id && l.EarlierId != c.Id, ct))
        {
            return;
        }
        await LinkAsync(c, ct);
    }

    public async Task HandleAsync(ConversationStatusChanged e, CancellationToken ct)
    {
        if (e.From != ConversationStatus.Resolved || e.To is not (ConversationStatus.Open or ConversationStatus.Pending))
        {
            return;
        }
        var c = e.Conversation;
        var resolvedAt = await db.Set<ConversationFact>().AsNoTracking()
            .Where(f => f.ConversationId == c.Id && f.Kind == FactKinds.Resolved)
            .OrderByDescending(f => f.At).Select(f => (DateTime?)f.At).FirstOrDefaultAsync(ct);
        if (resolvedAt is null || !Rule.ReopenFails(resolvedAt.Value, c.UpdatedAt) || await LinkedAsync(c.Id, c.Id, ct))
        {
            return;
        }
        db.Add(RepeatContact.Reopen(c.Id, c.Number, c.CustomerId, c.UpdatedAt));
    }

    private async Task LinkAsync(Conversation c, CancellationToken ct)
    {
        var rule = Rule;
        var at = c.CreatedAt;
        var since = at - rule.Window;
        var resolved = await db.Set<ConversationFact>().AsNoTracking()
            .Where(f => f.Kind == FactKinds.Resolved && f.CustomerId == c.CustomerId && f.At >= since && f.At <= at && f.ConversationId != c.Id)
            .Select(f => new { f.ConversationId, f.Number, f.Topic, f.At })
            .ToListAsync(ct);
        if (resolved.Count == 0)
        {
            return;
        }
        var latest = resolved.GroupBy(f => f.ConversationId).Select(g => g.MaxBy(f => f.At)!).ToList();
        var ids = latest.Select(f => f.ConversationId).Append(c.Id).ToList();
        var orders = (await db.Set<ConversationOrder>().AsNoTracking().Where(o => ids.Contains(o.ConversationId))
            .Select(o => new { o.ConversationId, o.OrderId }).ToListAsync(ct))
            .Concat(c.Orders.Select(o => new { o.ConversationId, o.OrderId }))
            .ToLookup(o => o.ConversationId, o => o.OrderId);
        var later = new NewContact(c.Id, c.CustomerId, c.Topic, at, orders[c.Id].ToHashSet());
        var earlier = latest.Select(f => new ResolvedContact(f.ConversationId, f.Number, c.CustomerId, f.Topic, f.At, orders[f.ConversationId].ToHashSet()));
        if (rule.Match(later, earlier) is { } match && !await LinkedAsync(match.Earlier.ConversationId, c.Id, ct))
        {
            db.Add(RepeatContact.Between(match.Earlier, c.Id, c.Number, match.Reason, at));
        }
    }

    private async Task<bool> LinkedAsync(Guid earlierId, Guid laterId, CancellationToken ct) =>
        db.Set<RepeatContact>().Local.Any(l => l.EarlierId == earlierId && l.LaterId == laterId)
        || await db.Set<RepeatContact>().AnyAsync(l => l.EarlierId == earlierId && l.LaterId == laterId, ct);
}
