using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Touchpoint.Features.Conversations;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Channels.WebForm;

/// <summary>The tests all come from one address; the limit itself is tested with its own app.</summary>
public sealed class ContactFormApp : TouchpointApp
{
    public ContactFormApp() => With("Touchpoint:Contact:SubmitsPerWindow", "1000");
}

public sealed partial class ContactFormTests(ContactFormApp fixture) : IClassFixture<ContactFormApp>
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private HttpClient Browser() => App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<string> TokenAsync(HttpClient browser, string lang = "en")
    {
        var page = await browser.GetStringAsync($"/contact?lang={lang}", Ct);
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        return WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
    }

    private static MultipartFormDataContent Form(string token, string email, string message, string? order = null, string? topic = "returns", string? website = null, byte[]? file = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "token" },
            { new StringContent("Zofia Nowak"), "name" },
            { new StringContent(email), "email" },
            { new StringContent(order ?? ""), "order" },
            { new StringContent(topic ?? ""), "topic" },
            { new StringContent(message), "message" },
        };
        if (website is not null)
        {
            form.Add(new StringContent(website), "website");
        }
        if (file is not null)
        {
            form.Add(new ByteArrayContent(file), "attachment", "zdjęcie.jpg");
        }
        return form;
    }

    [Fact]
    public async Task The_form_speaks_the_customers_language_and_is_static_html()
    {
        using var browser = Browser();
        var response = await browser.GetAsync("/contact?lang=pl", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Napisz do nas", html, StringComparison.Ordinal);
        Assert.Contains("Reklamacje", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_becomes_a_web_conversation_with_its_attachment_and_only_the_senders_order_linked()
    {
        var api = await App.ApiClientAsync();
        var email = $"web-{Guid.NewGuid():N}@example.com";
        var order = Api.NewNumber("W");
        await api.PutOrderAsync(order, Api.Order(email: email));
        using var browser = Browser();
        var token = await TokenAsync(browser, "pl");

        var response = await browser.PostAsync("/contact?lang=pl", Form(token, email, "Chcę zwrócić buty <b>42</b>.", order, file: [1, 2, 3]), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var sent = await browser.GetStringAsync(response.Headers.Location!.ToString(), Ct);
        var number = long.Parse(Regex.Match(sent, "class=\"number\">#(\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Dziękujemy", sent, StringComparison.Ordinal);

        var c = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;
        Assert.Equal("web", c["channel"]!.GetValue<string>());
        Assert.Equal("returns", c["topic"]!.GetValue<string>());
        Assert.Equal([order], c["orders"]!.AsArray().Select(o => o!["number"]!.GetValue<string>()));
        Assert.Equal("Chcę zwrócić buty <b>42</b>.", c["messages"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("zdjęcie.jpg", c["messages"]![0]!["attachments"]![0]!["fileName"]!.GetValue<string>());

        // The same form sent twice (double click, reload) lands once.
        var again = await browser.PostAsync("/contact?lang=pl", Form(token, email, "Chcę zwrócić buty <b>42</b>.", order), Ct);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var list = await api.GetFromJsonAsync<ConversationPage>($"/api/v1/conversations?customer={email}", Ct);
        Assert.Single(list!.Items);

        // Someone else's order number links nothing.
        var stranger = $"web-{Guid.NewGuid():N}@example.com";
        var other = await browser.PostAsync("/contact", Form(await TokenAsync(browser), stranger, "Where is it?", order), Ct);
        var otherSent = await browser.GetStringAsync(other.Headers.Location!.ToString(), Ct);
        var otherNumber = Regex.Match(otherSent, "class=\"number\">#(\\d+)").Groups[1].Value;
        var otherConversation = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{otherNumber}", Ct)))!;
        Assert.Empty(otherConversation["orders"]!.AsArray());
    }

    [Fact]
    public async Task Bad_input_shows_the_form_again_with_the_errors_and_stores_nothing()
    {
        var api = await App.ApiClientAsync();
        using var browser = Browser();
        var token = await TokenAsync(browser);
        var response = await browser.PostAsync("/contact", Form(token, "not-an-email", "", topic: "astrology"), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter a valid email address", html, StringComparison.Ordinal);
        Assert.Contains("Write your message.", html, StringComparison.Ordinal);
        Assert.Contains("Choose a topic from the list.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"not-an-email\"", html, StringComparison.Ordinal);
        var list = await api.GetFromJsonAsync<ConversationPage>("/api/v1/conversations?customer=not-an-email", Ct);
        Assert.Empty(list!.Items);
    }

    [Fact]
    public async Task Bots_are_turned_away_quietly()
    {
        var api = await App.ApiClientAsync();
        using var browser = Browser();
        var email = $"bot-{Guid.NewGuid():N}@example.com";
        // The honeypot filled in.
        var honeypot = await browser.PostAsync("/contact", Form(await TokenAsync(browser), email, "Buy cheap watches", website: "http://spam.test"), Ct);
        Assert.Equal(HttpStatusCode.Redirect, honeypot.StatusCode);
        // Sent back faster than a person types.
        var page = await browser.GetStringAsync("/contact", Ct);
        var fast = await browser.PostAsync("/contact", Form(WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value), email, "Buy cheap watches"), Ct);
        Assert.Equal(HttpStatusCode.Redirect, fast.StatusCode);
        // A forged token.
        var forged = await browser.PostAsync("/contact", Form("forged", email, "Buy cheap watches"), Ct);
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        var list = await api.GetFromJsonAsync<ConversationPage>($"/api/v1/conversations?customer={email}", Ct);
        Assert.Empty(list!.Items);
    }

    [Fact]
    public async Task Too_many_messages_from_one_address_are_refused()
    {
        await using var app = new TouchpointApp().With("Touchpoint:Contact:SubmitsPerWindow", "2");
        await app.InitializeAsync();
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            // Each post is a person's (a fresh form, filled for long enough), so only the limit can refuse the third.
            var page = await browser.GetStringAsync("/contact?lang=pl", Ct);
            app.Clock.Advance(TimeSpan.FromSeconds(30));
            var token = WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
            last = await browser.PostAsync("/contact?lang=pl", Form(token, $"limit-{i}@example.com", $"Wiadomość {i}"), Ct);
            statuses.Add(last.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains(Touchpoint.Platform.Localization.Texts.Get("pl", "Contact.TooMany"), await last!.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // Two conversations landed; the refused third did not.
        var emails = await app.InScopeAsync<Touchpoint.Platform.Persistence.TouchpointDb, List<string>>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Set<Touchpoint.Features.Customers.Customer>().Select(c => c.Email), Ct));
        Assert.Contains("limit-1@example.com", emails);
        Assert.DoesNotContain("limit-2@example.com", emails);
    }
}
