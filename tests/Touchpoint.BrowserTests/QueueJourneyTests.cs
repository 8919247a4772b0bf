using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>
/// The queue in Polish, as a service owner works it: sorts the unassigned queue by priority (kept in the URL across a
/// reload), selects two rows and assigns them to herself in one go, saves the queue as a shared view (listed with its count), and opens the
/// keyboard shortcuts with "?".
/// </summary>
public sealed class QueueJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_polish_owner_sorts_bulk_assigns_two_rows_saves_a_view_and_opens_the_shortcuts()
    {
        var page = await App.LoggedInAsync("owner@demo.touchpoint", "pl-PL");
        // Settings sit behind one entry of the menu: a page of cards (a service owner sees no admin-only ones).
        await page.GotoAsync("/settings");
        await BrowserApp.InteractiveAsync(page);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ustawienia");
        await Expect(page.Locator("a[data-settings='/settings/topics']")).ToBeVisibleAsync();
        await Expect(page.Locator("a[data-settings='/settings/users']")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "settings-pl.png") });
        await page.GotoAsync("/conversations?queue=unassigned");
        await BrowserApp.InteractiveAsync(page);

        // Sort by priority: the most urgent first, and the URL keeps it.
        await page.Locator("th a[data-sort=priority]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=-priority"));
        await page.ReloadAsync();
        await BrowserApp.InteractiveAsync(page);
        await Expect(page.Locator("th a[data-sort=priority]")).ToHaveClassAsync(new Regex("tp-sort-on"));
        await Expect(page.Locator("th[aria-sort=descending]")).ToHaveCountAsync(1);

        // Two rows selected, assigned to me in one go.
        var rows = page.Locator(".tp-conv-table tbody tr[data-number]");
        var first = await rows.Nth(0).GetAttributeAsync("data-number");
        var second = await rows.Nth(1).GetAttributeAsync("data-number");
        await page.Locator($"input[data-select='{first}']").CheckAsync();
        await page.Locator($"input[data-select='{second}']").CheckAsync();
        await Expect(page.Locator("[data-selected]")).ToHaveTextAsync("Zaznaczono: 2");
        await page.Locator("[data-bulk=assign] button").First.ClickAsync();
        await page.Locator("[data-assign=me]").ClickAsync();
        await Expect(page.Locator("[data-bulk-result]")).ToContainTextAsync("Zmieniono: 2");
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            var numbers = new[] { long.Parse(first!, System.Globalization.CultureInfo.InvariantCulture), long.Parse(second!, System.Globalization.CultureInfo.InvariantCulture) };
            var owner = await db.Users.Where(u => u.Email == "owner@demo.touchpoint").Select(u => u.Id).SingleAsync(Ct);
            var assignees = await db.Set<Conversation>().Where(c => numbers.Contains(c.Number)).Select(c => c.AssigneeId).ToListAsync(Ct);
            Assert.Equal([owner, owner], assignees);
        }

        // Saved as a shared view: listed beside the queue with its count, and opened.
        await page.Locator("[data-action=save-view]").ClickAsync();
        await page.Locator("#tp-view-name").FillAsync("Pilne na dziś");
        await page.GetByLabel("Udostępnij zespołowi").CheckAsync();
        await page.Locator("[data-action=save-view-confirm]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("view=[0-9a-f-]{36}"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Pilne na dziś");
        await Expect(page.Locator("[data-view-count='Pilne na dziś']")).ToHaveTextAsync(new Regex("^[0-9]+$"));

        // The shortcuts: "?" opens them in Polish, j marks a row, Escape closes.
        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("?");
        var overlay = page.Locator("[data-overlay=keys]");
        await Expect(overlay).ToBeVisibleAsync();
        await Expect(overlay).ToContainTextAsync("Skróty klawiszowe");
        await Expect(overlay).ToContainTextAsync("Następna rozmowa");
        await Expect(overlay).ToContainTextAsync("Weź (przypisz do mnie)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "queue-shortcuts-pl.png") });
        await page.Keyboard.PressAsync("Escape");
        await Expect(overlay).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("j");
        await Expect(rows.Nth(0)).ToHaveClassAsync(new Regex("tp-kb-active"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "queue-pl.png") });
    }
}
