namespace Touchpoint.Features.Channels.Email;

/// <summary>
/// POST /api/v1/mailboxes/{name}/test and the settings page's "Test connection": connects, signs in and opens the folder
/// of the mailbox as stored, or of the one being edited (its stored password when no new one is given). Saves nothing.
/// </summary>
public sealed class TestMailbox(MailboxRegistry registry)
{
    /// <summary>The test's result, or null when <paramref name="edited"/> is null and no mailbox has the name.</summary>
    public async Task<MailboxTestResponse?> ExecuteAsync(string name, SaveMailbox.Content? edited, CancellationToken ct)
    {
        var stored = await registry.FindAsync(name, ct);
        var options = edited is null ? stored?.Options : edited.ToOptions(edited.Password ?? stored?.Options.Imap.Password);
        if (options is null)
        {
            return null;
        }
        var (ok, detail) = await MailboxRegistry.TestAsync(options, ct);
        return new MailboxTestResponse(ok, detail);
    }
}
