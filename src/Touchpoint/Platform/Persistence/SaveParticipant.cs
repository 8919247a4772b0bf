namespace Touchpoint.Platform.Persistence;

/// <summary>
/// Runs inside every <c>SaveChangesAsync</c> of the scope, after the domain events and before the write, so a module that
/// keeps rows derived from what is being saved (the search index of customers' names) changes them in the same
/// transaction. It reads the change tracker and adds, changes or removes only its own entities; it raises no events.
/// </summary>
public interface ISaveParticipant
{
    Task BeforeWriteAsync(TouchpointDb db, CancellationToken cancellationToken);
}
