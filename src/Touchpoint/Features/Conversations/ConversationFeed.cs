namespace Touchpoint.Features.Conversations;

public sealed record ConversationChange(long Number, string Kind, string? AssigneeId);

/// <summary>
/// In-process notice board for open agent pages: after a conversation is saved, pages listening here refresh.
/// Each instance only hears its own writes, so pages also refresh on a timer to pick up other instances' changes.
/// </summary>
public sealed partial class ConversationFeed(ILogger<ConversationFeed> logger)
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
#pragma warning disable CA1031 // A broken page must not stop the others from hearing; it is logged, the rest still hear.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogListenerFailed(ex, change.Number, change.Kind, handler.Target?.GetType().Name ?? handler.Method.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page listening for conversation {Number} ({Kind}) failed: {Listener}")]
    private partial void LogListenerFailed(Exception error, long number, string kind, string listener);
}
