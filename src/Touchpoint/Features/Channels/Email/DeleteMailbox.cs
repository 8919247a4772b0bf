using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Channels.Email;

/// <summary>
/// DELETE /api/v1/mailboxes/{name} and the settings page's "Delete": removes a mailbox kept in Settings; its reader stops.
/// Conversations that came through it stay. A mailbox of configuration is removed from configuration, not here.
/// </summary>
public sealed class DeleteMailbox(TouchpointDb db, MailboxRegistry registry)
{
    public enum Outcome { Deleted, NotFound, Configured }

    public async Task<Outcome> ExecuteAsync(string name, CancellationToken ct)
    {
        if (registry.IsConfigured(name))
        {
            return Outcome.Configured;
        }
        var deleted = await db.WriteAsync(() => db.Set<MailboxSetting>().Where(m => m.Name == name).ExecuteDeleteAsync(ct), ct);
        if (deleted == 0)
        {
            return Outcome.NotFound;
        }
        registry.NotifyChanged();
        return Outcome.Deleted;
    }
}
