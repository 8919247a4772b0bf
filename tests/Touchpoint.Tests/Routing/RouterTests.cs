using Touchpoint.Features.Routing;

namespace Touchpoint.Tests.Routing;

public sealed class RouterTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    private static AgentState Agent(string id, int load = 0, int capacity = 12, Presence presence = Presence.Online, bool onShift = true,
        string topics = "returns,complaints", string languages = "pl,en", string channel = "email", int idleMinutes = 0) => new()
    {
        Id = id, Presence = presence, OnShift = onShift,
        Topics = topics.Split(',').ToHashSet(), Languages = languages.Split(',').ToHashSet(), Channels = new HashSet<string> { channel },
        Capacity = new Dictionary<string, int> { [channel] = capacity }, Load = new Dictionary<string, int> { [channel] = load },
        IdleSince = T0.AddMinutes(-idleMinutes),
    };

    private static RoutingRequest Returns(string? manager = null, params string[] onDuty) => new("email", "returns", "pl", manager, onDuty);

    [Fact]
    public void The_account_manager_takes_their_customer_when_available()
    {
        var decision = Router.Decide(Returns("ivan"), [Agent("anna"), Agent("ivan", load: 5, topics: "payment_status", languages: "ru")]);
        Assert.Equal(new RoutingDecision("ivan", "account manager"), decision);
    }

    [Theory]
    [InlineData(Presence.Away, true, 0)]
    [InlineData(Presence.Offline, true, 0)]
    [InlineData(Presence.Online, false, 0)]
    [InlineData(Presence.Online, true, 12)]
    public void An_unavailable_account_manager_is_passed_over(Presence presence, bool onShift, int load)
    {
        var decision = Router.Decide(Returns("ivan"), [Agent("anna"), Agent("ivan", load: load, presence: presence, onShift: onShift)]);
        Assert.Equal("anna", decision.AgentId);
        Assert.Equal("skill returns/pl", decision.Reason);
    }

    [Fact]
    public void Skills_must_match_topic_language_and_channel()
    {
        var agents = new[]
        {
            Agent("wrong-topic", topics: "payment_status"),
            Agent("wrong-language", languages: "ru"),
            Agent("wrong-channel", channel: "chat"),
            Agent("right", load: 11),
        };
        Assert.Equal("right", Router.Decide(Returns(), agents).AgentId);
    }

    [Fact]
    public void The_lowest_load_wins_and_a_tie_goes_to_the_longest_idle()
    {
        Assert.Equal("light", Router.Decide(Returns(), [Agent("busy", load: 6), Agent("light", load: 2)]).AgentId);
        // Utilisation, not the raw count: 3 of 12 is lighter than 2 of 3.
        Assert.Equal("big", Router.Decide(Returns(), [Agent("small", load: 2, capacity: 3), Agent("big", load: 3, capacity: 12)]).AgentId);
        Assert.Equal("rested", Router.Decide(Returns(), [Agent("recent", load: 2, idleMinutes: 5), Agent("rested", load: 2, idleMinutes: 40)]).AgentId);
    }

    [Fact]
    public void At_lunch_the_on_duty_person_covers()
    {
        var team = new[] { Agent("anna", onShift: false), Agent("ewa", presence: Presence.Away), Agent("duty", topics: "other", languages: "en") };
        Assert.Equal(new RoutingDecision("duty", "on duty"), Router.Decide(Returns(null, "duty"), team));
    }

    [Fact]
    public void When_the_skill_group_is_on_shift_but_full_it_waits_rather_than_going_to_duty()
    {
        var team = new[] { Agent("anna", load: 12), Agent("duty", topics: "other") };
        Assert.Equal(new RoutingDecision(null, "everyone is full"), Router.Decide(Returns(null, "duty"), team));
    }

    [Fact]
    public void Nobody_with_the_skills_and_nobody_on_duty_means_waiting_with_the_reason()
    {
        Assert.Equal(new RoutingDecision(null, "no agent has these skills"), Router.Decide(Returns(), [Agent("ivan", topics: "payment_status")]));
    }

    [Fact]
    public void A_skill_group_that_is_away_with_nobody_on_duty_waits_saying_so()
    {
        var team = new[] { Agent("anna", presence: Presence.Away), Agent("boris", onShift: false) };
        Assert.Equal(new RoutingDecision(null, "nobody with these skills is available"), Router.Decide(Returns(), team));
    }
}
