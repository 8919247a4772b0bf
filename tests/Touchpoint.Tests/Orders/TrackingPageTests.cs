using System.Net;
using Touchpoint.Platform.Localization;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Orders;

public abstract class TrackingPageTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TokenOf(System.Text.Json.Nodes.JsonNode order) =>
        order["trackingUrl"]!.GetValue<string>().Split("/track/")[1];

    [Fact]
    public async Task The_page_shows_stages_next_step_and_tracking_in_the_order_language()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("TR");
        var (_, order) = await api.PutOrderAsync(number, Api.Order(language: "ru", name: "Иван Петров"));
        await api.PostEventAsync(number, "shipped", extra: new { carrier = "СДЭК", trackingNumber = "1234567890" });
        var page = App.CreateClient();
        var response = await page.GetAsync($"/track/{TokenOf(order!)}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"ru\">", html, StringComparison.Ordinal);
        Assert.Contains($"Заказ {number}", html, StringComparison.Ordinal);
        Assert.Contains("Передан в доставку", html, StringComparison.Ordinal);
        Assert.Contains("ожидаемая доставка", html, StringComparison.Ordinal);
        Assert.Contains("1234567890", html, StringComparison.Ordinal);
        Assert.Contains("СДЭК", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var english = await page.GetStringAsync($"/track/{TokenOf(order!)}?lang=en", Ct);
        Assert.Contains($"Order {number}", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Everything_from_the_order_is_escaped()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("XSS");
        var (_, order) = await api.PutOrderAsync(number, new
        {
            customer = new { email = "x@example.com", name = "<img src=x onerror=alert(1)>", language = "en" },
            items = new[] { new { name = "<script>alert('item')</script>", quantity = 1, unitPrice = 1m } },
            shippingAddress = new { city = "\"><b>City</b>" },
            carrier = "<i>DPD</i>",
            trackingNumber = "<svg onload=alert(2)>",
        });
        var html = await App.CreateClient().GetStringAsync($"/track/{TokenOf(order!)}", Ct);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>DPD", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>City", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_change_shows_at_once_although_pages_are_cached()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("CH");
        var (_, order) = await api.PutOrderAsync(number, Api.Order(language: "en"));
        var page = App.CreateClient();
        Assert.Contains("class=\"status s-placed\"", await page.GetStringAsync($"/track/{TokenOf(order!)}", Ct), StringComparison.Ordinal);
        await api.PostEventAsync(number, "packed");
        Assert.Contains("class=\"status s-packed\"", await page.GetStringAsync($"/track/{TokenOf(order!)}", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_token_is_404_without_details()
    {
        var response = await App.CreateClient().GetAsync("/track/AAAAAAAAAAAAAAAAAAAAAAAA", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("not valid", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lookup_form_never_tells_a_wrong_email_from_an_unknown_number()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("LK");
        var (_, order) = await api.PutOrderAsync(number, Api.Order(email: "owner@example.com", language: "en"));
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        async Task<HttpResponseMessage> Lookup(string n, string e) =>
            await client.PostAsync("/track?lang=en", new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = n, ["email"] = e }), Ct);

        var wrongEmail = await Lookup(number, "someone.else@example.com");
        var unknownNumber = await Lookup("NO-SUCH-ORDER", "owner@example.com");
        Assert.Equal(wrongEmail.StatusCode, unknownNumber.StatusCode);
        var a = (await wrongEmail.Content.ReadAsStringAsync(Ct)).Replace(number, "", StringComparison.Ordinal).Replace("someone.else@example.com", "", StringComparison.Ordinal);
        var b = (await unknownNumber.Content.ReadAsStringAsync(Ct)).Replace("NO-SUCH-ORDER", "", StringComparison.Ordinal).Replace("owner@example.com", "", StringComparison.Ordinal);
        Assert.Equal(a, b);

        var right = await Lookup(number, "  Owner@Example.com ");
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        Assert.Equal($"/track/{TokenOf(order!)}", right.Headers.Location!.OriginalString);
    }
}

public sealed class TrackingPageSqliteTests(SqliteApp app) : TrackingPageTests(app), IClassFixture<SqliteApp>;

public sealed class TrackingPagePostgresTests(PostgresApp app) : TrackingPageTests(app), IClassFixture<PostgresApp>;

/// <summary>Its own app, so the tight limits do not disturb other tests.</summary>
public sealed class TrackingRateLimitTests : IAsyncLifetime
{
    private readonly TouchpointApp _app = new TouchpointApp()
        .With("Touchpoint:Tracking:LookupsPerMinute", "3")
        .With("Touchpoint:Help:ViewsPerMinute", "2");

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_lookup_form_is_rate_limited()
    {
        var client = _app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await client.PostAsync("/track", new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = $"N{i}", ["email"] = "a@example.com" }), TestContext.Current.CancellationToken);
            statuses.Add(last.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // The refusal is the lookup form with its reason, not an error; a lookup stores nothing either way.
        var refusal = await last!.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(Texts.Get("en", "Track.Lookup.TooMany"), refusal, StringComparison.Ordinal);
        Assert.Contains("name=\"number\"", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_public_page_answers_its_own_refusals_in_the_visitors_language()
    {
        var client = _app.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        HttpResponseMessage? track = null;
        for (var i = 0; i < 4; i++)
        {
            track = await client.PostAsync("/track?lang=pl", new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = $"P{i}", ["email"] = "b@example.com" }), ct);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, track!.StatusCode);
        Assert.Contains(Texts.Get("pl", "Track.Lookup.TooMany"), await track.Content.ReadAsStringAsync(ct));

        HttpResponseMessage? help = null;
        for (var i = 0; i < 3; i++)
        {
            help = await client.GetAsync("/help?lang=ru", ct);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, help!.StatusCode);
        var page = await help.Content.ReadAsStringAsync(ct);
        Assert.Contains(Texts.Get("ru", "Help.TooMany.Title"), page);
        Assert.DoesNotContain(Texts.Get("ru", "Track.Lookup.TooMany"), page);
    }
}
