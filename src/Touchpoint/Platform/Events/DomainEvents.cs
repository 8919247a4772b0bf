namespace Touchpoint.Platform.Events;

/// <summary>A past-tense fact raised by an entity; handled inside the same SaveChanges transaction.</summary>
public interface IDomainEvent;

/// <summary>Handles one kind of event while the raising entity is being saved. Handlers add rows to the
/// same DbContext (outbox messages, history) so everything commits or rolls back together.</summary>
public interface IDomainEventHandler<in TEvent> where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>Base for entities that raise events. Only entities with real rules use it.</summary>
public abstract class EventSource
{
    private List<IDomainEvent>? _events;

    internal IReadOnlyList<IDomainEvent> PendingEvents => (IReadOnlyList<IDomainEvent>?)_events ?? [];

    protected void Raise(IDomainEvent domainEvent) => (_events ??= []).Add(domainEvent);

    internal List<IDomainEvent> TakeEvents()
    {
        var taken = _events ?? [];
        _events = null;
        return taken;
    }
}
