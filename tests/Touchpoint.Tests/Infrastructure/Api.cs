using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Touchpoint.Tests.Infrastructure;

/// <summary>Small helpers over the HTTP API, so tests read as the store's platform would use it.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NewNumber(string prefix = "T") => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public static object Order(string email = "anna@example.com", string name = "Anna Nowak", string language = "pl", string? currency = "PLN") => new
    {
        customer = new { email, name, phone = "+48 600 100 200", language },
        items = new[] { new { sku = "SKU-1", name = "Buty do biegania", quantity = 1, unitPrice = 249.99m } },
        currency,
        shippingAddress = new { name, line1 = "ul. Prosta 1", city = "Warszawa", postalCode = "00-001", country = "PL" },
    };

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> PutOrderAsync(this HttpClient client, string number, object? body = null)
    {
        var response = await client.PutAsJsonAsync($"/api/v1/orders/{number}", body ?? Order(), Json, TestContext.Current.CancellationToken);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> PostEventAsync(this HttpClient client, string number, string status, string? eventId = null, object? extra = null)
    {
        var payload = new JsonObject { ["eventId"] = eventId ?? Guid.NewGuid().ToString(), ["status"] = status };
        if (extra is not null)
        {
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra, Json)!.AsObject())
            {
                payload[key] = value?.DeepClone();
            }
        }
        var response = await client.PostAsJsonAsync($"/api/v1/orders/{number}/events", payload, Json, TestContext.Current.CancellationToken);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static async Task<JsonNode> GetOrderAsync(this HttpClient client, string number)
    {
        var response = await client.GetAsync($"/api/v1/orders/{number}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadAsync(response))!;
    }

    public static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }
}
