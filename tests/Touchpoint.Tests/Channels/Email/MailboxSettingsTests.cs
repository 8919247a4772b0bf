using System.Net.Http.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Touchpoint.Features.Channels.Email;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Channels.Email;

/// <summary>A mailbox added in Settings (not in configuration) is read by the background reader, over IDLE, within seconds.</summary>
[Collection(nameof(SupportMailbox))]
public sealed class MailboxSettingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_mailbox_saved_in_settings_is_read_at_once_and_its_password_is_stored_encrypted()
    {
        var host = TestEnvironment.RequireImap();
        TestEnvironment.RequireSmtp();
        await using var app = new TouchpointApp().With("Touchpoint:Email:RunReaders", "true");
        await app.InitializeAsync();
        var registry = app.Get<MailboxRegistry>();

        // Wrong password: the connection test says so, and nothing is saved by testing.
        var wrong = await MailboxRegistry.TestAsync(new MailboxOptions
        {
            Address = $"{TestEnvironment.SupportUser}@localhost",
            Imap = new ImapOptions { Host = host, Port = TestEnvironment.ImapPort, Security = SecureSocketOptions.None, UserName = TestEnvironment.SupportUser, Password = "wrong" },
        }, Ct);
        Assert.False(wrong.Ok);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            db.Add(new MailboxSetting
            {
                Name = "support", Address = $"{TestEnvironment.SupportUser}@localhost", ImapHost = host, ImapPort = TestEnvironment.ImapPort,
                ImapSecurity = SecureSocketOptions.None, ImapUserName = TestEnvironment.SupportUser, ImapPasswordProtected = registry.Protect(TestEnvironment.SupportUser),
                Language = "ru",
            });
            await db.SaveChangesAsync(Ct);
            var stored = await db.Set<MailboxSetting>().AsNoTracking().SingleAsync(Ct);
            Assert.NotEqual(TestEnvironment.SupportUser, stored.ImapPasswordProtected);
        }
        var entry = Assert.Single(await registry.AllAsync(Ct));
        Assert.Equal(TestEnvironment.SupportUser, entry.Options.Imap.Password);
        Assert.True((await MailboxRegistry.TestAsync(entry.Options, Ct)).Ok);
        registry.NotifyChanged();

        var tag = Guid.NewGuid().ToString("N")[..8];
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress("Вера", $"{TestEnvironment.CustomerUser}@localhost"));
        mail.To.Add(MailboxAddress.Parse(entry.Options.Address));
        mail.Subject = $"Вопрос {tag}";
        mail.Body = new TextPart("plain") { Text = "Добрый день!" };
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(TestEnvironment.SmtpHost!, TestEnvironment.SmtpPort, SecureSocketOptions.None, Ct);
            await smtp.SendAsync(mail, Ct);
            await smtp.DisconnectAsync(true, Ct);
        }

        var api = await app.ApiClientAsync();
        var deadline = DateTime.UtcNow.AddSeconds(45);
        ConversationSummary? found = null;
        while (found is null && DateTime.UtcNow < deadline)
        {
            var page = await api.GetFromJsonAsync<ConversationPage>($"/api/v1/conversations?customer={TestEnvironment.CustomerUser}@localhost&pageSize=200", Ct);
            found = page!.Items.FirstOrDefault(i => i.Subject == $"Вопрос {tag}");
            await Task.Delay(250, Ct);
        }
        Assert.NotNull(found);
        Assert.Equal("email", found.Channel);
    }
}
