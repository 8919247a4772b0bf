namespace Touchpoint.Features.Routing;

public enum Presence
{
    Online,
    Away,
    Offline,
}

/// <summary>What routing knows of one agent at the moment of the decision (held in memory, never read per decision).</summary>
public sealed record AgentState
{
    public required string Id { get; init; }
    public Presence Presence { get; init; }

    /// <summary>Inside a period of their weekly schedule and not on a break.</summary>
    public bool OnShift { get; init; }
    public IReadOnlySet<string> Topics { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> Languages { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> Channels { get; init; } = new HashSet<string>();

    /// <summary>How many open items of a channel the agent takes at once (e.g. 3 chats, 12 emails).</summary>
    public IReadOnlyDictionary<string, int> Capacity { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> Load { get; init; } = new Dictionary<string, int>();

    /// <summary>When the agent last finished or received work; the longest idle wins a tie.</summary>
    public DateTime IdleSince { get; init; }

    public bool CanTake(string channel) =>
        Presence == Presence.Online && OnShift && Capacity.TryGetValue(channel, out var cap) && Load.GetValueOrDefault(channel) < cap;

    public double Utilisation(string channel) =>
        Capacity.TryGetValue(channel, out var cap) && cap > 0 ? (double)Load.GetValueOrDefault(channel) / cap : 1;

    public bool Matches(string topic, string language, string channel) =>
        Topics.Contains(topic) && Languages.Contains(language) && Channels.Contains(channel);
}

public sealed record RoutingRequest(string Channel, string Topic, string Language, string? AccountManagerId, IReadOnlyCollection<string> OnDuty);

/// <summary>Who takes it and why; no agent: it waits in the queue (served by due time, then age, as capacity frees).</summary>
public sealed record RoutingDecision(string? AgentId, string Reason);

/// <summary>
/// The assignment rule (seeds 002, 004): the customer's account manager when available; otherwise the available agent
/// with the matching topic, language and channel and the lowest load (ties: longest idle); when nobody with the skills
/// is on shift, the on-duty person; else it waits. Available means online, on shift and under capacity for the channel.
/// A pure function of its inputs, so it answers in microseconds and every rule is testable.
/// </summary>
public static class Router
{
    public static RoutingDecision Decide(RoutingRequest request, IReadOnlyList<AgentState> agents)
    {
        if (request.AccountManagerId is { } managerId && agents.FirstOrDefault(a => a.Id == managerId) is { } manager && manager.CanTake(request.Channel))
        {
            return new RoutingDecision(manager.Id, "account manager");
        }
        var skilled = agents.Where(a => a.Matches(request.Topic, request.Language, request.Channel)).ToList();
        var best = skilled.Where(a => a.CanTake(request.Channel))
            .OrderBy(a => a.Utilisation(request.Channel))
            .ThenBy(a => a.IdleSince)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best is not null)
        {
            return new RoutingDecision(best.Id, $"skill {request.Topic}/{request.Language}");
        }
        // Lunch, off-hours: the skill group is away, so whoever is on duty covers.
        if (!skilled.Any(a => a.Presence == Presence.Online && a.OnShift))
        {
            var duty = agents.Where(a => request.OnDuty.Contains(a.Id) && a.Presence == Presence.Online && a.Capacity.ContainsKey(request.Channel)
                    && a.Load.GetValueOrDefault(request.Channel) < a.Capacity[request.Channel])
                .OrderBy(a => a.Utilisation(request.Channel)).ThenBy(a => a.IdleSince).ThenBy(a => a.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (duty is not null)
            {
                return new RoutingDecision(duty.Id, "on duty");
            }
        }
        return new RoutingDecision(null,
            skilled.Count == 0 ? "no agent has these skills"
            : skilled.Any(a => a.Presence == Presence.Online && a.OnShift) ? "everyone is full"
            : "nobody with these skills is available");
    }
}
