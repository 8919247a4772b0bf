using System.Collections.Concurrent;
using System.Reflection;

namespace Touchpoint.Platform.Events;

/// <summary>Runs the handlers of raised events, resolving them from the request's scope.</summary>
public sealed class DomainEventDispatcher(IServiceProvider services)
{
    /// <summary>The scope the handlers come from (the save participants of <c>TouchpointDb</c> too).</summary>
    internal IServiceProvider Services => services;

    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, IDomainEvent, CancellationToken, Task>> Invokers = new();

    public Task DispatchAsync(IDomainEvent domainEvent, CancellationToken cancellationToken) =>
        Invokers.GetOrAdd(domainEvent.GetType(), BuildInvoker)(services, domainEvent, cancellationToken);

    private static Func<IServiceProvider, IDomainEvent, CancellationToken, Task> BuildInvoker(Type eventType) =>
        typeof(DomainEventDispatcher)
            .GetMethod(nameof(InvokeAll), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(eventType)
            .CreateDelegate<Func<IServiceProvider, IDomainEvent, CancellationToken, Task>>();

    private static async Task InvokeAll<TEvent>(IServiceProvider services, IDomainEvent domainEvent, CancellationToken ct)
        where TEvent : IDomainEvent
    {
        foreach (var handler in services.GetServices<IDomainEventHandler<TEvent>>())
        {
            await handler.HandleAsync((TEvent)domainEvent, ct);
        }
    }
}
