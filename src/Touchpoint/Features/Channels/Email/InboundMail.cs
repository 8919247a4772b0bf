using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using Touchpoint.Features.Conversations;

namespace Touchpoint.Features.Channels.Email;

/// <summary>What Touchpoint needs from one email, read from the MIME message.</summary>
public sealed record InboundMail(
    string MessageId,
    string FromAddress,
    string? FromName,
    string Subject,
    IReadOnlyList<string> ThreadReferences,
    long? SubjectNumber,
    string Text,
    string? Html,
    IReadOnlyList<NewAttachment> Attachments,
    string? AutomaticReason);

/// <summary>
/// Reads real-world mail: any charset MimeKit knows (utf-8, koi8-r, windows-1251, iso-8859-2, iso-2022-jp, shift_jis,
/// gb2312, gbk, big5, euc-kr …; the code pages are registered in <see cref="Platform.Text.CodePages"/>), quoted-printable
/// and base64, multipart/alternative and related, attachments and inline images. Recognises auto-replies and
/// bounces so they never start a mail loop.
/// </summary>
public static partial class InboundMailReader
{
    [GeneratedRegex(@"\[#(\d{1,18})\]", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectTag();

    public static InboundMail Read(MimeMessage message, byte[]? raw = null)
    {
        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender ?? message.ReplyTo.Mailboxes.FirstOrDefault();
        var references = new List<string>();
        if (!string.IsNullOrWhiteSpace(message.InReplyTo))
        {
            references.Add(message.InReplyTo.Trim('<', '>', ' '));
        }
        references.AddRange(message.References.Select(r => r.Trim('<', '>', ' ')).Reverse());
        // A bounce carries the headers of the mail that failed: its Message-ID leads to the conversation.
        foreach (var part in message.BodyParts)
        {
            if (part is MessagePart { Message: { } returned } && !string.IsNullOrEmpty(returned.MessageId))
            {
                references.Add(returned.MessageId.Trim('<', '>', ' '));
            }
            else if (part is TextPart { ContentType.MimeType: "text/rfc822-headers" } headersPart)
            {
                var match = Regex.Match(headersPart.Text, @"^Message-ID:\s*<([^>]+)>", RegexOptions.Multiline | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(200));
                if (match.Success)
                {
                    references.Add(match.Groups[1].Value);
                }
            }
        }
        var subject = Iso2022Jp.Repair(message.Subject ?? "").Trim();
        var tag = SubjectTag().Matches(subject).LastOrDefault();
        var html = Iso2022Jp.Repair(message.HtmlBody);
        var text = Iso2022Jp.Repair(message.TextBody);
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(html))
        {
            text = InboundText.FromHtml(html);
        }
        var attachments = new List<NewAttachment>();
        foreach (var part in message.BodyParts.OfType<MimePart>())
        {
            if (part is TextPart && !part.IsAttachment)
            {
                continue;
            }
            using var stream = new MemoryStream();
            part.Content?.DecodeTo(stream);
            // A part whose Content-ID is not a plain msg-id (a quote, a space, a bracket …) is kept as an ordinary
            // attachment: nothing in the HTML can point at it.
            var contentId = ContentIds.FromHeader(part.Headers[HeaderId.ContentId]);
            var inline = !part.IsAttachment && contentId is not null;
            attachments.Add(new NewAttachment(
                part.FileName ?? contentId ?? "attachment",
                part.ContentType.MimeType.ToLowerInvariant(),
                stream.ToArray(),
                contentId,
                inline));
        }
        foreach (var attached in message.BodyParts.OfType<MessagePart>())
        {
            using var stream = new MemoryStream();
            attached.Message?.WriteTo(stream);
            attachments.Add(new NewAttachment((attached.Message?.Subject is { Length: > 0 } s ? s : "message") + ".eml", "message/rfc822", stream.ToArray()));
        }
        return new InboundMail(
            MessageId: string.IsNullOrWhiteSpace(message.MessageId) ? SyntheticId(message, raw) : message.MessageId.Trim('<', '>', ' '),
            FromAddress: from?.Address?.Trim() ?? "",
            FromName: string.IsNullOrWhiteSpace(from?.Name) ? null : Iso2022Jp.Repair(from.Name).Trim(),
            Subject: subject,
            ThreadReferences: references.Where(r => r.Length > 0).Distinct().ToList(),
            SubjectNumber: tag is null ? null : long.TryParse(tag.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
            Text: (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim(),
            Html: html,
            Attachments: attachments,
            AutomaticReason: Automatic(message, from));
    }

    /// <summary>RFC 3834 and the usual de-facto headers: anything a machine sent must not get an acknowledgement back.</summary>
    public static string? Automatic(MimeMessage message, MailboxAddress? from)
    {
        var autoSubmitted = message.Headers["Auto-Submitted"];
        if (!string.IsNullOrWhiteSpace(autoSubmitted) && !autoSubmitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"Auto-Submitted: {autoSubmitted.Trim()}";
        }
        var precedence = message.Headers["Precedence"]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "junk" or "list" or "auto_reply")
        {
            return $"Precedence: {precedence}";
        }
        foreach (var header in new[] { "X-Autoreply", "X-Autorespond", "List-Id", "X-Loop" })
        {
            if (message.Headers.Contains(header))
            {
                return header;
            }
        }
        if (message.Body is MultipartReport)
        {
            return "delivery report";
        }
        var local = from?.Address?.Split('@')[0].ToLowerInvariant() ?? "";
        if (local is "mailer-daemon" or "postmaster" or "noreply" or "no-reply" or "donotreply" || from is null)
        {
            return from is null ? "no sender" : $"sender {local}";
        }
        return null;
    }

    /// <summary>A message without a Message-ID still needs a stable key: the hash of its bytes.</summary>
    private static string SyntheticId(MimeMessage message, byte[]? raw)
    {
        if (raw is null)
        {
            using var stream = new MemoryStream();
            message.WriteTo(stream);
            raw = stream.ToArray();
        }
        return $"sha256-{Convert.ToHexString(SHA256.HashData(raw)).ToLowerInvariant()}@no-message-id";
    }
}

/// <summary>
/// Old Japanese mailers put ISO-2022-JP text into headers (and bodies without a charset) unencoded: it is 7-bit, so it
/// passes as ASCII and reads <c>$BF|K\8l…</c>. Its escape sequences never occur in other text, so a pure-ASCII string that
/// has them is decoded as ISO-2022-JP.
/// </summary>
internal static class Iso2022Jp
{
    private static readonly Encoding Jis = Encoding.GetEncoding(50220);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static string? Repair(string? value)
    {
        if (value is null || !value.Contains('\u001b', StringComparison.Ordinal) || !System.Text.Ascii.IsValid(value))
        {
            return value;
        }
        var shifted = value.Contains("\u001b$B", StringComparison.Ordinal) || value.Contains("\u001b$@", StringComparison.Ordinal)
            || value.Contains("\u001b(J", StringComparison.Ordinal) || value.Contains("\u001b(I", StringComparison.Ordinal);
        return shifted ? Jis.GetString(Encoding.ASCII.GetBytes(value)) : value;
    }
}
