using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Touchpoint.Features.Reporting;
using Touchpoint.Platform.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>First-contact resolution on the conversation page: the demo store's repeat contact links both ways.</summary>
public sealed class ReportingJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    [Fact]
    public async Task An_agent_follows_a_repeat_contact_to_the_conversation_it_repeats_and_back()
    {
        RepeatContact link;
        using (var scope = App.Services.CreateScope())
        {
            link = await scope.ServiceProvider.GetRequiredService<TouchpointDb>().Set<RepeatContact>().AsNoTracking()
                .Where(l => l.Reason == RepeatReasons.Order).OrderBy(l => l.LaterNumber).FirstAsync(TestContext.Current.CancellationToken);
        }
        var page = await App.LoggedInAsync("agent.en@demo.touchpoint");
        await page.GotoAsync($"/conversations/{link.LaterNumber}");
        var repeatOf = page.Locator("[data-panel='repeat-of']");
        await Expect(repeatOf).ToHaveTextAsync($"Repeat contact of #{link.EarlierNumber}");
        await BrowserApp.InteractiveAsync(page);
        await repeatOf.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{link.EarlierNumber}$"));
        await Expect(page.Locator("[data-panel='repeated-in']").First).ToHaveTextAsync($"Repeated in #{link.LaterNumber}");
    }

    [Fact]
    public async Task The_owner_drills_from_the_FCR_card_to_a_repeat_contact_and_downloads_the_conversations_CSV_in_Russian()
    {
        RepeatContact link;
        using (var scope = App.Services.CreateScope())
        {
            link = await scope.ServiceProvider.GetRequiredService<TouchpointDb>().Set<RepeatContact>().AsNoTracking()
                .Where(l => l.Reason == RepeatReasons.Order).OrderBy(l => l.LaterNumber).FirstAsync(TestContext.Current.CancellationToken);
        }
        var page = await App.LoggedInAsync("owner@demo.touchpoint", "ru-RU");
        await page.GotoAsync("/reports");
        var fcr = page.Locator("[data-card='fcr']");
        await Expect(fcr).ToContainTextAsync("FCR");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Панель сервиса");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "reports-ru.png"), FullPage = true });
        await BrowserApp.InteractiveAsync(page);
        await page.Locator("[data-drill='fcr']").ClickAsync();
        var later = page.Locator($"[data-later='{link.LaterNumber}']");
        await Expect(later).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-action='conversations-csv']").ClickAsync());
        var file = await download.PathAsync();
        var header = (await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken))[0];
        Assert.Equal("number,channel,topic,customerEmail,assignee,created,firstReply,resolved,firstResponseSla,resolutionSla,csat,fcr,repeatOf", header);

        await later.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/conversations/{link.LaterNumber}$"));

        // The owner changes the quiet days on the feedback settings page and sees them saved.
        await page.GotoAsync("/settings/feedback");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Настройки опросов");
        await BrowserApp.InteractiveAsync(page);
        var quietDays = page.Locator("input[data-field='quietDays'], [data-field='quietDays'] input").First;
        await quietDays.FillAsync("5");
        await quietDays.PressAsync("Tab");
        await page.Locator("[data-testid='feedback-settings-save']").ClickAsync();
        await Expect(page.Locator("[data-testid='feedback-settings-updated']")).ToContainTextAsync("Сохранено");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "feedback-settings-ru.png"), FullPage = true });
        await page.ReloadAsync();
        await BrowserApp.InteractiveAsync(page);
        await Expect(page.Locator("input[data-field='quietDays'], [data-field='quietDays'] input").First).ToHaveValueAsync("5");

        var polish = await App.LoggedInAsync("auditor@demo.touchpoint", "pl-PL");
        await polish.GotoAsync("/reports");
        await Expect(polish.Locator("[data-card='fcr']")).ToBeVisibleAsync();
        await polish.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "reports-pl.png"), FullPage = true });
    }

    [Fact]
    public async Task An_agent_in_Polish_sees_My_numbers_with_their_QA_score_and_charts_and_none_of_the_store_wide_tabs()
    {
        var page = await App.LoggedInAsync("agent@demo.touchpoint", "pl-PL");
        await page.Locator("[data-nav='my-numbers']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/reports$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Moje wyniki");
        var qa = page.Locator("[data-card='qaScore']");
        await Expect(qa).ToContainTextAsync("Ocena jakości");
        await Expect(qa).ToContainTextAsync("ocen");
        await Expect(page.Locator("[data-card='resolved']")).ToContainTextAsync("Rozwiązane");
        await Expect(page.Locator("[data-card='conversationsIn']")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-chart='fcr'] svg[role='img']")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^FCR"));
        await Expect(page.Locator("[data-chart='first-response-distribution']")).ToContainTextAsync("poniżej 1 h");
        await Expect(page.Locator("[data-note='not-measured']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-tab='repeats']")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "reports-agent-pl.png"), FullPage = true });
    }
}
