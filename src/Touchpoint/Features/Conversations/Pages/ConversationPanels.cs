namespace Touchpoint.Features.Conversations.Pages;

/// <summary>Where on the conversation page a panel of another feature goes.</summary>
public enum ConversationSlot
{
    /// <summary>Beside the title: links and chips (a review's score, "repeat contact of #1042", the CSAT answer).</summary>
    Header,

    /// <summary>At the top of the side column, before the procedure: a guide for the conversation itself (the sales script).</summary>
    SideFirst,

    /// <summary>In the side column, after the procedure, the orders and the customer.</summary>
    Side,
}

/// <summary>A component another feature shows on the conversation page; it gets the parameter <c>Number</c> (the conversation's number).</summary>
public sealed record ConversationPanel(Type Component, ConversationSlot Slot, int Order);

/// <summary>
/// How features above Conversations (quality reviews, feedback, scripts) add to the conversation page without
/// Conversations knowing them: they register a component; the page renders what is registered for each slot, in order.
/// </summary>
public static class ConversationPanels
{
    public static IServiceCollection AddConversationPanel<TComponent>(this IServiceCollection services, ConversationSlot slot, int order = 0)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        services.AddSingleton(new ConversationPanel(typeof(TComponent), slot, order));
}
