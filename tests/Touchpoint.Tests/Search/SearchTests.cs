using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Search;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Search;

/// <summary>Search everywhere through the real API, on SQLite (FTS5) and PostgreSQL (tsvector + GIN).</summary>
public abstract class SearchTests(TouchpointApp fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TouchpointApp App => fixture.Ready();

    private static string Unique() => "w" + Guid.NewGuid().ToString("N")[..10];

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient api, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static async Task<long> CreateAsync(HttpClient api, string subject, string body, string language, string? email = null, string name = "Anna Nowak", string? phone = null)
    {
        var (status, created) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations", new
        {
            channel = "email", subject, body, acknowledge = false,
            customer = new { email = email ?? $"c-{Guid.NewGuid():N}@example.com", name, language, phone },
        });
        Assert.True(status is HttpStatusCode.Created, $"{status}: {created}");
        return created!["number"]!.GetValue<long>();
    }

    private static async Task<JsonNode> SearchAsync(HttpClient api, string q, string? kinds = null)
    {
        var response = await api.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}{(kinds is null ? "" : "&kinds=" + kinds)}&limit=20", Ct);
        var body = await Api.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{q}: {(int)response.StatusCode} {body}");
        return body!;
    }

    private static List<string> Ids(JsonNode result, string kind) =>
        result["groups"]!.AsArray().Single(g => g!["kind"]!.GetValue<string>() == kind)!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

    private static string Text(long number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Finds_russian_and_polish_text_by_words_prefix_and_number()
    {
        var api = await App.ApiClientAsync();
        var tag = Unique();
        var ru = await CreateAsync(api, $"Где моя посылка {tag}", "Здравствуйте! Посылка не пришла, заказ задерживается уже неделю.", "ru");
        var pl = await CreateAsync(api, $"Zażółć gęślą jaźń {tag}", "Paczka przyszła uszkodzona, proszę o zwrot pieniędzy.", "pl");

        // Prefix (type-ahead) on both providers; another inflection through the Russian dictionary on PostgreSQL.
        Assert.Contains(Text(ru), Ids(await SearchAsync(api, $"{tag} посыл"), "conversations"));
        if (App.Provider == Provider.Postgres)
        {
            Assert.Contains(Text(ru), Ids(await SearchAsync(api, $"{tag} посылку"), "conversations"));
            Assert.Contains(Text(ru), Ids(await SearchAsync(api, $"{tag} задерживались"), "conversations"));
        }
        // Polish diacritics folded: typed without them, or with them.
        Assert.Contains(Text(pl), Ids(await SearchAsync(api, $"gesla jazn {tag}"), "conversations"));
        Assert.Contains(Text(pl), Ids(await SearchAsync(api, $"Gęślą {tag}"), "conversations"));
        Assert.DoesNotContain(Text(ru), Ids(await SearchAsync(api, $"gesla {tag}"), "conversations"));

        // The number, with and without #, first; the snippet is HTML with the match marked.
        var byNumber = await SearchAsync(api, $"#{pl}");
        Assert.Equal(Text(pl), Ids(byNumber, "conversations")[0]);
        Assert.Equal(Text(pl), Ids(await SearchAsync(api, Text(pl)), "conversations")[0]);
        var hit = (await SearchAsync(api, $"{tag} zwrot", "conversations"))["groups"]![0]!["items"]![0]!;
        Assert.Contains("<mark>zwrot</mark>", hit["snippet"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"/conversations/{pl}", hit["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_message_is_findable_as_soon_as_it_is_saved()
    {
        var api = await App.ApiClientAsync();
        var number = await CreateAsync(api, "Delivery", "Where is it?", "en");
        var word = Unique();
        Assert.DoesNotContain(Text(number), Ids(await SearchAsync(api, word), "conversations"));
        var (status, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "note", body = $"Courier reference <b>{word}</b> & more" });
        Assert.Equal(HttpStatusCode.Created, status);
        var result = await SearchAsync(api, word);
        Assert.Equal([Text(number)], Ids(result, "conversations"));
        var snippet = result["groups"]![0]!["items"]![0]!["snippet"]!.GetValue<string>();
        // PostgreSQL's parser drops tag-like text from the headline; SQLite keeps it, escaped. Never live HTML.
        if (App.Provider == Provider.Sqlite)
        {
            Assert.Contains("&lt;b&gt;", snippet, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("<b>", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finds_customers_by_name_email_and_phone_in_another_format_and_orders_by_number()
    {
        var api = await App.ApiClientAsync();
        var surname = "Łukasiewicz" + Unique();
        var email = $"{Unique()}@example.com";
        var order = Api.NewNumber("S");
        var (put, _) = await api.PutOrderAsync(order, new
        {
            customer = new { email, name = $"Zofia {surname}", phone = "+48 601 234 567", language = "pl" },
            items = new[] { new { sku = "SKU-1", name = "Buty", quantity = 1, unitPrice = 10m } },
            currency = "PLN",
            shippingAddress = new { name = "Zofia", line1 = "ul. Prosta 1", city = "Warszawa", postalCode = "00-001", country = "PL" },
            carrier = "InPost", trackingNumber = "TRK" + order[2..],
        });
        Assert.True(put is HttpStatusCode.Created or HttpStatusCode.OK, put.ToString());

        var byName = Ids(await SearchAsync(api, "zofia " + surname.ToLowerInvariant().Replace('ł', 'l')[..8], "customers"), "customers");
        var id = Assert.Single(byName);
        Assert.Equal([id], Ids(await SearchAsync(api, email.ToUpperInvariant(), "customers"), "customers"));
        Assert.Contains(id, Ids(await SearchAsync(api, "0048 601-234-567", "customers"), "customers"));
        Assert.Contains(id, Ids(await SearchAsync(api, "(601) 234 567", "customers"), "customers"));
        Assert.Equal([order], Ids(await SearchAsync(api, order, "orders"), "orders"));
        Assert.Equal([order], Ids(await SearchAsync(api, "TRK" + order[2..], "orders"), "orders"));
    }

    [Fact]
    public async Task Hostile_or_invalid_text_never_breaks_the_query()
    {
        var api = await App.ApiClientAsync();
        var tag = Unique();
        var number = await CreateAsync(api, $"Broken {tag}", "NEAR the \"door\" * OR something", "en");
        foreach (var q in new[] { "\"", "*", "NEAR(", "a OR b AND NOT c", $"\"{tag}", "foo:* & !bar | (baz", "'; DROP TABLE customers; --", "^col:x", "{}[]", "\\", "-", "#", "@", "++" })
        {
            await SearchAsync(api, q);
        }
        Assert.Contains(Text(number), Ids(await SearchAsync(api, $"\"{tag}\" NEAR* door\""), "conversations"));

        foreach (var (q, field) in new[] { ("", "q"), ("   ", "q"), ("a\u0007b", "q"), (new string('x', 201), "q") })
        {
            var response = await api.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await Api.ReadAsync(response))!["errors"]![field]);
        }
        var badKind = await api.GetAsync("/api/v1/search?q=x&kinds=tickets&limit=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        var errors = (await Api.ReadAsync(badKind))!["errors"]!;
        Assert.NotNull(errors["kinds"]);
        Assert.NotNull(errors["limit"]);
    }

    [Fact]
    public async Task Only_staff_search_and_an_erased_customer_is_not_found()
    {
        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/search?q=anna", Ct)).StatusCode);

        var api = await App.ApiClientAsync();
        var word = Unique();
        var name = "Erasmus" + Unique();
        var email = $"{Unique()}@example.com";
        var number = await CreateAsync(api, $"Private {word}", $"My address is {word} street", "en", email, name);
        var agent = await App.SignedInAsync("Agent");
        Assert.Contains(Text(number), Ids(await SearchAsync(agent, word), "conversations"));
        var id = Assert.Single(Ids(await SearchAsync(agent, name), "customers"));

        var owner = await App.SignedInAsync("Admin");
        var (status, _) = await SendAsync(owner, HttpMethod.Post, $"/api/v1/customers/{id}/erase");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Ids(await SearchAsync(agent, word), "conversations"));
        Assert.Empty(Ids(await SearchAsync(agent, name), "customers"));
        Assert.Empty(Ids(await SearchAsync(agent, email), "customers"));
        Assert.Equal(Text(number), Assert.Single(Ids(await SearchAsync(agent, Text(number)), "conversations")));
    }

    [Fact]
    public async Task The_backfill_indexes_what_the_live_index_never_saw()
    {
        var api = await App.ApiClientAsync();
        var word = Unique();
        var number = await CreateAsync(api, $"Old {word}", "From before the index", "en", name: "Backfill " + word);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            await db.Set<ConversationDocument>().Where(d => d.Number == number).ExecuteDeleteAsync(Ct);
            var customer = await db.Set<CustomerTerm>().Where(t => t.Term == word).Select(t => t.CustomerId).SingleAsync(Ct);
            await db.Set<CustomerTerm>().Where(t => t.CustomerId == customer).ExecuteDeleteAsync(Ct);
        }
        Assert.Empty(Ids(await SearchAsync(api, word), "conversations"));
        Assert.True(await App.Get<SearchBackfill>().RunNowAsync(Ct) >= 1);
        Assert.Contains(Text(number), Ids(await SearchAsync(api, word), "conversations"));
        Assert.Single(Ids(await SearchAsync(api, word, "customers"), "customers"));
    }
}

public sealed class SearchSqliteTests(SqliteApp app) : SearchTests(app), IClassFixture<SqliteApp>;

public sealed class SearchPostgresTests(PostgresApp app) : SearchTests(app), IClassFixture<PostgresApp>;
