using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Routing;

/// <summary>
/// Assigns waiting conversations. One pass at a time, in one instance at a time (a job lease): it reads the open load
/// of every agent per channel, takes the unassigned conversations in order (SLA due time, then age) and asks
/// <see cref="Router"/> for each, counting every assignment into the load before the next decision — so nobody goes
/// over capacity and nothing is assigned twice, however many conversations arrive at once. A pass runs when a
/// conversation changes here (new, reopened, resolved, handed back), when presence or a profile changes, and on a
/// short timer for what other instances did.
/// </summary>
public sealed partial class RoutingWorker(
    IServiceScopeFactory scopes,
    RoutingBoard board,
    ConversationFeed feed,
    TimeProvider time,
    IOptions<RoutingOptions> options,
    ILogger<RoutingWorker> logger) : PeriodicJob(scopes, time, logger)
{
    public const string JobName = "routing.assign";
    private const int BatchSize = 200;

    public override string Name => JobName;

    /// <summary>The timer: catch up with other instances and with schedules that moved on.</summary>
    protected override TimeSpan Interval => options.Value.PassInterval;

    protected override TimeSpan LeaseDuration => options.Value.PassInterval * 4 + TimeSpan.FromSeconds(30);

    protected override TimeProvider Cadence => TimeProvider.System;

    protected override TimeSpan MaxBackoff => TimeSpan.FromSeconds(30);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }
        feed.Changed += OnConversationChanged;
        board.Changed += Wake;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        feed.Changed -= OnConversationChanged;
        board.Changed -= Wake;
        return base.StopAsync(cancellationToken);
    }

    private void OnConversationChanged(ConversationChange change)
    {
        // Routing's own assignments also arrive here; they free nothing, so they need no new pass.
        if (change.Kind != "routed")
        {
            Wake();
        }
    }

    /// <summary>
    /// One pass: returns how many conversations this instance assigned. The job's lease keeps other instances out, and
    /// the base runs one pass of this instance at a time (a second one's loads would be stale).
    /// </summary>
    protected override async Task<int> RunPassAsync(JobPass pass, CancellationToken ct)
    {
        var assigned = 0;
        var db = pass.Db;
        var desk = pass.Services.GetRequiredService<ConversationDesk>();
        var now = pass.Now;
        if (board.Agents.Count == 0)
        {
            return 0;
        }
        var loads = await LoadsAsync(db, ct);
        var skip = 0;
        while (true)
        {
            var waiting = await WaitingAsync(db, skip, ct);
            // Who is available is read from the board after the conversations: a conversation reopened just after its
            // agent went away must meet the board that already knows it (the presence request refreshes the board
            // before it answers), not a picture taken before the queue was read.
            var states = board.States(now, loads);
            var onDuty = board.OnDuty(now);
            var before = assigned;
            foreach (var w in waiting)
            {
                var decision = Router.Decide(new RoutingRequest(w.Channel.ToWire(), w.Topic, w.Language, w.AccountManagerId, onDuty), states);
                if (decision.AgentId is { } agent && await desk.RouteAsync(w.Number, agent, decision.Reason, ct))
                {
                    assigned++;
                    board.MarkBusy(agent, now);
                    var channel = w.Channel.ToWire();
                    var load = loads.TryGetValue(agent, out var l) ? l : loads[agent] = [];
                    load[channel] = load.GetValueOrDefault(channel) + 1;
                    states = board.States(now, loads);
                    LogAssigned(w.Number, agent, decision.Reason);
                }
                else if (decision.AgentId is null)
                {
                    await desk.RecordWaitingAsync(w.Id, decision.Reason, ct);
                }
            }
            if (waiting.Count < BatchSize)
            {
                return assigned;
            }
            // Assigned ones left the queue; skip only those that still wait.
            skip += waiting.Count - (assigned - before);
        }
    }

    /// <summary>New and open conversations per agent and channel: what counts against capacity (pending waits on the customer).</summary>
    private static async Task<Dictionary<string, Dictionary<string, int>>> LoadsAsync(TouchpointDb db, CancellationToken ct)
    {
        var rows = await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.AssigneeId != null && (c.Status == ConversationStatus.New || c.Status == ConversationStatus.Open))
            .GroupBy(c => new { c.AssigneeId, c.Channel })
            .Select(g => new { g.Key.AssigneeId, g.Key.Channel, Count = g.Count() })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.AssigneeId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Channel.ToWire(), r => r.Count, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private sealed record Waiting(Guid Id, long Number, Channel Channel, string Topic, string Language, string? AccountManagerId);

    /// <summary>The queue in the order it is served: the SLA's due time first, then the oldest.</summary>
    private static Task<List<Waiting>> WaitingAsync(TouchpointDb db, int skip, CancellationToken ct) =>
        (from c in db.Set<Conversation>().AsNoTracking()
         where c.AssigneeId == null && (c.Status == ConversationStatus.New || c.Status == ConversationStatus.Open)
         join cu in db.Set<Customer>().AsNoTracking() on c.CustomerId equals cu.Id into cus
         from cu in cus.DefaultIfEmpty()
         orderby c.SlaDueAt == null, c.SlaDueAt, c.CreatedAt, c.Number
         select new Waiting(c.Id, c.Number, c.Channel, c.Topic, c.Language, cu == null ? null : cu.AccountManagerId))
        .Skip(skip).Take(BatchSize).ToListAsync(ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Routed conversation #{Number} to {UserId} ({Reason})")]
    private partial void LogAssigned(long number, string userId, string reason);
}
