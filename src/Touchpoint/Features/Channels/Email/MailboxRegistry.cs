using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Channels.Email;

/// <summary>A mailbox an admin added in Settings. The IMAP password is stored encrypted with the app's data-protection keys.</summary>
public sealed class MailboxSetting
{
    public required string Name { get; init; }
    public required string Address { get; set; }
    public string Language { get; set; } = "en";
    public required string ImapHost { get; set; }
    public int ImapPort { get; set; } = 993;
    public SecureSocketOptions ImapSecurity { get; set; } = SecureSocketOptions.Auto;
    public string? ImapUserName { get; set; }
    public string? ImapPasswordProtected { get; set; }
    public string Folder { get; set; } = "INBOX";
    public bool Enabled { get; set; } = true;
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

internal sealed class MailboxSettingConfiguration : IEntityTypeConfiguration<MailboxSetting>
{
    public void Configure(EntityTypeBuilder<MailboxSetting> b)
    {
        b.ToTable("mailboxes");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Address).HasMaxLength(320);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.ImapHost).HasMaxLength(255);
        b.Property(x => x.ImapSecurity).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.ImapUserName).HasMaxLength(320);
        b.Property(x => x.ImapPasswordProtected).HasMaxLength(4000);
        b.Property(x => x.Folder).HasMaxLength(255);
        b.Property(x => x.UpdatedBy).HasMaxLength(320);
    }
}

public sealed record MailboxEntry(string Name, MailboxOptions Options, bool FromConfiguration, bool Enabled);

/// <summary>
/// Every mailbox: those in configuration (<c>Touchpoint:Mailboxes</c>, read-only here) and those added in Settings.
/// The readers ask it which mailboxes to keep open; an edit tells them at once.
/// </summary>
public sealed class MailboxRegistry(IServiceScopeFactory scopes, IOptionsMonitor<MailboxOptions> configured, MailboxNames names, IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Touchpoint.Mailboxes.ImapPassword");

    public event Action? Changed;

    public void NotifyChanged() => Changed?.Invoke();

    public string Protect(string password) => _protector.Protect(password);

    /// <summary>Whether <paramref name="name"/> is a mailbox of configuration (<c>Touchpoint:Mailboxes</c>), which Settings cannot change.</summary>
    public bool IsConfigured(string name) => names.Names.Contains(name);

    public async Task<IReadOnlyList<MailboxEntry>> AllAsync(CancellationToken ct)
    {
        var list = names.Names.Select(n => new MailboxEntry(n, configured.Get(n), true, true)).ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        foreach (var s in await db.Set<MailboxSetting>().AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct))
        {
            if (list.Any(e => e.Name == s.Name))
            {
                continue;
            }
            list.Add(new MailboxEntry(s.Name, ToOptions(s), false, s.Enabled));
        }
        return list;
    }

    public async Task<MailboxEntry?> FindAsync(string name, CancellationToken ct) => (await AllAsync(ct)).FirstOrDefault(e => e.Name == name);

    private MailboxOptions ToOptions(MailboxSetting s) => new()
    {
        Address = s.Address,
        Language = s.Language,
        Imap = new ImapOptions
        {
            Host = s.ImapHost, Port = s.ImapPort, Security = s.ImapSecurity, UserName = s.ImapUserName, Folder = s.Folder,
            Password = string.IsNullOrEmpty(s.ImapPasswordProtected) ? null : Unprotect(s.ImapPasswordProtected),
        },
    };

    private string? Unprotect(string value)
    {
        try
        {
            return _protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Keys lost (a new data directory): the admin enters the password again.
            return null;
        }
    }

    /// <summary>Connects, signs in and opens the folder: what an admin needs to know before saving.</summary>
    public static async Task<(bool Ok, string Detail)> TestAsync(MailboxOptions o, CancellationToken ct)
    {
        try
        {
            using var client = new ImapClient { Timeout = 15_000 };
            await client.ConnectAsync(o.Imap.Host ?? "", o.Imap.Port, o.Imap.Security, ct);
            await client.AuthenticateAsync(o.Imap.UserName ?? o.Address, o.Imap.Password ?? "", ct);
            var folder = string.Equals(o.Imap.Folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(o.Imap.Folder, ct);
            await folder.OpenAsync(MailKit.FolderAccess.ReadOnly, ct);
            var detail = $"{folder.Count} messages; IDLE {(client.Capabilities.HasFlag(ImapCapabilities.Idle) ? "yes" : "no")}";
            await client.DisconnectAsync(true, ct);
            return (true, detail);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (false, ex.Message);
        }
    }
}
