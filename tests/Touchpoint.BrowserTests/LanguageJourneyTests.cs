using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Touchpoint.Features.Identity;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>
/// Pages that change on their own stay in the reader's language: the change arrives from another request (an English
/// API call) or a background refresh, and the page must re-render in Russian or Polish all the same.
/// </summary>
public sealed partial class LanguageJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> ApiAsync()
    {
        using var scope = App.Services.CreateScope();
        var key = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync("language-test", "tests", CancellationToken.None);
        var client = new HttpClient { BaseAddress = App.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        return client;
    }

    [GeneratedRegex(@"\d{1,2} (янв|февр|мар|апр|мая|июн|июл|авг|сент|окт|нояб|дек)\.? \d{4} г\., \d{2}:\d{2}")]
    private static partial Regex RussianMoment();

    [Fact]
    public async Task A_russian_conversation_page_and_a_polish_workload_page_stay_in_their_language_while_live_events_arrive()
    {
        using var api = await ApiAsync();
        var created = await api.PostAsJsonAsync("/api/v1/conversations", new
        {
            customer = new { email = $"live-{Guid.NewGuid():N}@example.com", name = "Ольга", language = "ru" },
            channel = "chat", topic = "product_question", subject = "Какие кроссовки выбрать?", body = "Здравствуйте, какие кроссовки выбрать для бега?", acknowledge = false,
        }, Ct);
        created.EnsureSuccessStatusCode();
        var number = (await created.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>(Ct))!["number"]!.GetValue<long>();

        var russian = await App.LoggedInAsync("owner@demo.touchpoint", "ru-RU");
        await russian.GotoAsync($"/conversations/{number}");
        await BrowserApp.InteractiveAsync(russian);
        var props = russian.Locator(".tp-conv-props");
        await Expect(props).ToContainTextAsync("Статус");

        // A note arrives through the API, in an English request: the open page hears it and re-renders.
        (await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages", new { type = "note", body = "Проверить склад, please." }, Ct)).EnsureSuccessStatusCode();
        await Expect(russian.Locator(".tp-msg-note")).ToHaveCountAsync(1);
        await Expect(props).ToContainTextAsync("Статус");
        await Expect(props).ToContainTextAsync("Приоритет");
        await Expect(russian.Locator(".tp-composer")).ToContainTextAsync("Заметка");
        await Expect(russian.Locator(".tp-msg-note .tp-msg-head")).ToContainTextAsync(RussianMoment());
        await Expect(props).Not.ToContainTextAsync("Status");

        // A chat about a product is a sales conversation: the SPIN script is beside the thread, in Russian. A situation
        // question is ticked and the customer's answer noted; both are kept on the conversation.
        var script = russian.Locator("[data-panel=sales-script]");
        await Expect(script).ToContainTextAsync("Ситуационные");
        var asked = script.Locator("[data-question=s1] input[type=checkbox]");
        await BrowserApp.ClickUntilAsync(asked, () => asked.IsCheckedAsync());
        await Expect(script.Locator("[data-group=situation]")).ToContainTextAsync("задано 1 из 4");
        await script.Locator("[data-question=s1] input:not([type=checkbox])").FillAsync("На марафон в мае");
        await script.Locator("[data-question=s1] input:not([type=checkbox])").PressAsync("Tab");
        string? note = null;
        for (var i = 0; i < 50 && note is null; i++, await Task.Delay(200, Ct))
        {
            var ticks = (await api.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/v1/conversations/{number}/script", Ct))!["ticks"]!.AsArray();
            note = ticks.FirstOrDefault(t => t!["question"]!.GetValue<string>() == "s1" && t["asked"]!.GetValue<bool>())?["note"]?.GetValue<string>();
        }
        Assert.Equal("На марафон в мае", note);
        // The composer in Russian: every word of it Russian (this is a chat, so no copies: they are offered on email conversations).
        await Expect(russian.Locator(".tp-composer")).ToContainTextAsync("Прикрепить файлы");
        await Expect(russian.Locator(".tp-composer")).Not.ToContainTextAsync("Attach");
        await russian.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "conversation-live-ru.png"), FullPage = true });

        var polish = await App.LoggedInAsync("admin@demo.touchpoint", "pl-PL");
        await polish.GotoAsync("/workload");
        await BrowserApp.InteractiveAsync(polish);
        var emma = polish.Locator("[data-testid=workload-agents] tr", new() { HasText = "agent.en@demo.touchpoint" });
        await Expect(emma).ToContainTextAsync("Niedostępny");
        // Emma goes online through the API: routing's board changes and the page refreshes by itself, still in Polish.
        (await api.PutAsJsonAsync("/api/v1/agents/agent.en@demo.touchpoint/presence", new { status = "online" }, Ct)).EnsureSuccessStatusCode();
        await Expect(emma).ToContainTextAsync("Dostępny");
        await Expect(polish.Locator("[data-testid=workload-agents] thead")).ToContainTextAsync("Czeka na klienta");
        await Expect(polish.GetByRole(AriaRole.Heading, new() { Name = "Obciążenie" })).ToBeVisibleAsync();
        await polish.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "workload-live-pl.png"), FullPage = true });
        (await api.PutAsJsonAsync("/api/v1/agents/agent.en@demo.touchpoint/presence", new { status = "offline" }, Ct)).EnsureSuccessStatusCode();
        Assert.Empty(App.CspViolations);
    }
}
