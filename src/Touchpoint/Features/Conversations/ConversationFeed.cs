namespace Touchpoint.Features.Conversations;

public sealed record ConversationChange(long Number, string Kind, string? AssigneeId);

/// <summary>
/// In-process notice board for open agent pages: after a conversation is saved, pages listening here refresh.
/// Each instance only hears its own writes, so pages also refresh on a timer to pick up other instances' changes.
/// </summary>
public sealed class ConversationFeed
{
    public event Action<ConversationChange>? Changed;

    public void Publish(ConversationChange change)
    {
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<ConversationChange>)handler)(change);
            }
#pragma warning disable CA1031 // A broken page must not stop the others from hearing.
            catch
#pragma warning restore CA1031
            {
            }
        }
    }
}
