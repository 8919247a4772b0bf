using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>Names a store gives things (SLA policies, calendars) read in the reader's language: no English key on a Russian or Polish page.</summary>
public sealed class StoreNamesJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static readonly string[] EnglishKeys = ["Email and web form", "Other channels", "Callback", "Business hours"];

    [Theory]
    [InlineData("ru", "ru-RU", "Почта и веб-форма", "Рабочие часы")]
    [InlineData("pl", "pl-PL", "E-mail i formularz", "Godziny pracy")]
    public async Task The_sla_settings_and_a_conversations_sla_strip_show_policy_titles_in_the_readers_language(string lang, string locale, string emailPolicy, string calendar)
    {
        long number;
        using (var scope = App.Services.CreateScope())
        {
            number = await scope.ServiceProvider.GetRequiredService<TouchpointDb>().Set<Conversation>().AsNoTracking()
                .Where(c => c.Channel == Channel.Email && c.SlaState != null && c.Status != ConversationStatus.Resolved)
                .OrderBy(c => c.Number).Select(c => c.Number).FirstAsync(TestContext.Current.CancellationToken);
        }
        var page = await App.LoggedInAsync("owner@demo.touchpoint", locale);
        await page.GotoAsync($"/culture?lang={lang}&returnUrl=/settings/sla");
        var policies = page.Locator("[data-table=policies]");
        await Expect(policies.Locator("[data-policy='Email and web form']")).ToContainTextAsync(emailPolicy);
        await Expect(policies).ToContainTextAsync(calendar);
        await Expect(page.Locator("[data-calendar='Business hours']")).ToHaveTextAsync(calendar);
        var text = await page.Locator(".mud-main-content").InnerTextAsync();
        Assert.All(EnglishKeys, key => Assert.DoesNotContain(key, text, StringComparison.Ordinal));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, $"sla-settings-{lang}.png") });

        await page.GotoAsync("/conversations");
        await Expect(page.Locator("tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, $"inbox-{lang}.png") });

        await page.GotoAsync($"/conversations/{number}");
        var strip = page.Locator(".tp-sla-strip");
        await Expect(strip).ToContainTextAsync(emailPolicy);
        var stripText = await strip.InnerTextAsync();
        Assert.All(EnglishKeys, key => Assert.DoesNotContain(key, stripText, StringComparison.Ordinal));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, $"conversation-{lang}.png") });
    }
}
