using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Sla;

/// <summary>
/// Keeps each conversation's SLA clocks in step with what happens to it, inside the same save: the policy is matched
/// from memory, the clocks move by <see cref="SlaEngine"/>'s rules, the due times land on the conversation, and each
/// result is written to <c>sla_outcomes</c> in the same transaction.
/// </summary>
public sealed class SlaConversationClocks(TouchpointDb db, SlaCatalog catalog, TimeProvider time)
    : IDomainEventHandler<ConversationCreated>, IDomainEventHandler<MessageAdded>, IDomainEventHandler<ConversationStatusChanged>,
      IDomainEventHandler<ConversationPriorityChanged>, IDomainEventHandler<ConversationTopicChanged>
{
    public async Task HandleAsync(ConversationCreated e, CancellationToken ct)
    {
        var c = e.Conversation;
        var setup = await catalog.GetAsync(ct);
        var policy = setup.Match(c.Channel, c.Topic, c.Priority, await TagsAsync(setup, c, ct));
        if (policy is null)
        {
            c.SetSla(null, null, null, Now, bump: false);
            return;
        }
        var sla = SlaEngine.Start(policy, c.CreatedAt, answered: c.FirstReplyAt is not null, paused: c.Status == ConversationStatus.Pending);
        await SaveAsync(c, sla, setup, [], ct);
    }

    public Task HandleAsync(MessageAdded e, CancellationToken ct) => e.Message.Type switch
    {
        MessageType.Inbound => MoveAsync(e.Conversation, (sla, setup) => SlaEngine.CustomerWrote(sla, setup, e.Message.CreatedAt), ct),
        MessageType.Reply => MoveAsync(e.Conversation, (sla, setup) => SlaEngine.Replied(sla, setup, e.Message.CreatedAt), ct),
        _ => Task.CompletedTask,
    };

    public Task HandleAsync(ConversationStatusChanged e, CancellationToken ct) =>
        MoveAsync(e.Conversation, (sla, setup) => SlaEngine.StatusChanged(sla, setup, e.From, e.To, Now), ct);

    public Task HandleAsync(ConversationPriorityChanged e, CancellationToken ct) => RematchAsync(e.Conversation, ct);

    public Task HandleAsync(ConversationTopicChanged e, CancellationToken ct) => RematchAsync(e.Conversation, ct);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task MoveAsync(Conversation c, Func<ConversationSla, SlaSetup, List<SlaDecision>> move, CancellationToken ct)
    {
        if (ConversationSla.Parse(c.SlaState) is not { } sla)
        {
            return;
        }
        var setup = await catalog.GetAsync(ct);
        var decisions = move(sla, setup);
        await SaveAsync(c, sla, setup, decisions, ct);
    }

    /// <summary>Priority and topic choose the policy: when another one applies now, the clocks keep their time under its goals.</summary>
    private async Task RematchAsync(Conversation c, CancellationToken ct)
    {
        if (!c.IsOpen)
        {
            return;
        }
        var setup = await catalog.GetAsync(ct);
        var policy = setup.Match(c.Channel, c.Topic, c.Priority, await TagsAsync(setup, c, ct));
        var current = ConversationSla.Parse(c.SlaState);
        if (policy?.Name == current?.Policy)
        {
            return;
        }
        if (policy is null)
        {
            c.SetSla(null, null, null, Now, bump: false);
            return;
        }
        var paused = c.Status == ConversationStatus.Pending;
        var answered = c.FirstReplyAt is not null;
        // A conversation that had no policy starts its clocks now: it was promised nothing before.
        var sla = current is null ? SlaEngine.Start(policy, Now, answered, paused) : SlaEngine.Repolicy(current, policy, c.CreatedAt, answered, paused);
        await SaveAsync(c, sla, setup, [], ct);
    }

    private async Task SaveAsync(Conversation c, ConversationSla sla, SlaSetup setup, List<SlaDecision> decisions, CancellationToken ct)
    {
        var (due, check) = SlaEngine.Schedule(sla, setup);
        c.SetSla(sla.ToJson(), due, check, Now, bump: false);
        foreach (var d in decisions)
        {
            await RecordAsync(db, c, sla.Policy, d, ct);
        }
    }

    /// <summary>Writes a cycle's result once; a breach the sweeper recorded earlier only gets its actual time.</summary>
    public static async Task RecordAsync(TouchpointDb db, Conversation c, string policy, SlaDecision d, CancellationToken ct)
    {
        if (d.BreachAlreadyRecorded)
        {
            var recorded = db.Set<SlaOutcome>().Local.FirstOrDefault(o => o.ConversationId == c.Id && o.Target == d.Target && o.Cycle == d.Cycle)
                ?? await db.Set<SlaOutcome>().FirstOrDefaultAsync(o => o.ConversationId == c.Id && o.Target == d.Target && o.Cycle == d.Cycle, ct);
            if (recorded is not null)
            {
                recorded.ActualSeconds = d.ActualSeconds;
                recorded.CompletedAt = d.At;
                return;
            }
        }
        db.Add(new SlaOutcome
        {
            ConversationId = c.Id, Number = c.Number, Target = d.Target, Cycle = d.Cycle, Policy = policy, Channel = c.Channel, Topic = c.Topic,
            Priority = c.Priority, AssigneeId = c.AssigneeId, GoalSeconds = d.GoalSeconds, Achieved = d.Achieved, StartedAt = d.StartedAt,
            DecidedAt = d.At, ActualSeconds = d.ActualSeconds, CompletedAt = d.At,
        });
    }

    private async Task<IReadOnlyCollection<string>> TagsAsync(SlaSetup setup, Conversation c, CancellationToken ct)
    {
        if (!setup.UsesCustomerTags)
        {
            return [];
        }
        var tracked = db.Set<CustomerTag>().Local.Where(t => t.CustomerId == c.CustomerId).Select(t => t.Tag).ToList();
        return tracked.Count > 0 ? tracked : await db.Set<CustomerTag>().AsNoTracking().Where(t => t.CustomerId == c.CustomerId).Select(t => t.Tag).ToListAsync(ct);
    }
}
