using System.ComponentModel.DataAnnotations;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Platform.Mail;

public sealed class SmtpOptions
{
    /// <summary>Empty: no SMTP server; messages are written as .eml files under the data directory.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>None, StartTls, StartTlsWhenAvailable, SslOnConnect or Auto (MailKit's names).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    [Required, EmailAddress]
    public string From { get; set; } = "shop@touchpoint.local";

    public string FromName { get; set; } = "Touchpoint";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The seam to the outside mail system: a real SMTP server, or a pickup folder of .eml files.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

public sealed class SmtpMailTransport(IOptions<SmtpOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Touchpoint:Smtp:Host is not set."), o.Port, o.Security, cancellationToken);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            await client.AuthenticateAsync(o.UserName, o.Password ?? "", cancellationToken);
        }
        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500)
        {
            throw new PermanentDeliveryException($"Recipient refused: {(int)ex.StatusCode}", ex);
        }
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>With no SMTP host configured, mail lands in <c>{DataDir}/mail</c> as one .eml file a message.</summary>
public sealed class PickupFolderMailTransport(TouchpointPaths paths) : IMailTransport
{
    public string Folder => paths.Under("mail");

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var id = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Where(char.IsLetterOrDigit));
        var final = Path.Combine(Folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{id}.eml");
        var temp = final + ".tmp";
        await message.WriteToAsync(temp, cancellationToken);
        File.Move(temp, final, overwrite: true);
    }
}

/// <summary>A file sent with a mail.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Bytes);

/// <summary>
/// The seam to whoever keeps the files an outbox mail names in <see cref="OutboxMessage.Attachments"/> (Conversations keeps
/// replies' attachments): the sender loads them when it sends, so the outbox never holds a second copy.
/// </summary>
public interface IMailAttachments
{
    Task<IReadOnlyList<MailAttachment>> LoadAsync(IReadOnlyList<Guid> ids, CancellationToken ct);
}

