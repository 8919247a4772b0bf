using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Platform;

/// <summary>The public forms are posted to from one test address; their own limits are tested elsewhere.</summary>
public sealed class HardeningSqliteApp : TouchpointApp
{
    public HardeningSqliteApp() : base(Provider.Sqlite) => Relaxed(this);

    internal static void Relaxed(TouchpointApp app) => app
        .With("Touchpoint:Contact:SubmitsPerWindow", "1000").With("Touchpoint:Tracking:LookupsPerMinute", "1000")
        .With("Touchpoint:Telephony:FormSubmitsPerWindow", "1000");
}

public sealed class HardeningPostgresApp : TouchpointApp
{
    public HardeningPostgresApp() : base(Provider.Postgres) => HardeningSqliteApp.Relaxed(this);
}

/// <summary>What an outsider probing the app finds: bodies and forms it cannot read, odd dates and query values, headers, roles.</summary>
public abstract partial class HardeningTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> RawAsync(HttpClient client, HttpMethod method, string url, byte[] body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static Task<(HttpStatusCode Status, JsonNode? Body)> RawAsync(HttpClient client, HttpMethod method, string url, string json) =>
        RawAsync(client, method, url, Encoding.UTF8.GetBytes(json));

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static async Task<long> ConversationAsync(HttpClient api, string email)
    {
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations",
            new { customer = new { email, name = "Jan Kowalski" }, subject = "Where is my order?", body = "Hello", acknowledge = false });
        Assert.Equal(HttpStatusCode.Created, status);
        return body!["number"]!.GetValue<long>();
    }

    private Task<int> ConversationCountAsync() =>
        App.InScopeAsync<TouchpointDb, int>(db => db.Set<Conversation>().CountAsync(Ct));

    [Fact]
    public async Task A_key_given_twice_is_refused_on_every_endpoint_that_takes_json()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("D");
        var (put, putBody) = await RawAsync(api, HttpMethod.Put, $"/api/v1/orders/{number}",
            """{"customer":{"email":"d@example.com"},"currency":"PLN","currency":"EUR","items":[]}""");
        Assert.Equal(HttpStatusCode.BadRequest, put);
        Assert.NotNull(putBody!["errors"]);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/orders/{number}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(number)).Status);
        var (ev, _) = await RawAsync(api, HttpMethod.Post, $"/api/v1/orders/{number}/events", """{"eventId":"e1","status":"accepted","status":"cancelled"}""");
        Assert.Equal(HttpStatusCode.BadRequest, ev);
        Assert.Equal("placed", (await api.GetOrderAsync(number))["status"]!.GetValue<string>());

        var before = await ConversationCountAsync();
        var (conv, _) = await RawAsync(api, HttpMethod.Post, "/api/v1/conversations",
            """{"customer":{"email":"d@example.com"},"body":"one","body":"two","acknowledge":false}""");
        Assert.Equal(HttpStatusCode.BadRequest, conv);
        Assert.Equal(before, await ConversationCountAsync());

        var (patch, patchBody) = await RawAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{await ConversationAsync(api, "d@example.com")}", """{"priority":"low","priority":"urgent"}""");
        Assert.Equal(HttpStatusCode.BadRequest, patch);
        Assert.NotNull(patchBody!["errors"]);
    }

    [Fact]
    public async Task Text_that_is_not_utf8_is_a_bad_request_not_a_server_error()
    {
        var api = await App.ApiClientAsync();
        var bad = Encoding.UTF8.GetBytes("""{"emails":["u@example.com"],"name":"X"}""");
        bad[bad.Length - 3] = 0xFF;
        var (created, createdBody) = await RawAsync(api, HttpMethod.Post, "/api/v1/customers", bad);
        Assert.Equal(HttpStatusCode.BadRequest, created);
        Assert.NotNull(createdBody!["errors"]!["body"]);

        var (ok, customer) = await SendAsync(api, HttpMethod.Post, "/api/v1/customers", new { emails = new[] { $"u-{Guid.NewGuid():N}@example.com" }, name = "Ursula" });
        Assert.Equal(HttpStatusCode.Created, ok);
        var id = customer!["id"]!.GetValue<string>();
        var badName = Encoding.UTF8.GetBytes("""{"name":"Ursu"}""");
        badName[10] = 0xC3;
        Assert.Equal(HttpStatusCode.BadRequest, (await RawAsync(api, HttpMethod.Patch, $"/api/v1/customers/{id}", badName)).Status);
        var badKey = Encoding.UTF8.GetBytes("""{"nam":"Ursu"}""");
        badKey[3] = 0xFE;
        Assert.Equal(HttpStatusCode.BadRequest, (await RawAsync(api, HttpMethod.Patch, $"/api/v1/customers/{id}", badKey)).Status);
        Assert.Equal("Ursula", (await SendAsync(api, HttpMethod.Get, $"/api/v1/customers/{id}")).Body!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    public async Task An_order_placed_before_any_online_store_existed_is_refused(string placedAt)
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("Y");
        var order = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Api.Order(), Api.Json))!.AsObject();
        order["placedAt"] = placedAt;
        var (status, body) = await RawAsync(api, HttpMethod.Put, $"/api/v1/orders/{number}", order.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("2000-01-01", body!["errors"]!["placedAt"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(number)).Status);
        var (ev, evBody) = await api.PostEventAsync(number, "accepted", extra: new { occurredAt = placedAt });
        Assert.Equal(HttpStatusCode.BadRequest, ev);
        Assert.NotNull(evBody!["errors"]!["occurredAt"]);
    }

    [Theory]
    [InlineData("/orders?delayed=abc")]
    [InlineData("/orders?page=99999999999")]
    [InlineData("/conversations?page=abc")]
    [InlineData("/conversations?page=-3")]
    [InlineData("/customers?page=1e9")]
    [InlineData("/messages?page=%00")]
    public async Task Agent_pages_ignore_query_values_they_cannot_read(string url)
    {
        var agent = await App.SignedInAsync("ServiceOwner");
        var response = await agent.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_answer_says_nosniff_and_the_workspace_has_a_script_policy()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var page = await owner.GetAsync("/conversations", Ct);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline' 'self'; script", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());
        foreach (var url in new[] { "/conversations", "/api/v1/conversations", "/login", "/contact", "/track", "/healthz", "/no-such-page" })
        {
            var response = await owner.GetAsync(url, Ct);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        // The public pages keep their own stricter policy: no script at all.
        Assert.StartsWith("default-src 'none'", (await owner.GetAsync("/contact", Ct)).Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_denied_is_a_page_in_the_readers_language()
    {
        var agent = await App.SignedInAsync("Agent", "pl");
        var response = await agent.GetAsync("/settings/users", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var denied = await agent.GetAsync(response.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        agent.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pl");
        var html = WebUtility.HtmlDecode(await agent.GetStringAsync("/denied", Ct));
        Assert.Contains("Brak dostępu", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auditor_reads_and_reviews_but_changes_nothing_in_the_desk()
    {
        var api = await App.ApiClientAsync();
        var email = $"aud-{Guid.NewGuid():N}@example.com";
        var number = await ConversationAsync(api, email);
        var order = Api.NewNumber("A");
        var placed = await api.PutOrderAsync(order, Api.Order(email: email));
        var notification = placed.Body!["notifications"]![0]!["id"]!.GetValue<string>();
        var customer = (await SendAsync(api, HttpMethod.Get, $"/api/v1/customers?email={email}")).Body!["items"]![0]!["id"]!.GetValue<string>();
        var auditor = await App.SignedInAsync("Auditor");

        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/v1/conversations/{number}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/v1/customers/{customer}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditor, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "note", body = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditor, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { priority = "urgent" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditor, HttpMethod.Post, $"/api/v1/customers/{customer}/merge", new { duplicate = Guid.NewGuid() })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditor, HttpMethod.Post, $"/api/v1/customers/{customer}/notes", new { text = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditor, HttpMethod.Post, $"/api/v1/notifications/{notification}/resend")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditor, HttpMethod.Put, $"/api/v1/orders/{order}", Api.Order(email: email))).Status);
        var conversation = (await SendAsync(api, HttpMethod.Get, $"/api/v1/conversations/{number}")).Body!;
        Assert.Equal("normal", conversation["priority"]!.GetValue<string>());
        Assert.DoesNotContain(conversation["messages"]!.AsArray(), m => m!["type"]!.GetValue<string>() == "note");
        // The conversation page shows no reply box to an auditor.
        var html = await auditor.GetStringAsync($"/conversations/{number}", Ct);
        Assert.DoesNotContain("data-field=\"body\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_is_resent_at_most_three_times_a_day_a_minute_apart()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("R");
        var placed = await api.PutOrderAsync(number);
        var id = placed.Body!["notifications"]![0]!["id"]!.GetValue<string>();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await SendAsync(api, HttpMethod.Post, $"/api/v1/notifications/{id}/resend")).Status);
            statuses.Add((await SendAsync(api, HttpMethod.Post, $"/api/v1/notifications/{id}/resend")).Status);
            App.Clock.Advance(TimeSpan.FromMinutes(2));
        }
        var (fourth, problem) = await SendAsync(api, HttpMethod.Post, $"/api/v1/notifications/{id}/resend");
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth);
        Assert.Contains("3 times a day", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, (await api.GetOrderAsync(number))["notifications"]!.AsArray().Count);
        App.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(api, HttpMethod.Post, $"/api/v1/notifications/{id}/resend")).Status);
    }

    [GeneratedRegex("name=\"token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private HttpClient Visitor() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<string> TokenAsync(HttpClient visitor, string path)
    {
        var page = await visitor.GetStringAsync(path, Ct);
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        return WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
    }

    private static FormUrlEncodedContent ManyFields(int count, string token) =>
        new(Enumerable.Range(0, count).Select(i => new KeyValuePair<string, string>($"f{i}", "x")).Append(new("token", token)));

    [Theory]
    [InlineData("/contact")]
    [InlineData("/callback")]
    [InlineData("/track")]
    public async Task A_public_form_with_thousands_of_fields_or_a_huge_value_gets_its_own_page_and_stores_nothing(string path)
    {
        using var visitor = Visitor();
        var before = await ConversationCountAsync();
        var token = await TokenAsync(visitor, $"{path}?lang=pl");

        var many = await visitor.PostAsync($"{path}?lang=pl", ManyFields(3000, token), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.StartsWith("text/html", many.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("Nie udało się odczytać formularza", await many.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var huge = new FormUrlEncodedContent([new("token", token), new("email", "v@example.com"), new("phone", "+48600100200"), new("message", new string('a', 5 * 1024 * 1024))]);
        var big = await visitor.PostAsync($"{path}?lang=pl", huge, Ct);
        Assert.True(big.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, big.StatusCode.ToString());
        var html = await big.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.True(html.Length < 50_000, "the page must not echo the 5 MB value");
        Assert.Equal(before, await ConversationCountAsync());
    }

    [Fact]
    public async Task A_contact_post_over_the_size_limit_gets_the_forms_page_not_json()
    {
        using var visitor = Visitor();
        var token = await TokenAsync(visitor, "/contact?lang=ru");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "token" },
            { new StringContent("v@example.com"), "email" },
            { new StringContent("Hello"), "message" },
            { new ByteArrayContent(new byte[22 * 1024 * 1024]), "attachment", "big.bin" },
        };
        var response = await visitor.PostAsync("/contact?lang=ru", form, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("слишком велико", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_too_long_is_not_echoed_back_whole()
    {
        using var visitor = Visitor();
        var token = await TokenAsync(visitor, "/contact?lang=en");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "token" },
            { new StringContent("v@example.com"), "email" },
            { new StringContent(new string('z', 90_000)), "message" },
        };
        var response = await visitor.PostAsync("/contact?lang=en", form, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains(new string('z', 10_000), html, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('z', 10_001), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_contact_forms_acknowledgement_repeats_nothing_the_visitor_wrote()
    {
        using var visitor = Visitor();
        var token = await TokenAsync(visitor, "/contact?lang=en");
        var email = $"victim-{Guid.NewGuid():N}@example.com";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "token" },
            { new StringContent("Cheap pills at spam.example"), "name" },
            { new StringContent(email), "email" },
            { new StringContent("returns"), "topic" },
            { new StringContent("Visit http://spam.example for prizes"), "message" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.PostAsync("/contact?lang=en", form, Ct)).StatusCode);
        var ack = await App.InScopeAsync<TouchpointDb, OutboxMessage>(db =>
            db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Recipient.Contains(email) && m.Kind == "conversation.received", Ct));
        foreach (var text in new[] { ack.Title ?? "", ack.Body, ack.HtmlBody ?? "", ack.Recipient })
        {
            Assert.DoesNotContain("spam.example", text, StringComparison.Ordinal);
        }
        Assert.Equal(email, ack.Recipient);
        Assert.Contains("Returns", ack.Body, StringComparison.Ordinal);
    }
}

public sealed class HardeningSqliteTests(HardeningSqliteApp app) : HardeningTests(app), IClassFixture<HardeningSqliteApp>;

public sealed class HardeningPostgresTests(HardeningPostgresApp app) : HardeningTests(app), IClassFixture<HardeningPostgresApp>;
