using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Knowledge;
using Touchpoint.Features.Notifications;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Text;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Platform;

/// <summary>Hostile mail, Markdown and templates through the real API: stored safely, refused with a field error, never a crash.</summary>
public abstract class HostileContentTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Tag() => Guid.NewGuid().ToString("N")[..12];

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PushAsync(HttpClient api, string raw)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var response = await api.PostAsync("/api/v1/channels/email/inbound", content, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string url, object body, string? language = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: Api.Json) };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static string FieldError((HttpStatusCode Status, JsonNode? Body) result, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        return string.Join(" ", result.Body!["errors"]![field]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    private static void AssertNoEventHandler(string html) =>
        Assert.DoesNotContain(new HtmlParser().ParseDocument(html).QuerySelectorAll("*").SelectMany(e => e.Attributes),
            a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task A_quote_in_a_content_id_never_becomes_an_event_handler()
    {
        var api = await App.ApiClientAsync();
        var tag = Tag();
        var (status, landed) = await PushAsync(api, $"""
            From: mallory@{tag}.example
            To: support@shop.test
            Subject: Photo of the damage
            Message-ID: <cid-{tag}@example.com>
            MIME-Version: 1.0
            Content-Type: multipart/related; boundary="rel"

            --rel
            Content-Type: text/html; charset=utf-8

            <p>See the photos</p><img src="cid:good@{tag}"><img src="cid:X" alt="x onerror=alert(1) y=">
            --rel
            Content-Type: image/png
            Content-ID: <good@{tag}>
            Content-Transfer-Encoding: base64

            iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==
            --rel
            Content-Type: image/png
            Content-ID: <X">
            Content-Transfer-Encoding: base64

            iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==
            --rel--
            """);
        Assert.Equal(HttpStatusCode.Created, status);
        var number = landed!["number"]!.GetValue<long>();
        var message = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!["messages"]![0]!;
        var html = message["html"]!.GetValue<string>();
        AssertNoEventHandler(html);
        var files = message["attachments"]!.AsArray();
        var good = files.Single(f => f!["contentId"]?.GetValue<string>() == $"good@{tag}")!;
        Assert.True(good["inline"]!.GetValue<bool>());
        // The part with the quote in its Content-ID is an ordinary attachment: nothing in the HTML can name it.
        var bad = files.Single(f => f!["contentId"] is null)!;
        Assert.False(bad["inline"]!.GetValue<bool>());

        // What the agent's page builds from it, with the attachments as the API serves them.
        var inline = files.Where(f => f!["contentId"] is not null).ToDictionary(f => f!["contentId"]!.GetValue<string>(), f => f!["url"]!.GetValue<string>());
        var shown = SafeHtml.ForDisplay(html, inline, allowRemoteImages: false);
        AssertNoEventHandler(shown.Html);
        Assert.Contains($"src=\"{good["url"]!.GetValue<string>()}\"", shown.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_images_are_kept_for_later_but_tracking_css_and_overlays_are_not()
    {
        var api = await App.ApiClientAsync();
        var tag = Tag();
        var (_, landed) = await PushAsync(api, $"""
            From: news@{tag}.example
            To: support@shop.test
            Subject: Hello
            Message-ID: <remote-{tag}@example.com>
            MIME-Version: 1.0
            Content-Type: text/html; charset=utf-8

            <div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999;background:url(https://t.example/bg.png) white">Sign in again</div><img src="https://t.example/pixel.gif?to=agent" alt="logo">
            """);
        var html = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{landed!["number"]}", Ct)))!["messages"]![0]!["html"]!.GetValue<string>();
        Assert.Contains("https://t.example/pixel.gif?to=agent", html, StringComparison.Ordinal);
        Assert.DoesNotContain("bg.png", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<![-\w])(position|top|left|z-index)\s*:", html);
        Assert.Contains("Sign in again", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mail_nested_fifty_thousand_deep_lands_with_its_text()
    {
        var api = await App.ApiClientAsync();
        var tag = Tag();
        var nested = string.Concat(Enumerable.Repeat("<div>", 50_000)) + "Where is my parcel?" + string.Concat(Enumerable.Repeat("</div>", 50_000));
        var (status, landed) = await PushAsync(api, $"From: deep@{tag}.example\nTo: support@shop.test\nSubject: Deep\nMessage-ID: <deep-{tag}@example.com>\n" +
            $"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n{nested}\n");
        Assert.Equal(HttpStatusCode.Created, status);
        var message = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{landed!["number"]}", Ct)))!["messages"]![0]!;
        Assert.Equal("Where is my parcel?", message["text"]!.GetValue<string>());
        Assert.Contains("Where is my parcel?", message["html"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_that_can_never_render_is_refused_on_save()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var markdown = string.Concat(Enumerable.Repeat("> ", 10_000)) + "quoted";
        var slug = $"deep-{Tag()}";
        var article = await SendAsync(owner, HttpMethod.Put, $"/api/v1/help/articles/en/{slug}", new { title = "Deep", markdown });
        Assert.Contains($"more than {SafeHtml.MaxMarkdownNesting} levels", FieldError(article, "markdown"), StringComparison.Ordinal);
        var russian = await SendAsync(owner, HttpMethod.Put, $"/api/v1/help/articles/en/{slug}", new { title = "Deep", markdown }, "ru");
        Assert.Contains("Уменьшите вложенность", FieldError(russian, "markdown"), StringComparison.Ordinal);
        var procedure = await SendAsync(owner, HttpMethod.Put, "/api/v1/procedures/returns/en", new { title = "Deep", markdown });
        Assert.Contains($"more than {SafeHtml.MaxMarkdownNesting} levels", FieldError(procedure, "markdown"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().GetAsync($"/help/{slug}?lang=en", Ct)).StatusCode);
    }

    [Fact]
    public async Task Markdown_stored_before_the_check_shows_a_notice_instead_of_an_error()
    {
        _ = App;
        var slug = $"old-deep-{Tag()}";
        // Saved the way it was possible before validation: straight through the service.
        await App.InScopeAsync<HelpArticles, (HelpArticleResponse, bool)>(a =>
            a.SaveAsync("pl", slug, new HelpArticleRequest("Stary", string.Concat(Enumerable.Repeat("> ", 10_000)) + "x", null, true, 1), "test", CancellationToken.None));
        var response = await App.CreateClient().GetAsync($"/help/{slug}?lang=pl", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("zagnieżdżone zbyt głęboko", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static string NestedLoops => "{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}<p>Order {{ order.number }} shipped.</p>{% endfor %}{% endfor %}{% endfor %}";

    [Fact]
    public async Task A_template_with_nested_loops_is_refused_quickly()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var template = new { subject = "Order {{ order.number }}", text = "Shipped.", html = NestedLoops };
        var clock = Stopwatch.StartNew();
        var preview = await SendAsync(owner, HttpMethod.Post, "/api/v1/notification-templates/order.shipped/en/preview", template);
        // Whichever limit is met first — the output size, or on a busy machine the time — refuses it.
        Assert.Matches("characters|to render", FieldError(preview, "html"));
        var save = await SendAsync(owner, HttpMethod.Put, "/api/v1/notification-templates/order.shipped/en", template, "pl");
        Assert.Matches("znaków|trwa dłużej", FieldError(save, "html"));
        var empty = await SendAsync(owner, HttpMethod.Post, "/api/v1/notification-templates/order.shipped/en/preview",
            new { subject = "x", text = "{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}{% endfor %}{% endfor %}{% endfor %}", html = "<p>x</p>" });
        Assert.Contains("to render", FieldError(empty, "text"), StringComparison.Ordinal);
        // A generous guard, not a benchmark: 9 million iterations used to take 5 s, a billion would never end.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");

        var canned = await SendAsync(owner, HttpMethod.Post, "/api/v1/canned-replies", new { title = "Loop", language = "en", body = "{% for a in (1..100000) %}x{% endfor %}" });
        Assert.Contains("more than 1000 times", FieldError(canned, "body"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_template_past_the_limits_fails_only_its_own_mail()
    {
        var api = await App.ApiClientAsync();
        // Stored the way it was possible before the limits (this class's app has its own database and template cache).
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            db.Add(new NotificationTemplate
            {
                Kind = ConversationKinds.Received, Language = "en", Subject = "#{{ conversation.number }}", Text = "ok", Html = NestedLoops, UpdatedBy = "test",
            });
            await db.SaveChangesAsync(Ct);
        }
        App.Get<TemplateStore>().Invalidate(ConversationKinds.Received, "en");
        try
        {
            var tag = Tag();
            var (status, landed) = await PushAsync(api, $"From: olga@{tag}.example\nTo: support@shop.test\nSubject: Where is it\nMessage-ID: <tpl-{tag}@example.com>\n\nWhere is my order?\n");
            Assert.Equal(HttpStatusCode.Created, status);
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            var number = landed!["number"]!.GetValue<long>();
            var conversation = await db.Set<Conversation>().SingleAsync(c => c.Number == number, Ct);
            // The conversation and its message are there; only the acknowledgement was not queued, nothing half-rendered.
            Assert.Single(await db.Set<ConversationMessage>().Where(m => m.ConversationId == conversation.Id).ToListAsync(Ct));
            Assert.Empty(await db.Set<OutboxMessage>().Where(m => m.SubjectId == conversation.Id && m.Channel == "email").ToListAsync(Ct));

            // Its reply template is the default one: a reply is still mailed.
            var reply = await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages", new { type = "reply", body = "It ships today." }, Ct);
            Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
            Assert.Equal([ConversationKinds.Reply],
                await db.Set<OutboxMessage>().Where(m => m.SubjectId == conversation.Id && m.Channel == "email").Select(m => m.Kind).ToListAsync(Ct));
        }
        finally
        {
            await App.InScopeAsync<NotificationAdmin, bool>(async a => { await a.ResetAsync(ConversationKinds.Received, "en", CancellationToken.None); return true; });
        }
    }
}

public sealed class HostileContentSqliteTests(SqliteApp app) : HostileContentTests(app), IClassFixture<SqliteApp>;

public sealed class HostileContentPostgresTests(PostgresApp app) : HostileContentTests(app), IClassFixture<PostgresApp>;
