using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Features.Notifications;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Notifications;

/// <summary>The store's webhook endpoint is a real HTTP listener on loopback.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "whsec-test-1234";
    private readonly WebhookReceiver _hooks = new();
    private TouchpointApp? _app;

    public async ValueTask InitializeAsync()
    {
        _app = new TouchpointApp()
            .With("Touchpoint:Webhooks:Url", _hooks.Url)
            .With("Touchpoint:Webhooks:Secret", Secret);
        await _app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) { await _app.DisposeAsync(); }
        _hooks.Dispose();
    }

    [Fact]
    public async Task Status_events_reach_the_store_signed_and_retried_when_it_fails()
    {
        var app = _app!;
        var api = await app.ApiClientAsync();
        var number = Api.NewNumber("WH");
        await api.PutOrderAsync(number);
        await api.PostEventAsync(number, "accepted");
        _hooks.FailNext();
        while (await app.DispatchOutboxAsync() > 0) { }
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        while (await app.DispatchOutboxAsync() > 0) { }

        var hooks = _hooks.Where(body => body.Contains(number, StringComparison.Ordinal));
        Assert.Equal(["order.accepted", "order.placed"], hooks.Select(h => JsonNode.Parse(h.Body)!["type"]!.GetValue<string>()).Order());
        foreach (var (headers, body) in hooks)
        {
            var expected = "sha256=" + WebhookSender.Sign(Secret, headers["X-Touchpoint-Timestamp"], body);
            Assert.Equal(expected, headers["X-Touchpoint-Signature"]);
            Assert.True(Guid.TryParse(headers["X-Touchpoint-Delivery"], out _));
        }
        Assert.Equal(number, JsonNode.Parse(hooks[0].Body)!["order"]!["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task Conversation_events_go_out_by_the_same_signed_webhook_and_notes_stay_inside()
    {
        var app = _app!;
        var api = await app.ApiClientAsync();
        var email = $"wh-{Guid.NewGuid():N}@example.com";
        var created = await api.PostAsJsonAsync("/api/v1/conversations", new
        {
            customer = new { email, name = "Hook Test" }, subject = "Webhook please", body = "Hello", topic = "other",
        }, Api.Json, TestContext.Current.CancellationToken);
        var number = (await Api.ReadAsync(created))!["number"]!.GetValue<long>();
        await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages", new { type = "note", body = "secret internal note" }, Api.Json, TestContext.Current.CancellationToken);
        await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Public answer" }, Api.Json, TestContext.Current.CancellationToken);
        await api.PatchAsJsonAsync($"/api/v1/conversations/{number}", new { status = "resolved" }, Api.Json, TestContext.Current.CancellationToken);
        while (await app.DispatchOutboxAsync() > 0) { }

        var hooks = _hooks.Where(body => JsonNode.Parse(body)!["conversation"]?["number"]?.GetValue<long>() == number);
        var types = hooks.Select(h => JsonNode.Parse(h.Body)!["type"]!.GetValue<string>()).ToList();
        Assert.Contains("conversation.created", types);
        Assert.Contains("conversation.status_changed", types);
        Assert.Single(types, t => t == "conversation.message");
        Assert.DoesNotContain(hooks, h => h.Body.Contains("secret internal note", StringComparison.Ordinal));
        foreach (var (headers, body) in hooks)
        {
            Assert.Equal("sha256=" + WebhookSender.Sign(Secret, headers["X-Touchpoint-Timestamp"], body), headers["X-Touchpoint-Signature"]);
        }
    }
}
