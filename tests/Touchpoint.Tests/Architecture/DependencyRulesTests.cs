using NetArchTest.Rules;

namespace Touchpoint.Tests.Architecture;

/// <summary>The dependency rules of ARCHITECTURE.md, checked on the compiled code.</summary>
public sealed class DependencyRulesTests
{
    private static readonly System.Reflection.Assembly App = typeof(Touchpoint.Platform.Persistence.TouchpointDb).Assembly;

    private static void AssertNoDependency(string from, params string[] on)
    {
        var result = Types.InAssembly(App).That().ResideInNamespaceStartingWith(from)
            .ShouldNot().HaveDependencyOnAny(on).GetResult();
        Assert.True(result.IsSuccessful, $"{from} must not use {string.Join(", ", on)}; offenders: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Platform_knows_no_feature() => AssertNoDependency("Touchpoint.Platform", "Touchpoint.Features", "Touchpoint.Components");

    [Fact]
    public void Low_features_do_not_reach_up()
    {
        AssertNoDependency("Touchpoint.Features.Identity", "Touchpoint.Features.Customers", "Touchpoint.Features.Orders", "Touchpoint.Features.Notifications", "Touchpoint.Features.Demo");
        AssertNoDependency("Touchpoint.Features.Customers", "Touchpoint.Features.Identity", "Touchpoint.Features.Orders", "Touchpoint.Features.Notifications", "Touchpoint.Features.Demo",
            "Touchpoint.Features.Conversations", "Touchpoint.Features.Knowledge", "Touchpoint.Features.Channels");
    }

    [Fact]
    public void Conversations_know_no_channel_and_send_nothing_themselves() =>
        AssertNoDependency("Touchpoint.Features.Conversations", "Touchpoint.Features.Channels", "Touchpoint.Features.Notifications", "Touchpoint.Features.Demo",
            "Touchpoint.Features.Routing", "Touchpoint.Features.Sla");

    [Fact]
    public void Routing_sits_below_channels_and_notifications_and_sla_uses_only_the_calendar_below_it() =>
        AssertNoDependency("Touchpoint.Features.Routing", "Touchpoint.Features.Channels", "Touchpoint.Features.Notifications", "Touchpoint.Features.Demo");

    [Fact]
    public void Channels_and_notifications_do_not_reach_each_other() =>
        AssertNoDependency("Touchpoint.Features.Channels", "Touchpoint.Features.Notifications", "Touchpoint.Features.Demo");

    [Fact]
    public void Knowledge_stays_below_conversations_orders_and_notifications() =>
        AssertNoDependency("Touchpoint.Features.Knowledge", "Touchpoint.Features.Conversations", "Touchpoint.Features.Orders", "Touchpoint.Features.Notifications", "Touchpoint.Features.Demo");

    [Fact]
    public void Orders_never_call_notifications() =>
        AssertNoDependency("Touchpoint.Features.Orders", "Touchpoint.Features.Notifications", "Touchpoint.Features.Demo");

    [Fact]
    public void Sla_sits_above_conversations_and_sends_nothing_itself()
    {
        AssertNoDependency("Touchpoint.Features.Conversations", "Touchpoint.Features.Sla");
        AssertNoDependency("Touchpoint.Features.Sla", "Touchpoint.Features.Notifications", "Touchpoint.Features.Demo", "Touchpoint.Features.Channels",
            "Touchpoint.Features.Routing");
    }

    [Fact]
    public void Nothing_but_composition_uses_the_demo() =>
        AssertNoDependency("Touchpoint.Features.Notifications", "Touchpoint.Features.Demo");
}
