using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Conversations;

public sealed record StaffMember(string Id, string Email, string Name, bool Active);

/// <summary>Who can be assigned: the active users, held in memory for lists and pickers; refreshed every 30 s.</summary>
public sealed class StaffDirectory(IServiceScopeFactory scopes, TimeProvider time)
{
    private readonly CachedTable<StaffMember> _table = new(scopes, time, TimeSpan.FromSeconds(30),
        (db, ct) => db.Set<TouchpointUser>().AsNoTracking()
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new StaffMember(u.Id, u.Email ?? "", u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName, u.IsActive))
            .ToListAsync(ct));

    public ValueTask<IReadOnlyList<StaffMember>> AllAsync(CancellationToken ct) => _table.GetAsync(ct);

    public ValueTask<StaffMember?> ByIdAsync(string? id, CancellationToken ct) =>
        id is null ? ValueTask.FromResult<StaffMember?>(null) : FindAsync(s => s.Id == id, ct);

    public ValueTask<StaffMember?> ByEmailAsync(string email, CancellationToken ct) =>
        FindAsync(s => string.Equals(s.Email, email.Trim(), StringComparison.OrdinalIgnoreCase), ct);

    /// <summary>A user created a moment ago is not in the cached list yet: a miss reads the users again once.</summary>
    private async ValueTask<StaffMember?> FindAsync(Func<StaffMember, bool> match, CancellationToken ct)
    {
        if ((await AllAsync(ct)).FirstOrDefault(match) is { } hit)
        {
            return hit;
        }
        Invalidate();
        return (await AllAsync(ct)).FirstOrDefault(match);
    }

    public void Invalidate() => _table.Invalidate();
}