/// <summary>Sends outbox messages of channel <c>email</c>. The Message-ID is the outbox id, so a retry is recognisable.</summary>
public sealed class EmailOutboxSender(IMailTransport transport, IOptions<SmtpOptions> options, IEnumerable<IMailAttachments> files) : IOutboxSender
{
    public string Channel => "email";

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var ids = AttachmentIds(message.Attachments);
        var attachments = new List<MailAttachment>();
        if (ids.Count > 0)
        {
            foreach (var source in files)
            {
                attachments.AddRange(await source.LoadAsync(ids, cancellationToken));
            }
            if (attachments.Count < ids.Count)
            {
                // The files went (the customer was erased): a reply without what it promised to send is not sent.
                throw new PermanentDeliveryException("An attachment of this mail no longer exists.");
            }
        }
        using var mime = Build(message, options.Value, attachments);
        await transport.SendAsync(mime, cancellationToken);
    }

    public static IReadOnlyList<Guid> AttachmentIds(string? json) =>
        string.IsNullOrEmpty(json) ? [] : System.Text.Json.JsonSerializer.Deserialize<List<Guid>>(json) ?? [];

    public static string? AttachmentsJson(IReadOnlyCollection<Guid> ids) => ids.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(ids);

    public static MimeMessage Build(OutboxMessage message, SmtpOptions o, IReadOnlyList<MailAttachment>? attachments = null)
    {
        if (!MailboxAddress.TryParse(message.Recipient, out var to))
        {
            throw new PermanentDeliveryException("The recipient address is not valid.");
        }
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(o.FromName, o.From));
        mime.To.Add(to);
        mime.Subject = message.Title ?? "";
        var domain = o.From.Contains('@', StringComparison.Ordinal) ? o.From[(o.From.IndexOf('@', StringComparison.Ordinal) + 1)..] : "touchpoint.local";
        mime.MessageId = $"{message.Id:N}@{domain}";
        mime.Date = message.CreatedAt == default ? DateTimeOffset.UtcNow : new DateTimeOffset(message.CreatedAt, TimeSpan.Zero);
        var headers = MailHeaders.Parse(message.Headers);
        // Transactional notices: tell auto-responders not to answer them (RFC 3834). A person's reply says "no".
        var autoSubmitted = headers.GetValueOrDefault(MailHeaders.AutoSubmitted, "auto-generated");
        if (autoSubmitted != "no")
        {
            mime.Headers.Add("Auto-Submitted", autoSubmitted);
        }
        if (headers.TryGetValue(MailHeaders.MessageId, out var messageId))
        {
            mime.MessageId = messageId;
        }
        if (headers.TryGetValue(MailHeaders.InReplyTo, out var inReplyTo))
        {
            mime.InReplyTo = inReplyTo;
        }
        if (headers.TryGetValue(MailHeaders.References, out var references))
        {
            foreach (var reference in references.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                mime.References.Add(reference);
            }
        }
        if (headers.TryGetValue(MailHeaders.From, out var from) && MailboxAddress.TryParse(from, out var fromAddress))
        {
            mime.From.Clear();
            mime.From.Add(new MailboxAddress(string.IsNullOrEmpty(fromAddress.Name) ? o.FromName : fromAddress.Name, fromAddress.Address));
        }
        if (headers.TryGetValue(MailHeaders.Cc, out var cc))
        {
            mime.Cc.AddRange(MailHeaders.Addresses(cc));
        }
        if (headers.TryGetValue(MailHeaders.Bcc, out var bcc))
        {
            // Delivered to, never shown: SMTP sends to Bcc and leaves the header out of what it transmits.
            mime.Bcc.AddRange(MailHeaders.Addresses(bcc));
        }
        mime.Headers.Add("X-Touchpoint-Kind", message.Kind);
        var body = new BodyBuilder { TextBody = message.Body, HtmlBody = message.HtmlBody };
        foreach (var file in attachments ?? [])
        {
            // A non-ASCII file name (Faktura_łódź.pdf) is written as RFC 2231, filename*=utf-8''…, never as an RFC 2047 word.
            var part = new MimePart(ContentType.TryParse(file.ContentType, out var type) ? type : new ContentType("application", "octet-stream"))
            {
                Content = new MimeContent(new MemoryStream(file.Bytes, writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = file.FileName,
            };
            foreach (var name in part.ContentDisposition.Parameters.Concat(part.ContentType.Parameters).Where(p => p.Name is "filename" or "name"))
            {
                name.EncodingMethod = ParameterEncodingMethod.Rfc2231;
            }
            body.Attachments.Add(part);
        }
        mime.Body = body.ToMessageBody();
        return mime;
    }
}

/// <summary>The headers an outbox email may carry (stored as JSON on the message), so replies thread in the customer's mail program.</summary>
public static class MailHeaders
{
    public const string MessageId = "Message-ID";
    public const string InReplyTo = "In-Reply-To";
    public const string References = "References";
    public const string From = "From";
    public const string AutoSubmitted = "Auto-Submitted";

    /// <summary>Copies: comma-separated addresses. Bcc recipients get the mail; the header is not sent.</summary>
    public const string Cc = "Cc";
    public const string Bcc = "Bcc";

    public static IEnumerable<MailboxAddress> Addresses(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => MailboxAddress.TryParse(a, out var m) ? m : null).OfType<MailboxAddress>();

    public static string Serialize(IReadOnlyDictionary<string, string> headers) => System.Text.Json.JsonSerializer.Serialize(headers);

    public static Dictionary<string, string> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}

public static class MailModule
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration("Touchpoint:Smtp").ValidateDataAnnotations().ValidateOnStart();
        if (string.IsNullOrWhiteSpace(configuration["Touchpoint:Smtp:Host"]))
        {
            services.AddSingleton<PickupFolderMailTransport>();
            services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<PickupFolderMailTransport>());
        }
        else
        {
            services.AddSingleton<IMailTransport, SmtpMailTransport>();
        }
        services.AddSingleton<IOutboxSender, EmailOutboxSender>();
        return services;
    }
}
