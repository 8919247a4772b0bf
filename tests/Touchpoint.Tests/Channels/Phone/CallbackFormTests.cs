using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Channels.Phone;

/// <summary>Two requests per window on the form and per minute on the API, so the limits are reached in a test.</summary>
public sealed class CallbackLimitsApp : TouchpointApp
{
    public CallbackLimitsApp() => With("Touchpoint:Telephony:FormSubmitsPerWindow", "2").With("Touchpoint:Telephony:ApiCallbacksPerMinute", "2");
}

public sealed partial class CallbackFormTests(CallbackLimitsApp fixture) : IClassFixture<CallbackLimitsApp>
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("class=\"number\">#(\\d+)<")]
    private static partial Regex NumberShown();

    private HttpClient Browser() => App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<string> TokenAsync(HttpClient browser, string lang)
    {
        var page = await browser.GetStringAsync($"/callback?lang={lang}", Ct);
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        return WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
    }

    private static FormUrlEncodedContent Form(string token, string phone, string? website = null) => new(new Dictionary<string, string>
    {
        ["token"] = token, ["name"] = "Ольга", ["phone"] = phone, ["when"] = "после 18:00", ["topic"] = "returns", ["message"] = "Хочу вернуть куртку.",
        ["website"] = website ?? "",
    });

    [Fact]
    public async Task The_form_in_russian_creates_a_callback_task_and_shows_its_number_then_the_limit_holds()
    {
        using var browser = Browser();
        var page = await browser.GetAsync("/callback?lang=ru", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Заказать обратный звонок", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var phone = "+7 912 " + Random.Shared.Next(100, 999) + " 45 67";
        var sent = await browser.PostAsync("/callback?lang=ru", Form(await TokenAsync(browser, "ru"), phone), Ct);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var confirmation = await browser.GetStringAsync(sent.Headers.Location!.ToString(), Ct);
        Assert.Contains("Мы вам перезвоним", confirmation, StringComparison.Ordinal);
        var number = long.Parse(NumberShown().Match(confirmation).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var api = await App.ApiClientAsync();
        var conversation = await api.GetFromJsonAsync<JsonNode>($"/api/v1/conversations/{number}", Api.Json, Ct);
        Assert.Equal("callback", conversation!["channel"]!.GetValue<string>());
        Assert.Equal("ru", conversation["language"]!.GetValue<string>());
        Assert.Equal("returns", conversation["topic"]!.GetValue<string>());
        var text = conversation["messages"]!.AsArray().Single()!["text"]!.GetValue<string>();
        Assert.Contains("Когда: после 18:00", text, StringComparison.Ordinal);
        Assert.Contains("Хочу вернуть куртку.", text, StringComparison.Ordinal);

        // A bad number is shown back with the error, in Russian (the second request of the window).
        var bad = await browser.PostAsync("/callback?lang=ru", Form(await TokenAsync(browser, "ru"), "12"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Укажите номер", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var before = await App.InScopeAsync<Touchpoint.Platform.Persistence.TouchpointDb, int>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<Touchpoint.Features.Conversations.Conversation>(), Ct));
        var limited = await browser.PostAsync("/callback?lang=ru", Form(await TokenAsync(browser, "ru"), "+48 600 700 800"), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var refusal = await limited.Content.ReadAsStringAsync(Ct);
        Assert.Contains(Touchpoint.Platform.Localization.Texts.Get("ru", "Callback.TooMany"), refusal, StringComparison.Ordinal);
        Assert.StartsWith("text/html", limited.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        // The refused request stored nothing: no task, no customer for the new number.
        Assert.Equal(before, await App.InScopeAsync<Touchpoint.Platform.Persistence.TouchpointDb, int>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<Touchpoint.Features.Conversations.Conversation>(), Ct)));
        Assert.False(await App.InScopeAsync<Touchpoint.Platform.Persistence.TouchpointDb, bool>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Set<Touchpoint.Features.Customers.CustomerPhone>(), p => p.Number == "+48600700800", Ct)));
    }

    [Fact]
    public async Task The_callback_api_is_rate_limited_per_key()
    {
        var api = await App.ApiClientAsync("widget");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var response = await api.PostAsJsonAsync("/api/v1/callbacks", new { phone = "+48 600 " + Random.Shared.Next(100, 999) + " 200", language = "pl" }, Api.Json, Ct);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }
}
