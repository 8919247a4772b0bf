using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Orders;

public abstract class OrdersApiTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_creates_the_order_as_placed_then_updates_it()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber();
        var (created, body) = await api.PutOrderAsync(number);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("placed", body!["status"]!.GetValue<string>());
        Assert.Equal("anna@example.com", body["customer"]!["email"]!.GetValue<string>());
        Assert.StartsWith("https://shop.test/track/", body["trackingUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("order.placed", body["notifications"]![0]!["kind"]!.GetValue<string>());

        var (same, unchanged) = await api.PutOrderAsync(number);
        Assert.Equal(HttpStatusCode.OK, same);
        Assert.Single(unchanged!["history"]!.AsArray());

        var (updated, again) = await api.PutOrderAsync(number, Api.Order(name: "Anna Kowalska"));
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.Equal("Anna Kowalska", again!["customer"]!["name"]!.GetValue<string>());
        Assert.Equal(["status", "updated"], again["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
        Assert.Single(again["notifications"]!.AsArray());
    }

    [Fact]
    public async Task An_event_moves_the_order_and_records_history()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber();
        await api.PutOrderAsync(number);
        var (status, body) = await api.PostEventAsync(number, "shipped", extra: new { carrier = "InPost", trackingNumber = "6200 1234", note = "Parcel locker" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("shipped", body!["status"]!.GetValue<string>());
        Assert.Equal("InPost", body["carrier"]!.GetValue<string>());
        var history = body["history"]!.AsArray();
        Assert.Equal(["placed", "shipped"], history.Select(h => h!["to"]!.GetValue<string>()));
        Assert.Equal("Parcel locker", history[1]!["note"]!.GetValue<string>());
        Assert.StartsWith("api:", history[1]!["actor"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_event_id_twice_changes_nothing()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber();
        await api.PutOrderAsync(number);
        var first = await api.PostEventAsync(number, "accepted", "evt-1");
        var second = await api.PostEventAsync(number, "accepted", "evt-1");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(2, second.Body!["history"]!.AsArray().Count);
        Assert.Equal(2, second.Body["notifications"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_same_event_sent_concurrently_is_applied_once()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber();
        await api.PutOrderAsync(number);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.PostEventAsync(number, "packed", "evt-race")));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var order = await api.GetOrderAsync(number);
        Assert.Equal(2, order["history"]!.AsArray().Count);
        Assert.Equal(2, order["notifications"]!.AsArray().Count);
    }

    [Fact]
    public async Task Moving_back_is_a_conflict_with_the_reason()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber();
        await api.PutOrderAsync(number);
        await api.PostEventAsync(number, "shipped");
        var (status, body) = await api.PostEventAsync(number, "packed");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal($"Order {number} is already shipped; it cannot move back to packed.", body!["detail"]!.GetValue<string>());
        Assert.Equal("shipped", (await api.GetOrderAsync(number))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Paid_twice_is_a_conflict()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber();
        await api.PutOrderAsync(number);
        Assert.Equal(HttpStatusCode.OK, (await api.PostEventAsync(number, "paid")).Status);
        var (status, body) = await api.PostEventAsync(number, "paid");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.StartsWith($"Order {number} is already paid (at ", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_after_shipping_and_return_before_delivery_are_conflicts()
    {
        var api = await App.ApiClientAsync();
        var shipped = Api.NewNumber();
        await api.PutOrderAsync(shipped);
        await api.PostEventAsync(shipped, "shipped");
        static string Detail((HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body) answer)
        {
            Assert.Equal(HttpStatusCode.Conflict, answer.Status);
            return answer.Body!["detail"]!.GetValue<string>();
        }
        Assert.Equal($"Order {shipped} is already shipped; it can be cancelled only before it is shipped (a delivered order can be returned).",
            Detail(await api.PostEventAsync(shipped, "cancelled")));
        Assert.Equal($"Order {shipped} is shipped; it can be returned only after it is delivered.", Detail(await api.PostEventAsync(shipped, "returned")));
        Assert.Equal(HttpStatusCode.OK, (await api.PostEventAsync(shipped, "delivered")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostEventAsync(shipped, "returned")).Status);
        Assert.Equal($"Order {shipped} is returned; it can no longer be paid.", Detail(await api.PostEventAsync(shipped, "paid")));
    }

    [Theory]
    [InlineData("{\"eventId\":\"e\",\"status\":\"teleported\"}", "status")]
    [InlineData("{\"status\":\"accepted\"}", "eventId")]
    [InlineData("{\"eventId\":\"e\",\"status\":\"Accepted\"}", "status")]
    [InlineData("{\"eventId\":\"e\",\"status\":\"accepted\",\"occurredAt\":\"2999-01-01T00:00:00Z\"}", "occurredAt")]
    public async Task A_bad_event_is_a_validation_problem(string json, string field)
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber();
        await api.PutOrderAsync(number);
        var response = await api.PostAsync($"/api/v1/orders/{number}/events", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await Api.ReadAsync(response);
        Assert.NotNull(body!["errors"]![field]);
    }

    [Theory]
    [InlineData("{\"eventId\":")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public async Task A_malformed_body_is_400_problem(string json)
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber();
        await api.PutOrderAsync(number);
        var response = await api.PostAsync($"/api/v1/orders/{number}/events", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("placed", (await api.GetOrderAsync(number))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_order_is_404()
    {
        var api = await App.ApiClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostEventAsync("NOPE-1", "accepted")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/orders/NOPE-1", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_bad_order_lists_every_field_error_and_stores_nothing()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber();
        var (status, body) = await api.PutOrderAsync(number, new
        {
            customer = new { email = "not-an-email", language = "de", phone = "call me" },
            items = new[] { new { name = "", quantity = 0, unitPrice = -1m } },
            currency = "euro",
            total = -5m,
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body!["errors"]!.AsObject();
        foreach (var field in new[] { "customer.email", "customer.language", "customer.phone", "items[0].name", "items[0].quantity", "items[0].unitPrice", "currency", "total" })
        {
            Assert.True(errors.ContainsKey(field), $"missing error for {field}: {errors.ToJsonString()}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/orders/{number}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-wrong-key-wrong-key")]
    [InlineData("tp_000000000000000000000000000000000000000000")]
    public async Task No_or_a_wrong_key_is_401(string? key)
    {
        var client = App.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        var response = await client.GetAsync("/api/v1/orders/anything", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var put = await client.PutAsJsonAsync($"/api/v1/orders/{Api.NewNumber()}", Api.Order(), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
    }

    [Fact]
    public async Task Keys_are_stored_hashed()
    {
        var api = await App.ApiClientAsync("hash-check");
        var key = api.DefaultRequestHeaders.Authorization!.Parameter!;
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var stored = await db.Set<Touchpoint.Features.Identity.ApiKey>().SingleAsync(k => k.Name == "hash-check", Ct);
        Assert.NotEqual(key, stored.Hash);
        Assert.DoesNotContain(key, stored.Hash, StringComparison.Ordinal);
        Assert.Equal(Touchpoint.Features.Identity.ApiKeys.HashOf(key), stored.Hash);
    }

    [Fact]
    public async Task A_status_change_and_its_notification_are_written_together()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber();
        await api.PutOrderAsync(number);
        await api.PostEventAsync(number, "accepted");
        await api.PostEventAsync(number, "paid");
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var order = await db.Set<Order>().AsNoTracking().SingleAsync(o => o.Number == number, Ct);
        var kinds = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.SubjectId == order.Id).OrderBy(m => m.CreatedAt).Select(m => m.Kind).ToListAsync(Ct);
        // The test clock stands still, so the three rows share a timestamp: compare what was written, not the order.
        Assert.Equal(["order.accepted", "order.paid", "order.placed"], kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_list_filters_by_status_search_and_delay()
    {
        var api = await App.ApiClientAsync();
        var email = $"list-{Guid.NewGuid():N}@example.com";
        var late = Api.NewNumber("L");
        var fresh = Api.NewNumber("F");
        await api.PutOrderAsync(late, Api.Order(email: email));
        App.Clock.Advance(TimeSpan.FromHours(5));
        await api.PutOrderAsync(fresh, Api.Order(email: email));
        var all = await api.GetFromJsonAsync<OrderPage>($"/api/v1/orders?q={email}", Ct);
        Assert.Equal([fresh, late], all!.Items.Select(o => o.Number));
        var delayed = await api.GetFromJsonAsync<OrderPage>($"/api/v1/orders?q={email}&delayed=true", Ct);
        Assert.Equal([late], delayed!.Items.Select(o => o.Number));
        Assert.True(delayed.Items[0].Delayed);
        var byNumber = await api.GetFromJsonAsync<OrderPage>($"/api/v1/orders?q={fresh}&status=placed", Ct);
        Assert.Equal([fresh], byNumber!.Items.Select(o => o.Number));
        var bad = await api.GetAsync("/api/v1/orders?status=lost&pageSize=9999", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}

public sealed class OrdersApiSqliteTests(SqliteApp app) : OrdersApiTests(app), IClassFixture<SqliteApp>;

public sealed class OrdersApiPostgresTests(PostgresApp app) : OrdersApiTests(app), IClassFixture<PostgresApp>;
