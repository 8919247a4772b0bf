using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Touchpoint.Features.Notifications;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Notifications;

/// <summary>The store's webhook endpoint is a real HTTP listener on loopback.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "whsec-test-1234";
    private readonly HttpListener _listener = new();
    private readonly List<(Dictionary<string, string> Headers, string Body)> _received = [];
    private readonly int _port;
    private TouchpointApp? _app;
    private int _failNext;

    public WebhookTests()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _port = ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask InitializeAsync()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/hooks/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
        _app = new TouchpointApp()
            .With("Touchpoint:Webhooks:Url", $"http://127.0.0.1:{_port}/hooks/touchpoint")
            .With("Touchpoint:Webhooks:Secret", Secret);
        await _app.InitializeAsync();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (Interlocked.Exchange(ref _failNext, 0) == 1)
            {
                context.Response.StatusCode = 503;
            }
            else
            {
                lock (_received)
                {
                    _received.Add((context.Request.Headers.AllKeys.ToDictionary(k => k!, k => context.Request.Headers[k]!), body));
                }
                context.Response.StatusCode = 204;
            }
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) { await _app.DisposeAsync(); }
        _listener.Stop();
        _listener.Close();
    }

    [Fact]
    public async Task Status_events_reach_the_store_signed_and_retried_when_it_fails()
    {
        var app = _app!;
        var api = await app.ApiClientAsync();
        var number = Api.NewNumber("WH");
        await api.PutOrderAsync(number);
        await api.PostEventAsync(number, "accepted");
        _failNext = 1;
        while (await app.DispatchOutboxAsync() > 0) { }
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        while (await app.DispatchOutboxAsync() > 0) { }

        List<(Dictionary<string, string> Headers, string Body)> hooks;
        lock (_received)
        {
            hooks = _received.Where(r => r.Body.Contains(number, StringComparison.Ordinal)).ToList();
        }
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

        List<(Dictionary<string, string> Headers, string Body)> hooks;
        lock (_received)
        {
            hooks = _received.Where(r => JsonNode.Parse(r.Body)!["conversation"]?["number"]?.GetValue<long>() == number).ToList();
        }
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
