namespace Touchpoint.Platform.Persistence;

/// <summary>
/// A small table read whole and held in memory for <c>maxAge</c> (topics, users): pages and requests read it on every
/// render without a query. An edit in this instance calls <see cref="Invalidate"/>; other instances catch up within maxAge.
/// </summary>
public sealed class CachedTable<T>(IServiceScopeFactory scopes, TimeProvider time, TimeSpan maxAge, Func<TouchpointDb, CancellationToken, Task<List<T>>> load)
{
    private sealed record Snapshot(IReadOnlyList<T> Rows, DateTimeOffset LoadedAt);

    private volatile Snapshot? _snapshot;

    public async ValueTask<IReadOnlyList<T>> GetAsync(CancellationToken ct)
    {
        if (_snapshot is { } s && time.GetUtcNow() - s.LoadedAt < maxAge)
        {
            return s.Rows;
        }
        await using var scope = scopes.CreateAsyncScope();
        var rows = await load(scope.ServiceProvider.GetRequiredService<TouchpointDb>(), ct);
        _snapshot = new Snapshot(rows, time.GetUtcNow());
        return rows;
    }

    public void Invalidate() => _snapshot = null;
}
