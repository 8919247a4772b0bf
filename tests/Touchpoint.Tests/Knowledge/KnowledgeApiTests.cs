using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Touchpoint.Features.Identity;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Knowledge;

/// <summary>Knowledge through the HTTP API and the public help centre, as a service owner, an integration and a customer use them.</summary>
public abstract partial class KnowledgeApiTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;


    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static void AssertInvalid((HttpStatusCode Status, JsonNode? Body) result, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(400, result.Body!["status"]!.GetValue<int>());
        Assert.NotNull(result.Body!["errors"]![field]);
    }

    // ---- Topics ----

    [Fact]
    public async Task A_topic_is_added_renamed_reordered_and_deactivated()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var key = $"gift_cards_{Guid.NewGuid().ToString("N")[..6]}";
        var (created, body) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/topics/{key}", new { en = "Gift cards", ru = "Подарочные карты", pl = "Karty podarunkowe" });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.True(body!["active"]!.GetValue<bool>());
        Assert.True(body["position"]!.GetValue<int>() > 7);

        var (changed, after) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/topics/{key}", new { en = "Gift vouchers", ru = "Сертификаты", pl = "Bony", position = 0, active = false });
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal("Gift vouchers", after!["en"]!.GetValue<string>());

        var list = (await Api.ReadAsync(await owner.GetAsync("/api/v1/topics", Ct)))!.AsArray();
        var topic = list.Single(t => t!["key"]!.GetValue<string>() == key)!;
        Assert.Equal("Сертификаты", topic["ru"]!.GetValue<string>());
        Assert.False(topic["active"]!.GetValue<bool>());
        Assert.Equal(key, list[0]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_topic_input_is_a_validation_problem()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/topics/Gift Cards", new { en = "a", ru = "b", pl = "c" }), "key");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/topics/gift_cards", new { en = "Gift cards", ru = "", pl = "c" }), "ru");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/topics/gift_cards", new { en = new string('x', 101), ru = "b", pl = "c" }), "en");
    }

    [Fact]
    public async Task Settings_need_a_service_owner_and_reading_needs_staff()
    {
        var integration = await App.ApiClientAsync();
        var (status, _) = await SendAsync(integration, HttpMethod.Put, "/api/v1/topics/other", new { en = "a", ru = "b", pl = "c" });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(integration, HttpMethod.Post, "/api/v1/canned-replies", new { title = "x", language = "en", body = "x" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(integration, HttpMethod.Get, "/api/v1/canned-replies?language=en")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/v1/procedures/returns", Ct)).StatusCode);
    }

    // ---- Procedures ----

    [Fact]
    public async Task Seeded_topics_have_a_default_procedure_in_each_language()
    {
        var api = await App.ApiClientAsync();
        var (status, ru) = await SendAsync(api, HttpMethod.Get, "/api/v1/procedures/order_fulfilment?language=ru");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ru", ru!["language"]!.GetValue<string>());
        Assert.StartsWith("Выполнение заказа", ru["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(ru["custom"]!.GetValue<bool>());
        Assert.Contains("<ol>", ru["html"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("<strong>", ru["html"]!.GetValue<string>(), StringComparison.Ordinal);
        var pl = (await SendAsync(api, HttpMethod.Get, "/api/v1/procedures/returns?language=pl")).Body!;
        Assert.Contains("14 dni", pl["markdown"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, "/api/v1/procedures/no_such_topic?language=en")).Status);
        AssertInvalid(await SendAsync(api, HttpMethod.Get, "/api/v1/procedures/returns?language=de"), "language");
    }

    [Fact]
    public async Task An_edited_procedure_is_sanitized_and_records_who_changed_it()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var markdown = "1. Check the order\n2. <script>alert('x')</script> Call the warehouse\n\n[Open](javascript:alert(1)) and <a href=\"javascript:alert(2)\">raw</a> <img src=x onerror=alert(3)>";
        var (status, saved) = await SendAsync(owner, HttpMethod.Put, "/api/v1/procedures/complaints/en", new { title = "Complaints, our way", markdown });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(saved!["custom"]!.GetValue<bool>());
        Assert.StartsWith("user:owner-", saved["updatedBy"]!.GetValue<string>(), StringComparison.Ordinal);

        var read = (await SendAsync(owner, HttpMethod.Get, "/api/v1/procedures/complaints?language=en")).Body!;
        var html = read["html"]!.GetValue<string>();
        Assert.Equal("Complaints, our way", read["title"]!.GetValue<string>());
        Assert.Contains("Check the order", html, StringComparison.Ordinal);
        ActiveContent.AssertNone(html);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        // Raw HTML in Markdown is shown as text, never as markup.
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        // The other languages keep their defaults.
        Assert.False((await SendAsync(owner, HttpMethod.Get, "/api/v1/procedures/complaints?language=pl")).Body!["custom"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Bad_procedure_input_is_a_validation_problem()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/procedures/returns/de", new { title = "Returns", markdown = "Text" }), "language");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/procedures/no_such_topic/en", new { title = "Returns", markdown = "Text" }), "topic");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/procedures/returns/en", new { title = " ", markdown = "Text" }), "title");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/procedures/returns/en", new { title = "Returns", markdown = "" }), "markdown");
    }

    // ---- Canned replies ----

    [Fact]
    public async Task Seeded_canned_replies_list_by_language_with_the_topic_first()
    {
        var api = await App.ApiClientAsync();
        var (status, body) = await SendAsync(api, HttpMethod.Get, "/api/v1/canned-replies?language=pl&topic=payment_status");
        Assert.Equal(HttpStatusCode.OK, status);
        var list = body!.AsArray();
        Assert.All(list, r => Assert.Equal("pl", r!["language"]!.GetValue<string>()));
        Assert.All(list, r => Assert.True(r!["topic"] is null || r["topic"]!.GetValue<string>() == "payment_status"));
        Assert.Equal("payment-received", list[0]!["shortcut"]!.GetValue<string>());
        var all = (await SendAsync(api, HttpMethod.Get, "/api/v1/canned-replies?language=ru")).Body!.AsArray();
        Assert.Contains(all, r => r!["shortcut"]!.GetValue<string>() == "where-is-my-order" && r["body"]!.GetValue<string>().Contains("{{ order.number }}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_canned_reply_is_created_changed_deactivated_and_deleted()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var shortcut = $"t-{Guid.NewGuid().ToString("N")[..8]}";
        var (created, reply) = await SendAsync(owner, HttpMethod.Post, "/api/v1/canned-replies",
            new { title = "Gift wrap", language = "en", topic = "product_question", body = "Hi {{ customer.name }}, we wrap order {{ order.number }} for free.", shortcut = "/" + shortcut.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.Created, created);
        var id = reply!["id"]!.GetValue<Guid>();
        Assert.Equal(shortcut, reply["shortcut"]!.GetValue<string>());
        Assert.True(reply["active"]!.GetValue<bool>());

        var (changed, after) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/canned-replies/{id}",
            new { title = "Gift wrapping", language = "en", topic = (string?)null, body = "Hello {{ customer.name }}!", shortcut, active = false });
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Null(after!["topic"]);
        var active = (await SendAsync(owner, HttpMethod.Get, "/api/v1/canned-replies?language=en")).Body!.AsArray();
        Assert.DoesNotContain(active, r => r!["id"]!.GetValue<Guid>() == id);
        var everything = (await SendAsync(owner, HttpMethod.Get, "/api/v1/canned-replies?language=en&includeInactive=true")).Body!.AsArray();
        Assert.Contains(everything, r => r!["id"]!.GetValue<Guid>() == id);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(owner, HttpMethod.Delete, $"/api/v1/canned-replies/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner, HttpMethod.Delete, $"/api/v1/canned-replies/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner, HttpMethod.Put, $"/api/v1/canned-replies/{id}", new { title = "x", language = "en", body = "x" })).Status);
    }

    [Fact]
    public async Task Bad_canned_reply_input_is_a_validation_problem()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        AssertInvalid(await SendAsync(owner, HttpMethod.Post, "/api/v1/canned-replies", new { title = "Bad", language = "en", body = "Hello {% if customer.name %} no end" }), "body");
        AssertInvalid(await SendAsync(owner, HttpMethod.Post, "/api/v1/canned-replies", new { title = "Bad", language = "de", body = "Hallo" }), "language");
        AssertInvalid(await SendAsync(owner, HttpMethod.Post, "/api/v1/canned-replies", new { title = "", language = "en", body = "Hello" }), "title");
        AssertInvalid(await SendAsync(owner, HttpMethod.Post, "/api/v1/canned-replies", new { title = "x", language = "en", body = "" }), "body");
        AssertInvalid(await SendAsync(owner, HttpMethod.Post, "/api/v1/canned-replies", new { title = "x", language = "en", body = "x", topic = "nope" }), "topic");
        AssertInvalid(await SendAsync(owner, HttpMethod.Post, "/api/v1/canned-replies", new { title = "x", language = "en", body = "x", shortcut = "has space" }), "shortcut");
        // The seeded shortcut is taken in English, free in another language only for that language's replies.
        AssertInvalid(await SendAsync(owner, HttpMethod.Post, "/api/v1/canned-replies", new { title = "x", language = "en", body = "x", shortcut = "return-policy" }), "shortcut");
        AssertInvalid(await SendAsync(owner, HttpMethod.Get, "/api/v1/canned-replies?language=xx"), "language");
        var (status, _) = await SendAsync(owner, HttpMethod.Post, "/api/v1/canned-replies", null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    // ---- Help articles (API) ----

    [Fact]
    public async Task Bad_article_input_is_a_validation_problem()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/help/articles/en/Bad Slug", new { title = "x", markdown = "x" }), "slug");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/help/articles/de/gifts", new { title = "x", markdown = "x" }), "language");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/help/articles/en/gifts", new { title = "", markdown = "x" }), "title");
        AssertInvalid(await SendAsync(owner, HttpMethod.Put, "/api/v1/help/articles/en/gifts", new { title = "x", markdown = "x", topic = "nope" }), "topic");
        var integration = await App.ApiClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(integration, HttpMethod.Put, "/api/v1/help/articles/en/gifts", new { title = "x", markdown = "x" })).Status);
    }

    [Fact]
    public async Task An_article_is_published_changed_hidden_and_deleted_and_the_help_centre_follows()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var slug = $"gift-wrap-{Guid.NewGuid().ToString("N")[..6]}";
        var page = App.CreateClient();
        var (created, body) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/help/articles/en/{slug}",
            new { title = "Gift wrapping", markdown = "We wrap **every** order for free.", topic = "product_question" });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.True(body!["published"]!.GetValue<bool>());
        Assert.Contains("Gift wrapping", await page.GetStringAsync("/help?lang=en", Ct), StringComparison.Ordinal);
        var article = await page.GetStringAsync($"/help/{slug}?lang=en", Ct);
        Assert.Contains("<strong>every</strong>", article, StringComparison.Ordinal);
        Assert.Contains("Product question", article, StringComparison.Ordinal);

        var (changed, _) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/help/articles/en/{slug}", new { title = "Gift wrapping", markdown = "Soon.", published = false });
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/help/{slug}?lang=en", Ct)).StatusCode);
        Assert.DoesNotContain("Gift wrapping", await page.GetStringAsync("/help?lang=en", Ct), StringComparison.Ordinal);
        Assert.Equal("Soon.", (await SendAsync(owner, HttpMethod.Get, $"/api/v1/help/articles/en/{slug}")).Body!["markdown"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(owner, HttpMethod.Delete, $"/api/v1/help/articles/en/{slug}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner, HttpMethod.Get, $"/api/v1/help/articles/en/{slug}")).Status);
    }

    // ---- Help centre (public pages) ----

    [Fact]
    public async Task The_help_centre_lists_articles_by_topic_in_the_language_asked()
    {
        var response = await App.CreateClient().GetAsync("/help?lang=ru", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"ru\">", html, StringComparison.Ordinal);
        Assert.Contains("Центр помощи", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Выполнение заказа</h2>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/help/delivery-times?lang=ru\">Сроки доставки</a>", html, StringComparison.Ordinal);
        Assert.Contains("hreflang=\"pl\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.True(response.Headers.CacheControl.MaxAge > TimeSpan.Zero);

        // Without ?lang= the request culture decides, and caches are told so.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/help");
        request.Headers.AcceptLanguage.ParseAdd("pl-PL");
        var polish = await App.CreateClient().SendAsync(request, Ct);
        Assert.Contains("<html lang=\"pl\">", await polish.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("Accept-Language", polish.Headers.Vary);
    }

    [Fact]
    public async Task Search_finds_words_in_any_case_in_title_and_body()
    {
        var page = App.CreateClient();
        var ru = await page.GetStringAsync("/help?lang=ru&q=" + Uri.EscapeDataString("ВОЗВРАТ"), Ct);
        Assert.Contains("/help/returns?lang=ru", ru, StringComparison.Ordinal);
        Assert.DoesNotContain("/help/payment-methods?lang=ru", ru, StringComparison.Ordinal);
        Assert.Contains("value=\"ВОЗВРАТ\"", ru, StringComparison.Ordinal);
        // A word from the body, in Polish with diacritics, upper-cased; several words must all appear.
        var pl = await page.GetStringAsync("/help?lang=pl&q=" + Uri.EscapeDataString("PRZEWOŹNIKA"), Ct);
        Assert.Contains("/help/delivery-times?lang=pl", pl, StringComparison.Ordinal);
        Assert.DoesNotContain("/help/payment-methods?lang=pl", pl, StringComparison.Ordinal);
        var both = await page.GetStringAsync("/help?lang=pl&q=" + Uri.EscapeDataString("przewoźnika magazyn"), Ct);
        Assert.Contains("/help/delivery-times?lang=pl", both, StringComparison.Ordinal);
        Assert.DoesNotContain("/help/track-your-order?lang=pl", both, StringComparison.Ordinal);
        // LIKE wildcards are matched literally.
        var wildcard = await page.GetStringAsync("/help?lang=en&q=%25", Ct);
        Assert.DoesNotContain("<ul class=\"articles\">", wildcard, StringComparison.Ordinal);
        var underscore = await page.GetStringAsync("/help?lang=en&q=_", Ct);
        Assert.DoesNotContain("<ul class=\"articles\">", underscore, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_article_page_links_to_tracking_and_unknown_or_unpublished_slugs_are_404()
    {
        var page = App.CreateClient();
        var response = await page.GetAsync("/help/track-your-order?lang=pl", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<h1>Jak śledzić zamówienie</h1>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/track\"", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var missing = await page.GetAsync("/help/no-such-article?lang=en", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Article not found", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync("/help/..%2F..%2Fetc?lang=en", Ct)).StatusCode);

        var owner = await App.SignedInAsync("ServiceOwner");
        var slug = $"draft-{Guid.NewGuid().ToString("N")[..6]}";
        await SendAsync(owner, HttpMethod.Put, $"/api/v1/help/articles/ru/{slug}", new { title = "Черновик", markdown = "Скоро.", published = false });
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/help/{slug}?lang=ru", Ct)).StatusCode);
    }

    [Fact]
    public async Task Everything_on_the_help_pages_is_escaped_or_sanitized()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var slug = $"xss-{Guid.NewGuid().ToString("N")[..6]}";
        var (status, _) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/help/articles/en/{slug}", new
        {
            title = "<img src=x onerror=alert(1)> Title",
            markdown = "Hi <script>alert('body')</script>\n\n[click](javascript:alert(2)) <a href=\"javascript:alert(3)\">raw</a>\n\n<iframe src=\"https://evil.test\"></iframe>",
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var page = App.CreateClient();
        var article = await page.GetStringAsync($"/help/{slug}?lang=en", Ct);
        // The page's own <style> block is the one allowed; the article must add nothing active.
        ActiveContent.AssertNone(article[article.IndexOf("<body>", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("<img", article, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; Title", article, StringComparison.Ordinal);

        var index = await page.GetStringAsync("/help?lang=en", Ct);
        Assert.DoesNotContain("<img", index, StringComparison.OrdinalIgnoreCase);
        var search = await page.GetStringAsync("/help?lang=en&q=" + Uri.EscapeDataString("\"><script>alert(4)</script>"), Ct);
        Assert.DoesNotContain("<script", search, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&quot;&gt;&lt;script&gt;", search, StringComparison.Ordinal);
    }
}

public sealed class KnowledgeApiSqliteTests(SqliteApp app) : KnowledgeApiTests(app), IClassFixture<SqliteApp>;

public sealed class KnowledgeApiPostgresTests(PostgresApp app) : KnowledgeApiTests(app), IClassFixture<PostgresApp>;
