using MailKit.Security;

namespace Touchpoint.Features.Channels.Email;

/// <summary>
/// PUT /api/v1/mailboxes/{name}: a support mailbox Touchpoint reads over IMAP. The password is write-only: leave it out
/// to keep the stored one.
/// </summary>
public sealed record PutMailboxRequest(string? Address, string? Language, MailboxImapRequest? Imap, bool? Enabled);

public sealed record MailboxImapRequest(string? Host, int? Port, string? Security, string? UserName, string? Password, string? Folder);

/// <summary>A mailbox as the API and the settings page show it; never its password, only whether one is stored.</summary>
public sealed record MailboxResponse(string Name, string Address, string Language, MailboxImapResponse Imap, bool Enabled, string Source,
    DateTime? LastReadAt, int Quarantined, DateTime? UpdatedAt, string? UpdatedBy);

public sealed record MailboxImapResponse(string Host, int Port, string Security, string? UserName, bool HasPassword, string Folder);

/// <summary>What the connection test saw: signed in and opened the folder, or why not.</summary>
public sealed record MailboxTestResponse(bool Ok, string Detail);

/// <summary>Where a mailbox is defined: in configuration (read-only here) or in Settings.</summary>
public static class MailboxSources
{
    public const string Configuration = "configuration";
    public const string Settings = "settings";
}

/// <summary>The IMAP connection security on the wire.</summary>
public static class ImapSecurityWire
{
    public static readonly IReadOnlyDictionary<string, SecureSocketOptions> Values = new Dictionary<string, SecureSocketOptions>(StringComparer.Ordinal)
    {
        ["auto"] = SecureSocketOptions.Auto,
        ["none"] = SecureSocketOptions.None,
        ["ssl"] = SecureSocketOptions.SslOnConnect,
        ["starttls"] = SecureSocketOptions.StartTls,
        ["starttls-when-available"] = SecureSocketOptions.StartTlsWhenAvailable,
    };

    public static string ToWire(SecureSocketOptions value) => Values.First(kv => kv.Value == value).Key;
}
