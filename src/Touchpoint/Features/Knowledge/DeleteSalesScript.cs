using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Knowledge;

/// <summary>DELETE /api/v1/knowledge/scripts/{key}: removes a script; false when there is none. Ticks already made on conversations stay.</summary>
public sealed class DeleteSalesScript(TouchpointDb db)
{
    public async Task<bool> ExecuteAsync(string key, CancellationToken ct) =>
        await db.WriteAsync(() => db.Set<SalesScript>().Where(s => s.Key == key).ExecuteDeleteAsync(ct), ct) > 0;
}
