using System.ComponentModel.DataAnnotations;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using MimeKit;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Mail;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Channels.Email;

public sealed class ImapOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 993;

    /// <summary>None, StartTls, StartTlsWhenAvailable, SslOnConnect or Auto (MailKit's names).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string Folder { get; set; } = "INBOX";
}

/// <summary>One support address, <c>Touchpoint:Mailboxes:&lt;name&gt;</c>: mail to it becomes conversations; replies go out from it.</summary>
public sealed class MailboxOptions
{
    public string Address { get; set; } = "";

    /// <summary>The language of a new customer who writes here (en, ru, pl).</summary>
    public string Language { get; set; } = "en";

    public ImapOptions Imap { get; set; } = new();

    /// <summary>How often to look for mail when the server has no IDLE (at most 30 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(20);
}

public sealed class EmailOptions
{
    /// <summary>Larger mail is refused whole, with a notice to the sender.</summary>
    public long MaxMessageBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Run the IMAP readers in this instance (tests turn them off and drive <see cref="ImapReader"/> directly).</summary>
    public bool RunReaders { get; set; } = true;
}

public sealed record EmailLanded(long Number, bool Created, bool Duplicate, bool Ignored, string? Refused);

/// <summary>Where each mailbox's reader stands: the folder's UIDVALIDITY and the last UID imported.</summary>
public sealed class MailboxCursor
{
    public required string Mailbox { get; init; }
    public long UidValidity { get; set; }
    public long LastUid { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A message that could not be imported, kept whole so nothing is lost; an admin can look at it.</summary>
public sealed class QuarantinedMail
{
    public Guid Id { get; init; } = Ids.NewId();
    public required string Mailbox { get; init; }
    public long Uid { get; init; }
    public required string Reason { get; init; }
    public byte[]? Raw { get; init; }
    public long Size { get; init; }
    public DateTime At { get; init; }
}

internal sealed class EmailChannelConfiguration : IEntityTypeConfiguration<MailboxCursor>, IEntityTypeConfiguration<QuarantinedMail>
{
    public void Configure(EntityTypeBuilder<MailboxCursor> b)
    {
        b.ToTable("mailbox_cursors");
        b.HasKey(x => x.Mailbox);
        b.Property(x => x.Mailbox).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<QuarantinedMail> b)
    {
        b.ToTable("mail_quarantine");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Mailbox).HasMaxLength(100);
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.HasIndex(x => new { x.Mailbox, x.Uid });
    }
}

/// <summary>Lands one email (from IMAP or pushed by a provider) in a conversation.</summary>
public sealed partial class EmailIngest(
    ConversationDesk desk, TouchpointDb db, IOptions<EmailOptions> options, TimeProvider time, ILogger<EmailIngest> logger)
{
    public async Task<EmailLanded> ImportAsync(byte[] raw, MailboxOptions? mailbox, CancellationToken ct)
    {
        if (raw.LongLength > options.Value.MaxMessageBytes)
        {
            return await RefuseOversizedAsync(null, raw.LongLength, mailbox, ct);
        }
        MimeMessage message;
        using (var stream = new MemoryStream(raw, writable: false))
        {
            message = await MimeMessage.LoadAsync(stream, ct);
        }
        using (message)
        {
            var mail = InboundMailReader.Read(message, raw);
            if (string.IsNullOrEmpty(mail.FromAddress) || !InboundText.IsEmail(mail.FromAddress))
            {
                throw new InvalidDataException(Texts.Ui("Valid.Mail.NoSender"));
            }
            if (await IsOurOwnAsync(mail, ct))
            {
                LogOwn(mail.MessageId);
                return new EmailLanded(0, false, true, true, null);
            }
            var threaded = await desk.FindByInternetMessageIdsAsync(mail.ThreadReferences, ct);
            var landed = await desk.ReceiveAsync(new Inbound
            {
                Source = "email",
                Key = mail.MessageId,
                Channel = Channel.Email,
                Email = mail.FromAddress,
                Name = mail.FromName,
                DefaultLanguage = Languages.Normalize(mailbox?.Language),
                Subject = string.IsNullOrWhiteSpace(mail.Subject) ? InboundText.SubjectFrom(mail.Text) : mail.Subject,
                Message = new NewMessage(mail.Text, mail.Html, mail.Attachments, mail.MessageId, FoldQuotes: true),
                Mailbox = string.IsNullOrWhiteSpace(mailbox?.Address) ? null : mailbox.Address,
                ThreadByReference = threaded,
                ThreadByNumber = mail.SubjectNumber,
                Acknowledge = mail.AutomaticReason is null,
                AutomaticReason = mail.AutomaticReason,
                Actor = "email",
            }, ct);
            if (landed.Ignored && !landed.Duplicate)
            {
                LogAutomaticIgnored(mail.AutomaticReason ?? "", mail.MessageId);
            }
            return new EmailLanded(landed.Number, landed.Created, landed.Duplicate, landed.Ignored, null);
        }
    }

    /// <summary>A reply we sent that comes back to the support mailbox (copied, forwarded) is not a customer's message.</summary>
    private async Task<bool> IsOurOwnAsync(InboundMail mail, CancellationToken ct) =>
        await db.Set<ConversationMessage>().AsNoTracking().AnyAsync(m => m.InternetMessageId == mail.MessageId && m.Type != MessageType.Inbound, ct);

    /// <summary>Oversized mail is not stored at all; the sender is told the limit (once per message, as an auto-reply that cannot loop).</summary>
    public async Task<EmailLanded> RefuseOversizedAsync(MimeMessage? headersOnly, long size, MailboxOptions? mailbox, CancellationToken ct)
    {
        var limitMb = options.Value.MaxMessageBytes / (1024.0 * 1024);
        var reason = $"The message is {size / (1024.0 * 1024):0.#} MB; the limit is {limitMb:0.#} MB.";
        var sender = headersOnly?.From.Mailboxes.FirstOrDefault();
        if (headersOnly is not null && sender is not null && InboundMailReader.Automatic(headersOnly, sender) is null)
        {
            var language = Languages.Normalize(mailbox?.Language);
            var now = time.GetUtcNow().UtcDateTime;
            db.Enqueue(new OutboxMessage
            {
                Channel = "email", Kind = "email.refused", SubjectType = "mail", SubjectId = Ids.NewId(), Recipient = sender.Address,
                Title = Texts.Format(language, "Mail.Refused.Subject", headersOnly.Subject ?? ""),
                Body = Texts.Format(language, "Mail.Refused.Body", $"{size / (1024.0 * 1024):0.#}", $"{limitMb:0.#}"),
                Language = language,
                Headers = MailHeaders.Serialize(new Dictionary<string, string>
                {
                    [MailHeaders.AutoSubmitted] = "auto-replied",
                    [MailHeaders.InReplyTo] = $"<{headersOnly.MessageId}>",
                }),
                CreatedAt = now, NextAttemptAt = now,
            });
            await db.SaveChangesAsync(ct);
        }
        LogRefused(size);
        return new EmailLanded(0, false, false, true, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored an automatic message that answers no conversation ({Reason}, {MessageId})")]
    private partial void LogAutomaticIgnored(string reason, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped our own message {MessageId} found in a support mailbox")]
    private partial void LogOwn(string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an oversized message of {Size} bytes")]
    private partial void LogRefused(long size);
}
