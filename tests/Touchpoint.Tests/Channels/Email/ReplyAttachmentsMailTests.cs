using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Channels.Email;

/// <summary>
/// Through real servers (postfix, dovecot): an agent's reply with files and copies goes out by SMTP and lands in the
/// customer's mailbox with the files byte for byte, the Cc recipient gets it too, the Bcc one gets it without anyone
/// seeing the address; files and addresses the rules refuse leave nothing stored and nothing sent.
/// </summary>
public abstract class ReplyAttachmentsMailTests(Provider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Customer = TestEnvironment.CustomerUser + "@localhost";
    private const string Support = TestEnvironment.SupportUser + "@localhost";

    /// <summary>The customer's own box by another address (postfix's recipient delimiter): a Bcc that lands where the test reads.</summary>
    private const string BlindCopy = TestEnvironment.CustomerUser + "+bcc@localhost";

    private async Task<TouchpointApp> AppAsync()
    {
        TestEnvironment.RequireImap();
        TestEnvironment.RequireSmtp();
        if (provider == Provider.Postgres)
        {
            TestEnvironment.RequirePostgres();
        }
        var app = new TouchpointApp(provider)
            .With("Touchpoint:Smtp:Host", TestEnvironment.SmtpHost)
            .With("Touchpoint:Smtp:Port", TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Touchpoint:Smtp:Security", "None")
            .With("Touchpoint:Smtp:From", Support)
            .With("Touchpoint:Conversations:Attachments:MaxFileBytes", "200000")
            .With("Touchpoint:Conversations:Attachments:MaxTotalBytes", "300000")
            .With("Touchpoint:Conversations:Attachments:MaxFiles", "3")
            .With("Touchpoint:Email:RunReaders", "false");
        await app.InitializeAsync();
        return app;
    }

    private static async Task<long> ConversationAsync(HttpClient api, string tag)
    {
        var created = await api.PostAsJsonAsync("/api/v1/conversations", new
        {
            channel = "email", subject = $"Faktura {tag}", body = "Proszę o fakturę.", acknowledge = false,
            customer = new { email = Customer, name = "Łucja Kowalczyk", language = "pl" },
        }, Ct);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<CreatedConversation>(Ct))!.Number;
    }

    private static async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string user, string password, string text, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var client = new ImapClient();
            await client.ConnectAsync(TestEnvironment.ImapHost!, TestEnvironment.ImapPort, SecureSocketOptions.None, Ct);
            await client.AuthenticateAsync(user, password, Ct);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
            var ids = await client.Inbox.SearchAsync(SearchQuery.SubjectContains(text), Ct);
            if (ids.Count >= count || DateTime.UtcNow > deadline)
            {
                var list = new List<MimeMessage>();
                foreach (var id in ids)
                {
                    list.Add(await client.Inbox.GetMessageAsync(id, Ct));
                }
                await client.DisconnectAsync(true, Ct);
                return list;
            }
            await client.DisconnectAsync(true, Ct);
            await Task.Delay(200, Ct);
        }
    }

    private static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        "%PDF-1.4\n"u8.CopyTo(bytes);
        return bytes;
    }

    [Fact]
    public async Task A_reply_with_a_file_and_copies_arrives_with_the_file_byte_identical()
    {
        await using var app = await AppAsync();
        var api = await app.ApiClientAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var number = await ConversationAsync(api, tag);
        var pdf = Pdf(150_000);
        var text = "Zamówienie ZK-1 w załączniku."u8.ToArray();

        var reply = await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages", new
        {
            type = "reply", body = "W załączniku faktura.",
            attachments = new[]
            {
                new { fileName = "Faktura_łódź.pdf", contentType = "application/pdf", content = Convert.ToBase64String(pdf) },
                new { fileName = "notatka.txt", contentType = "text/plain", content = Convert.ToBase64String(text) },
            },
            cc = new[] { TestEnvironment.MailTo },
            bcc = new[] { BlindCopy },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var message = await reply.Content.ReadFromJsonAsync<MessageResponse>(Ct);
        Assert.Equal(["Faktura_łódź.pdf", "notatka.txt"], message!.Attachments.Select(a => a.FileName));
        Assert.Equal([TestEnvironment.MailTo], message.Cc);
        // Stored with the message and served by the download endpoint as they came.
        Assert.Equal(pdf, await api.GetByteArrayAsync(message.Attachments[0].Url, Ct));

        await app.DispatchOutboxAsync();
        // The customer's box gets the mail twice: as the recipient and as the Bcc (its +bcc address); neither shows the Bcc.
        var delivered = await WaitForAsync(TestEnvironment.CustomerUser, TestEnvironment.CustomerUser, tag, count: 2);
        Assert.Equal(2, delivered.Count);
        Assert.All(delivered, m => Assert.Empty(m.Bcc));
        Assert.All(delivered, m => Assert.DoesNotContain(m.Headers, h => h.Id == HeaderId.Bcc));
        Assert.Contains(delivered, m => m.Headers.Any(h => h.Field is "Delivered-To" or "X-Original-To" && h.Value.Contains("+bcc", StringComparison.Ordinal)));
        var mail = delivered[0];
        var files = mail.Attachments.OfType<MimePart>().ToList();
        Assert.Equal(2, files.Count);
        var sentPdf = Assert.Single(files, f => f.FileName == "Faktura_łódź.pdf");
        Assert.Equal("application/pdf", sentPdf.ContentType.MimeType);
        using (var bytes = new MemoryStream())
        {
            await sentPdf.Content!.DecodeToAsync(bytes, Ct);
            Assert.Equal(pdf, bytes.ToArray());
        }
        // The non-ASCII name travels as RFC 2231 (filename*=utf-8''…), which every mail program reads.
        var disposition = sentPdf.Headers[HeaderId.ContentDisposition];
        Assert.Contains("filename*", disposition, StringComparison.Ordinal);
        Assert.Contains("utf-8''", disposition, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("=?", disposition, StringComparison.Ordinal);
        Assert.Equal("text/plain", Assert.Single(files, f => f.FileName == "notatka.txt").ContentType.MimeType);
        Assert.Contains("W załączniku faktura.", mail.TextBody!, StringComparison.Ordinal);
        Assert.Equal(TestEnvironment.MailTo, Assert.Single(mail.Cc.Mailboxes).Address);

        // The Cc recipient has it, with the files.
        var copy = Assert.Single(await WaitForAsync(TestEnvironment.ImapUser, TestEnvironment.ImapPassword, tag));
        Assert.Equal(2, copy.Attachments.Count());
    }

    [Fact]
    public async Task Too_big_too_many_blocked_or_a_bad_address_stores_nothing_and_sends_nothing()
    {
        await using var app = await AppAsync();
        var api = await app.ApiClientAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var number = await ConversationAsync(api, tag);
        object File(string name, int size, string type = "application/pdf") => new { fileName = name, contentType = type, content = Convert.ToBase64String(Pdf(size)) };

        async Task<Dictionary<string, string[]>> RefusedAsync(object body, string field)
        {
            var response = await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            var errors = problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
            Assert.True(errors.ContainsKey(field), string.Join(", ", errors.Keys));
            return errors;
        }

        var tooBig = await RefusedAsync(new { type = "reply", body = "x", attachments = new[] { File("big.pdf", 200_001) } }, "attachments[0]");
        Assert.Contains("big.pdf", tooBig["attachments[0]"][0], StringComparison.Ordinal);
        await RefusedAsync(new { type = "reply", body = "x", attachments = new[] { File("a.pdf", 10), File("b.pdf", 10), File("c.pdf", 10), File("d.pdf", 10) } }, "attachments");
        await RefusedAsync(new { type = "reply", body = "x", attachments = new[] { File("a.pdf", 190_000), File("b.pdf", 190_000) } }, "attachments");
        await RefusedAsync(new { type = "note", body = "x", attachments = new[] { File("setup.EXE", 100, "application/octet-stream") } }, "attachments[0]");
        await RefusedAsync(new { type = "reply", body = "x", attachments = new[] { File("invoice.pdf.js", 100) } }, "attachments[0]");
        await RefusedAsync(new { type = "reply", body = "x", attachments = new[] { new { fileName = "a.pdf", contentType = "application/pdf", content = "not base64!" } } }, "attachments[0].content");
        var badCc = await RefusedAsync(new { type = "reply", body = "x", cc = new[] { "not-an-address" } }, "cc");
        Assert.Contains("not-an-address", badCc["cc"][0], StringComparison.Ordinal);
        await RefusedAsync(new { type = "note", body = "x", bcc = new[] { Support } }, "bcc");

        // The same rules, in the reader's language.
        using var polish = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{number}/messages")
        {
            Content = JsonContent.Create(new { type = "reply", body = "x", attachments = new[] { File("program.exe", 10) } }),
        };
        polish.Headers.AcceptLanguage.ParseAdd("pl");
        var refused = await (await api.SendAsync(polish, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("nie można dołączać", refused.GetProperty("errors").GetProperty("attachments[0]")[0].GetString(), StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var conversation = await db.Set<Conversation>().AsNoTracking().SingleAsync(c => c.Number == number, Ct);
        Assert.Equal(1, await db.Set<ConversationMessage>().CountAsync(m => m.ConversationId == conversation.Id, Ct));
        Assert.Equal(0, await db.Set<ConversationAttachment>().CountAsync(Ct));
        Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync(m => m.SubjectId == conversation.Id && m.Channel == "email", Ct));
    }
}

[Collection(nameof(SupportMailbox))]
public sealed class ReplyAttachmentsMailSqliteTests() : ReplyAttachmentsMailTests(Provider.Sqlite);

[Collection(nameof(SupportMailbox))]
public sealed class ReplyAttachmentsMailPostgresTests() : ReplyAttachmentsMailTests(Provider.Postgres);
