using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Channels.Email;

/// <summary>The mailboxes as the API and the settings page list them: configuration's first, then Settings', with their last read and quarantine.</summary>
public static class MailboxQueries
{
    public static async Task<List<MailboxResponse>> ListAsync(TouchpointDb db, MailboxRegistry registry, CancellationToken ct)
    {
        var entries = await registry.AllAsync(ct);
        var cursors = await db.Set<MailboxCursor>().AsNoTracking().ToDictionaryAsync(c => c.Mailbox, c => c.UpdatedAt, ct);
        var quarantined = await db.Set<QuarantinedMail>().AsNoTracking().GroupBy(q => q.Mailbox)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var edits = await db.Set<MailboxSetting>().AsNoTracking().Select(m => new { m.Name, m.UpdatedAt, m.UpdatedBy }).ToDictionaryAsync(m => m.Name, ct);
        return [.. entries.Select(e =>
        {
            var edit = e.FromConfiguration ? null : edits.GetValueOrDefault(e.Name);
            var imap = e.Options.Imap;
            return new MailboxResponse(e.Name, e.Options.Address, e.Options.Language,
                new MailboxImapResponse(imap.Host ?? "", imap.Port, ImapSecurityWire.ToWire(imap.Security), imap.UserName, !string.IsNullOrEmpty(imap.Password), imap.Folder),
                e.Enabled, e.FromConfiguration ? MailboxSources.Configuration : MailboxSources.Settings,
                cursors.TryGetValue(e.Name, out var at) ? at : null, quarantined.GetValueOrDefault(e.Name), edit?.UpdatedAt, edit?.UpdatedBy);
        })];
    }
}
