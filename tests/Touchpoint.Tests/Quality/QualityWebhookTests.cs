using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Features.Notifications;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Quality;

/// <summary>A published review and a score changed by a decision reach the store's signed webhook (a real loopback listener).</summary>
public abstract class QualityWebhookTests(Provider provider) : IAsyncLifetime
{
    private const string Secret = "whsec-quality-5678";
    private readonly WebhookReceiver _hooks = new();
    private TouchpointApp? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = new TouchpointApp(provider)
            .With("Touchpoint:Webhooks:Url", _hooks.Url)
            .With("Touchpoint:Webhooks:Secret", Secret);
        await _app.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) { await _app.DisposeAsync(); }
        _hooks.Dispose();
        GC.SuppressFinalize(this);
    }

    private static object Text(string en) => new { en, ru = en + " (ru)", pl = en + " (pl)" };

    [Fact]
    public async Task A_published_review_and_a_changed_score_reach_the_store_signed()
    {
        var app = _app!;
        var api = await app.ApiClientAsync();
        var key = $"hook-{Guid.NewGuid():N}"[..20];
        var put = await api.PutAsJsonAsync($"/api/v1/quality/scorecards/{key}", new
        {
            touchpoint = "sales", name = Text("Hook card"),
            criteria = new object[]
            {
                new { key = "greets", section = "s", text = Text("Greets"), scale = "yes_no" },
                new { key = "terms", section = "s", text = Text("Terms"), scale = "1_5" },
            },
        }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var (agent, email, _) = await app.SignedInUserAsync("Agent");
        var created = await api.PostAsJsonAsync("/api/v1/quality/reviews", new
        {
            scorecard = key, reviewee = email, answers = new[] { new { criterion = "greets", value = 1 }, new { criterion = "terms", value = 3 } },
        }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var review = (await Api.ReadAsync(created))!["id"]!.GetValue<string>();
        // score: 100 × (1 + 0.5) / 2 = 75
        var disputed = await agent.PostAsJsonAsync($"/api/v1/quality/reviews/{review}/disputes", new
        {
            comment = "I stated every term.", answers = new[] { new { criterion = "terms", value = 5 } },
        }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, disputed.StatusCode);
        var dispute = (await Api.ReadAsync(disputed))!["id"]!.GetValue<string>();
        var decided = await api.PostAsJsonAsync($"/api/v1/quality/disputes/{dispute}/decision", new { decision = "accepted" }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        while (await app.DispatchOutboxAsync() > 0) { }

        var hooks = _hooks.Where(body => JsonNode.Parse(body)!["review"]?["id"]?.GetValue<string>() == review);
        // The fake clock stands still, so both messages share a moment and the outbox may deliver them in either order.
        hooks = [.. hooks.OrderBy(h => h.Headers["X-Touchpoint-Event"] == "quality.review.published" ? 0 : 1)];
        Assert.Equal(["quality.review.published", "quality.review.changed"], hooks.Select(h => h.Headers["X-Touchpoint-Event"]));
        foreach (var (headers, body) in hooks)
        {
            Assert.Equal("sha256=" + WebhookSender.Sign(Secret, headers["X-Touchpoint-Timestamp"], body), headers["X-Touchpoint-Signature"]);
        }
        var published = JsonNode.Parse(hooks[0].Body)!;
        Assert.Equal("quality.review.published", published["type"]!.GetValue<string>());
        var r = published["review"]!;
        Assert.Equal(email, r["reviewee"]!.GetValue<string>());
        Assert.Equal(key, r["scorecard"]!["key"]!.GetValue<string>());
        Assert.Equal(1, r["scorecard"]!["version"]!.GetValue<int>());
        Assert.Equal(75, r["score"]!.GetValue<double>());
        Assert.False(r["criticalFailed"]!.GetValue<bool>());
        Assert.NotNull(r["at"]);
        Assert.Equal(100, JsonNode.Parse(hooks[1].Body)!["review"]!["score"]!.GetValue<double>());
    }
}

public sealed class QualityWebhookSqliteTests() : QualityWebhookTests(Provider.Sqlite);

public sealed class QualityWebhookPostgresTests() : QualityWebhookTests(Provider.Postgres);
