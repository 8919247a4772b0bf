using System.Text.RegularExpressions;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Channels.Email;

/// <summary>
/// PUT /api/v1/mailboxes/{name} and the mailboxes settings page: adds or changes a mailbox kept in Settings. A mailbox
/// from configuration cannot be changed here (409); a missing password keeps the stored one. The readers restart at once.
/// </summary>
public sealed partial class SaveMailbox(TouchpointDb db, MailboxRegistry registry, TimeProvider time)
{
    /// <summary>A checked mailbox: <see cref="Password"/> null keeps the stored password.</summary>
    public sealed record Content(string Address, string Language, string Host, int Port, SecureSocketOptions Security, string? UserName, string? Password,
        string Folder, bool Enabled)
    {
        public MailboxOptions ToOptions(string? password) => new()
        {
            Address = Address, Language = Language,
            Imap = new ImapOptions { Host = Host, Port = Port, Security = Security, UserName = UserName, Password = password, Folder = Folder },
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,49}$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static (Content? Content, Validation Validation) Validate(string name, PutMailboxRequest? request)
    {
        var v = new Validation();
        v.Require(IsValidName(name), "name", Texts.Ui("Mailboxes.Error.Name"));
        if (request is null)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonBody")));
        }
        var address = request.Address?.Trim().ToLowerInvariant();
        v.Require(address is { Length: <= 320 } && InboundText.IsEmail(address), "address", Texts.Ui("Mailboxes.Error.Address"));
        var language = request.Language ?? "en";
        v.Require(Languages.Supported.Contains(language), "language", Texts.Ui("Valid.Use", string.Join(", ", Languages.Supported)));
        var imap = request.Imap;
        if (imap is null)
        {
            return (null, v.Add("imap", Texts.Ui("Valid.Required")));
        }
        var host = imap.Host?.Trim();
        v.Require(host is { Length: > 0 and <= 255 } && Uri.CheckHostName(host) != UriHostNameType.Unknown, "imap.host", Texts.Ui("Mailboxes.Error.Host"));
        var port = imap.Port ?? 993;
        v.Require(port is >= 1 and <= 65535, "imap.port", Texts.Ui("Mailboxes.Error.Host"));
        var security = SecureSocketOptions.Auto;
        if (imap.Security is not null && !ImapSecurityWire.Values.TryGetValue(imap.Security, out security))
        {
            v.Add("imap.security", Texts.Ui("Valid.Use", string.Join(", ", ImapSecurityWire.Values.Keys)));
        }
        var userName = string.IsNullOrWhiteSpace(imap.UserName) ? null : imap.UserName.Trim();
        v.Require(userName is null or { Length: <= 320 }, "imap.userName", Texts.Ui("Valid.MaxChars", 320));
        v.Require(imap.Password is null or { Length: <= 1000 }, "imap.password", Texts.Ui("Valid.MaxChars", 1000));
        var folder = string.IsNullOrWhiteSpace(imap.Folder) ? "INBOX" : imap.Folder.Trim();
        v.Require(folder.Length <= 255, "imap.folder", Texts.Ui("Mailboxes.Error.Folder"));
        if (!v.IsValid)
        {
            return (null, v);
        }
        return (new Content(address!, language, host!, port, security, userName, string.IsNullOrEmpty(imap.Password) ? null : imap.Password, folder,
            request.Enabled ?? true), v);
    }

    public enum Outcome { Created, Updated, Configured }

    public async Task<Outcome> ExecuteAsync(string name, Content content, string actor, CancellationToken ct)
    {
        if (registry.IsConfigured(name))
        {
            return Outcome.Configured;
        }
        var created = false;
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.Set<MailboxSetting>().FirstOrDefaultAsync(m => m.Name == name, ct);
            created = row is null;
            if (row is null)
            {
                row = new MailboxSetting { Name = name, Address = "", ImapHost = "" };
                db.Add(row);
            }
            row.Address = content.Address;
            row.ImapHost = content.Host;
            row.ImapPort = content.Port;
            row.ImapSecurity = content.Security;
            row.ImapUserName = content.UserName;
            if (content.Password is not null)
            {
                row.ImapPasswordProtected = registry.Protect(content.Password);
            }
            row.Folder = content.Folder;
            row.Language = content.Language;
            row.Enabled = content.Enabled;
            row.UpdatedAt = time.GetUtcNow().UtcDateTime;
            row.UpdatedBy = actor;
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.IsUniqueViolation())
            {
                // Two saves created the name at once: the second one changes the first one's row.
                db.ChangeTracker.Clear();
            }
        }
        registry.NotifyChanged();
        return created ? Outcome.Created : Outcome.Updated;
    }
}
