using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Routing;

public sealed class RoutingOptions
{
    /// <summary>Off: nothing is assigned automatically (agents take conversations from the queue by hand).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a pass runs without a change in this instance (other instances' changes, schedules moving on).</summary>
    public TimeSpan PassInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often agents, presence and the roster are read again, and changed customers picked up.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int RingSeconds { get; set; } = 15;
    public int AccountManagerRingSeconds { get; set; } = 20;
    public int MaxRingTargets { get; set; } = 5;

    /// <summary>After a customer's first delivered order, the lead passes from sales to an account manager (seed 004).</summary>
    public HandoffOptions Handoff { get; set; } = new();
}

public sealed class HandoffOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The team the lead leaves: an account manager in this team (or none) is replaced.</summary>
    public string FromTeam { get; set; } = Teams.Sales;

    /// <summary>The team that keeps the customer after the first delivery; the member with the fewest customers gets them.</summary>
    public string ToTeam { get; set; } = Teams.AccountManagement;
}

/// <summary>
/// A reopened conversation stays with its agent when they are there to take it (continuity); otherwise it goes back
/// to the queue and routing finds someone.
/// </summary>
public sealed class ReopenRouting(RoutingBoard board, TimeProvider time) : IDomainEventHandler<ConversationStatusChanged>
{
    public const string Reason = "reopened: assignee not available";

    public Task HandleAsync(ConversationStatusChanged e, CancellationToken cancellationToken)
    {
        var reopened = e.From is ConversationStatus.Resolved && e.To is ConversationStatus.Open;
        if (!reopened || e.Conversation.AssigneeId is not { } assignee || board.Agents.Count == 0)
        {
            return Task.CompletedTask;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var agent = board.Agent(assignee);
        if (agent is null || agent.Presence != Presence.Online || !agent.OnShift(now))
        {
            e.Conversation.Assign(null, null, agent?.Email, now, Actors.Routing, Reason);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Seed 004: after the first sale is delivered, the customer is looked after by an account manager rather than the
/// sales manager who won them. Written into the customer's history in the same transaction as the delivery.
/// </summary>
public sealed partial class OwnershipHandoff(TouchpointDb db, RoutingBoard board, IOptions<RoutingOptions> options, ILogger<OwnershipHandoff> logger)
    : IDomainEventHandler<OrderStatusChanged>
{
    public async Task HandleAsync(OrderStatusChanged e, CancellationToken ct)
    {
        var rule = options.Value.Handoff;
        if (!rule.Enabled || e.To != OrderStatus.Delivered || e.Order.CustomerId == Guid.Empty)
        {
            return;
        }
        var customerId = e.Order.CustomerId;
        var orderId = e.Order.Id;
        // Returned orders were delivered before they came back.
        var deliveredBefore = await db.Set<Order>().AsNoTracking()
            .AnyAsync(o => o.CustomerId == customerId && o.Id != orderId && (o.Status == OrderStatus.Delivered || o.Status == OrderStatus.Returned), ct);
        if (deliveredBefore)
        {
            return;
        }
        var customer = await db.Set<Customer>().FirstOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null || customer.IsErased)
        {
            return;
        }
        var current = customer.AccountManagerId is null ? null : board.Agent(customer.AccountManagerId);
        if (current is not null && !current.InTeam(rule.FromTeam))
        {
            return; // Already with someone outside sales (an account manager chosen by hand): leave it.
        }
        var candidates = board.Agents.Where(a => a.Active && a.InTeam(rule.ToTeam)).Select(a => a.UserId).ToList();
        if (candidates.Count == 0)
        {
            LogNoAccountManager(customerId, rule.ToTeam);
            return;
        }
        var owned = await db.Set<Customer>().AsNoTracking()
            .Where(c => c.AccountManagerId != null && candidates.Contains(c.AccountManagerId))
            .GroupBy(c => c.AccountManagerId!).Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        var chosen = candidates.OrderBy(id => owned.GetValueOrDefault(id)).ThenBy(id => board.Agent(id)!.Name, StringComparer.CurrentCulture).First();
        customer.AssignAccountManager(chosen, current?.Email, board.Agent(chosen)!.Email, e.OccurredAt, $"{Actors.Routing} (first delivered order {e.Order.Number})");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {CustomerId} had a first delivery but team '{Team}' has no one to take them")]
    private partial void LogNoAccountManager(Guid customerId, string team);
}

/// <summary>
/// Past an SLA's hard limit the conversation goes to the person on duty (seed 003: never over 24 h): the least loaded of
/// those on the roster now and online, in the sweep's own transaction. Nobody on duty: it stays (priority is raised and the
/// service owners are told by Sla either way).
/// </summary>
public sealed partial class SlaEscalation(TouchpointDb db, RoutingBoard board, TimeProvider time, ILogger<SlaEscalation> logger)
    : IDomainEventHandler<Sla.SlaLimitPassed>
{
    public const string Reason = "escalated: on duty";

    public async Task HandleAsync(Sla.SlaLimitPassed e, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var duty = board.OnDuty(now).Select(board.Agent).OfType<AgentCard>().Where(a => a.Active && a.Presence == Presence.Online).ToList();
        if (duty.Count == 0)
        {
            LogNobodyOnDuty(e.Number);
            return;
        }
        // The sweep has the conversation tracked; Find returns that instance, so the change joins its save.
        var conversation = await db.Set<Conversation>().FindAsync([e.ConversationId], ct);
        if (conversation is null || !conversation.IsOpen || duty.Any(a => a.UserId == conversation.AssigneeId))
        {
            return;
        }
        var ids = duty.Select(a => a.UserId).ToList();
        var open = new[] { ConversationStatus.New, ConversationStatus.Open };
        var loads = await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.AssigneeId != null && ids.Contains(c.AssigneeId) && open.Contains(c.Status))
            .GroupBy(c => c.AssigneeId!).Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        var chosen = duty.OrderBy(a => loads.GetValueOrDefault(a.UserId)).ThenBy(a => board.IdleSince(a.UserId)).First();
        conversation.Assign(chosen.UserId, chosen.Email, board.Agent(conversation.AssigneeId ?? "")?.Email, now, Actors.Routing, Reason);
        board.MarkBusy(chosen.UserId, now);
        LogEscalated(e.Number, chosen.UserId, e.Target);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation #{Number} passed an SLA limit and nobody is on duty to take it")]
    private partial void LogNobodyOnDuty(long number);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation #{Number} passed the {Target} limit: reassigned to {UserId} on duty")]
    private partial void LogEscalated(long number, string userId, string target);
}
