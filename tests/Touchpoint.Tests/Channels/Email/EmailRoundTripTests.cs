using System.Net.Http.Json;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Touchpoint.Features.Channels.Email;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Channels.Email;

/// <summary>
/// Through real servers: the customer's mail goes through postfix to the support mailbox, Touchpoint reads it over
/// IMAP (dovecot), the agent's reply goes out by SMTP into the customer's mailbox with threading headers, and the
/// customer's answer comes back into the same conversation.
/// </summary>
public abstract class EmailRoundTripTests(Provider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Support = TestEnvironment.SupportUser + "@localhost";
    private const string Customer = TestEnvironment.CustomerUser + "@localhost";

    private async Task<TouchpointApp> AppAsync()
    {
        var host = TestEnvironment.RequireImap();
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
            .With("Touchpoint:Mailboxes:support:Address", Support)
            .With("Touchpoint:Mailboxes:support:Language", "pl")
            .With("Touchpoint:Mailboxes:support:Imap:Host", host)
            .With("Touchpoint:Mailboxes:support:Imap:Port", TestEnvironment.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Touchpoint:Mailboxes:support:Imap:Security", "None")
            .With("Touchpoint:Mailboxes:support:Imap:UserName", TestEnvironment.SupportUser)
            .With("Touchpoint:Mailboxes:support:Imap:Password", TestEnvironment.SupportUser)
            .With("Touchpoint:Email:RunReaders", "false");
        await app.InitializeAsync();
        return app;
    }

    private static async Task<ImapReader.PassResult> ReadSupportMailboxAsync(TouchpointApp app)
    {
        using var client = await ConnectAsync(TestEnvironment.SupportUser);
        var options = app.Get<IOptionsMonitor<MailboxOptions>>().Get("support");
        var result = await app.Get<ImapReader>().ReadNewAsync(client, "support", options, Ct);
        await client.DisconnectAsync(true, Ct);
        return result;
    }

    private static async Task<ImapClient> ConnectAsync(string user)
    {
        var client = new ImapClient();
        await client.ConnectAsync(TestEnvironment.ImapHost!, TestEnvironment.ImapPort, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(user, user, Ct);
        return client;
    }

    private static async Task SendAsync(MimeMessage message)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(TestEnvironment.SmtpHost!, TestEnvironment.SmtpPort, SecureSocketOptions.None, Ct);
        await smtp.SendAsync(message, Ct);
        await smtp.DisconnectAsync(true, Ct);
    }

    /// <summary>Waits until a message whose subject has <paramref name="text"/> is in the user's INBOX (postfix delivers asynchronously).</summary>
    private static Task<IReadOnlyList<MimeMessage>> WaitForAsync(string user, string text, int count = 1) => WaitForAsync(user, SearchQuery.SubjectContains(text), count);

    /// <summary>Waits until <paramref name="count"/> messages that match <paramref name="query"/> are in the user's INBOX.</summary>
    private static async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string user, SearchQuery query, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var client = await ConnectAsync(user);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
            var ids = await client.Inbox.SearchAsync(query, Ct);
            if (ids.Count >= count || DateTime.UtcNow > deadline)
            {
                var list = new List<MimeMessage>();
                foreach (var id in ids)
                {
                    list.Add(await client.Inbox.GetMessageAsync(id, Ct));
                }
                return list;
            }
            await Task.Delay(200, Ct);
        }
    }

    private static MimeMessage FromCustomer(string subject, string body)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress("Łucja Kowalczyk", Customer));
        m.To.Add(MailboxAddress.Parse(Support));
        m.Subject = subject;
        m.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.test");
        m.Body = new TextPart("plain") { Text = body };
        return m;
    }

    [Fact]
    public async Task Mail_in_reply_out_answer_back_in_the_same_conversation()
    {
        await using var app = await AppAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var api = await app.ApiClientAsync();

        var first = FromCustomer($"Gdzie jest paczka {tag}?", "Dzień dobry, gdzie jest moja paczka?");
        await SendAsync(first);
        await WaitForAsync(TestEnvironment.SupportUser, tag);
        var pass = await ReadSupportMailboxAsync(app);
        Assert.True(pass.Imported >= 1);

        var list = await api.GetFromJsonAsync<ConversationPage>($"/api/v1/conversations?customer={Customer}", Ct);
        var summary = Assert.Single(list!.Items, i => i.Subject.Contains(tag, StringComparison.Ordinal));
        var number = summary.Number;
        Assert.Equal("email", summary.Channel);

        // The acknowledgement (Polish: the mailbox's language) and the agent's reply go out by SMTP.
        var reply = await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Paczka wyjechała dziś." }, Ct);
        reply.EnsureSuccessStatusCode();
        await app.DispatchOutboxAsync();

        // The customer's box is shared: the other database's run of this test numbers its conversation the same and
        // may be mailed first, so only what answers this first message counts — also while waiting.
        var answers = SearchQuery.SubjectContains($"[#{number}]").And(SearchQuery.HeaderContains("In-Reply-To", first.MessageId!));
        var inCustomerBox = (await WaitForAsync(TestEnvironment.CustomerUser, answers, 2))
            .Where(m => m.InReplyTo == first.MessageId).ToList();
        var ack = Assert.Single(inCustomerBox, m => m.Subject!.Contains("Otrzymaliśmy", StringComparison.Ordinal));
        Assert.Equal("auto-replied", ack.Headers["Auto-Submitted"]);
        var answer = Assert.Single(inCustomerBox, m => m.Subject!.StartsWith("Re:", StringComparison.Ordinal));
        Assert.Equal(first.MessageId, answer.InReplyTo);
        Assert.Contains(first.MessageId, answer.References);
        Assert.Contains("Paczka wyjechała dziś.", answer.TextBody!, StringComparison.Ordinal);
        Assert.Equal(Support, answer.From.Mailboxes.Single().Address);
        Assert.Null(answer.Headers["Auto-Submitted"]);

        // The customer answers the reply (their mail program keeps the threading headers, not the number).
        var back = FromCustomer($"Re: Paczka {tag}", "Dziękuję, czekam.");
        back.InReplyTo = answer.MessageId;
        back.References.AddRange(answer.References);
        back.References.Add(answer.MessageId!);
        await SendAsync(back);
        await WaitForAsync(TestEnvironment.SupportUser, $"Re: Paczka {tag}");
        await ReadSupportMailboxAsync(app);

        var conversation = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;
        var types = conversation["messages"]!.AsArray().Select(m => m!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["inbound", "reply", "inbound"], types);
        Assert.Equal("Dziękuję, czekam.", conversation["messages"]![2]!["text"]!.GetValue<string>());
        Assert.Equal("open", conversation["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rereading_after_a_crash_and_two_readers_at_once_never_duplicate_and_a_broken_message_blocks_nothing()
    {
        await using var app = await AppAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        // A broken message (no sender at all) appended straight into the folder, then two good ones.
        using (var client = await ConnectAsync(TestEnvironment.SupportUser))
        {
            var broken = new MimeMessage { Subject = $"broken {tag}", Body = new TextPart("plain") { Text = "no sender" } };
            await client.Inbox.AppendAsync(broken, MessageFlags.None, Ct);
            await client.DisconnectAsync(true, Ct);
        }
        await SendAsync(FromCustomer($"first {tag}", "one"));
        await SendAsync(FromCustomer($"second {tag}", "two"));
        await WaitForAsync(TestEnvironment.SupportUser, $"second {tag}");
        await WaitForAsync(TestEnvironment.SupportUser, $"first {tag}");

        // Two readers over the same mailbox at the same time (two app instances would do this only if a lease expired).
        var passes = await Task.WhenAll(ReadSupportMailboxAsync(app), ReadSupportMailboxAsync(app));
        Assert.True(passes.Sum(p => p.Quarantined) >= 1);

        // A crash before the cursor moved: the reader starts over and finds only what it already has.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            await db.Set<MailboxCursor>().ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUid, 0), Ct);
        }
        var again = await ReadSupportMailboxAsync(app);
        Assert.Equal(0, again.Imported);

        var api = await app.ApiClientAsync();
        var list = await api.GetFromJsonAsync<ConversationPage>($"/api/v1/conversations?customer={Customer}&pageSize=200", Ct);
        Assert.True(list!.Items.Count(i => i.Subject == $"first {tag}") == 1, string.Join(" | ", list.Items.Select(i => i.Subject)) + $" passes: {string.Join(", ", passes.Select(p => p.ToString()))} again: {again}");
        Assert.Single(list.Items, i => i.Subject == $"second {tag}");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            var quarantined = await db.Set<QuarantinedMail>().ToListAsync(Ct);
            Assert.Contains(quarantined, q => q.Raw is not null && System.Text.Encoding.UTF8.GetString(q.Raw).Contains($"broken {tag}", StringComparison.Ordinal));
        }
    }
}

/// <summary>Both providers' apps read the one support mailbox: they take turns, or each would answer the other's mail too.</summary>
[CollectionDefinition(nameof(SupportMailbox), DisableParallelization = true)]
public sealed class SupportMailbox;

[Collection(nameof(SupportMailbox))]
public sealed class EmailRoundTripSqliteTests() : EmailRoundTripTests(Provider.Sqlite);

[Collection(nameof(SupportMailbox))]
public sealed class EmailRoundTripPostgresTests() : EmailRoundTripTests(Provider.Postgres);
