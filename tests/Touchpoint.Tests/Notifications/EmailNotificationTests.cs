using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Notifications;

/// <summary>Notifications through a real SMTP server (postfix), read back over IMAP (dovecot).</summary>
public abstract class EmailNotificationTests(Provider provider) : IAsyncLifetime
{
    private SmtpRelay? _relay;
    private TouchpointApp? _app;

    private TouchpointApp App => _app ?? throw new InvalidOperationException("not started");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (provider == Provider.Postgres)
        {
            TestEnvironment.RequirePostgres();
        }
        var host = TestEnvironment.RequireSmtp();
        TestEnvironment.RequireImap();
        _relay = new SmtpRelay(host, TestEnvironment.SmtpPort);
        _app = new TouchpointApp(provider)
            .With("Touchpoint:Smtp:Host", "127.0.0.1")
            .With("Touchpoint:Smtp:Port", _relay.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Touchpoint:Smtp:Security", "None")
            .With("Touchpoint:Smtp:From", "shop@localhost")
            .With("Touchpoint:Store:Name", "Sklep Testowy");
        await _app.InitializeAsync();
        _relay.Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) { await _app.DisposeAsync(); }
        if (_relay is not null) { await _relay.DisposeAsync(); }
        GC.SuppressFinalize(this);
    }

    private static object OrderFor(string language, string name) => Api.Order(email: TestEnvironment.MailTo, name: name, language: language);

    [Theory]
    [InlineData("en", "Emma <Brown>", "received", "Follow your order")]
    [InlineData("ru", "Иван Петров", "получен", "Следить за заказом")]
    [InlineData("pl", "Zażółć Gęślą", "Otrzymaliśmy zamówienie", "Śledź zamówienie")]
    public async Task Each_event_sends_one_mail_in_the_order_language(string language, string name, string subjectWord, string linkText)
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber(language.ToUpperInvariant());
        await api.PutOrderAsync(number, OrderFor(language, name));
        await api.PostEventAsync(number, "accepted", "e-acc");
        await api.PostEventAsync(number, "accepted", "e-acc");
        await api.PostEventAsync(number, "paid", "e-paid");
        while (await App.DispatchOutboxAsync() > 0) { }

        var mails = await Mailbox.WaitForAsync(number, 3);
        Assert.Equal(3, mails.Count);
        var placed = Assert.Single(mails, m => m.Headers["X-Touchpoint-Kind"] == "order.placed");
        Assert.Contains(subjectWord, placed.Subject, StringComparison.Ordinal);
        Assert.Contains("[Sklep Testowy]", placed.Subject, StringComparison.Ordinal);
        Assert.Contains(linkText, placed.TextBody!, StringComparison.Ordinal);
        Assert.Contains("https://shop.test/track/", placed.TextBody, StringComparison.Ordinal);
        Assert.Contains(name, placed.TextBody, StringComparison.Ordinal);
        Assert.NotNull(placed.HtmlBody);
        Assert.Contains("https://shop.test/track/", placed.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(name), placed.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", placed.Headers["Auto-Submitted"]);
        Assert.All(mails, m => Assert.Equal("shop@localhost", m.From.Mailboxes.Single().Address));

        var order = await api.GetOrderAsync(number);
        Assert.All(order["notifications"]!.AsArray(), n => Assert.Equal("sent", n!["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Nothing_is_lost_while_the_server_is_down_and_nothing_is_doubled_after()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("DOWN");
        _relay!.Stop();
        await api.PutOrderAsync(number, OrderFor("en", "Down Test"));
        await api.PostEventAsync(number, "packed");
        await App.DispatchOutboxAsync();

        var order = await api.GetOrderAsync(number);
        Assert.All(order["notifications"]!.AsArray(), n =>
        {
            Assert.Equal("pending", n!["state"]!.GetValue<string>());
            Assert.Equal(1, n["attempts"]!.GetValue<int>());
            Assert.NotNull(n["lastError"]);
        });
        // Not due yet: the back-off holds the retry.
        Assert.Equal(0, await App.DispatchOutboxAsync());

        _relay.Start();
        App.Clock.Advance(OutboxBackoff.After(1) + TimeSpan.FromSeconds(1));
        while (await App.DispatchOutboxAsync() > 0) { }
        var mails = await Mailbox.WaitForAsync(number, 2);
        Assert.Equal(2, mails.Count);
        order = await api.GetOrderAsync(number);
        Assert.All(order["notifications"]!.AsArray(), n => Assert.Equal(2, n!["attempts"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_restart_sends_what_was_queued_before_it()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("RST");
        await api.PutOrderAsync(number, OrderFor("en", "Restart Test"));
        // A second instance on the same database stands in for the app after a restart.
        await using var restarted = new TouchpointApp(provider, App.Database)
            .With("Touchpoint:Smtp:Host", "127.0.0.1")
            .With("Touchpoint:Smtp:Port", _relay!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Touchpoint:Smtp:Security", "None")
            .With("Touchpoint:Smtp:From", "shop@localhost");
        await restarted.InitializeAsync();
        while (await restarted.DispatchOutboxAsync() > 0) { }
        Assert.Single(await Mailbox.WaitForAsync(number, 1));
        using var scope = restarted.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync(m => m.State == OutboxState.Pending, Ct));
    }

    [Fact]
    public async Task Resend_sends_the_same_message_again_and_keeps_the_log()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("RSD");
        await api.PutOrderAsync(number, OrderFor("pl", "Ponowna Wysyłka"));
        while (await App.DispatchOutboxAsync() > 0) { }
        var id = (await api.GetOrderAsync(number))["notifications"]![0]!["id"]!.GetValue<string>();
        var response = await api.PostAsync($"/api/v1/notifications/{id}/resend", null, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        while (await App.DispatchOutboxAsync() > 0) { }
        Assert.Equal(2, (await Mailbox.WaitForAsync(number, 2)).Count);
        Assert.Equal(2, (await api.GetOrderAsync(number))["notifications"]!.AsArray().Count);
    }
}

public sealed class EmailNotificationSqliteTests() : EmailNotificationTests(Provider.Sqlite);

public sealed class EmailNotificationPostgresTests() : EmailNotificationTests(Provider.Postgres);
