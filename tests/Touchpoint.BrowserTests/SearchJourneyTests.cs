using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>
/// Search in Chromium: a Russian agent types a demo customer's surname in the top-bar box, sees the results grouped by
/// kind as they type, picks the first with ↓ and Enter and lands on it; "/" brings the box back; /search?q= shows the
/// same groups with more rows.
/// </summary>
public sealed partial class SearchJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"\p{IsCyrillic}")]
    private static partial Regex Cyrillic();

    [Fact]
    public async Task A_russian_agent_finds_a_demo_customer_as_they_type_and_opens_it_by_keyboard()
    {
        string surname;
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            var names = await db.Set<Customer>().AsNoTracking().Where(c => c.ErasedAt == null && c.Name != "").Select(c => c.Name).ToListAsync(Ct);
            surname = names.Where(n => Cyrillic().IsMatch(n) && n.Contains(' ', StringComparison.Ordinal)).Order(StringComparer.Ordinal).First().Split(' ')[^1];
        }

        var page = await App.LoggedInAsync("agent.ru@demo.touchpoint", "ru-RU");
        await BrowserApp.InteractiveAsync(page);
        var box = page.GetByRole(Microsoft.Playwright.AriaRole.Combobox, new() { Name = "Поиск по всему" });
        await Expect(box).ToHaveAttributeAsync("placeholder", new Regex("обращения, клиенты, заказы"));
        await box.PressSequentiallyAsync(surname, new() { Delay = 40 });

        var list = page.Locator("#tp-gsearch-list");
        await Expect(list).ToBeVisibleAsync();
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        var customers = list.GetByRole(Microsoft.Playwright.AriaRole.Group, new() { Name = "Клиенты" });
        await Expect(customers).ToBeVisibleAsync();
        await Expect(customers.GetByRole(Microsoft.Playwright.AriaRole.Option).First).ToContainTextAsync(surname);
        await Expect(list.Locator("mark").First).ToBeVisibleAsync();
        await Expect(list.GetByRole(Microsoft.Playwright.AriaRole.Option).Last).ToContainTextAsync("Все результаты");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "search-dropdown-ru.png") });

        var first = list.GetByRole(Microsoft.Playwright.AriaRole.Option).First;
        var href = await first.GetAttributeAsync("href");
        Assert.Matches("^/(conversations/[0-9]+|customers/[0-9a-f-]{36})$", href);
        await box.PressAsync("ArrowDown");
        await Expect(first).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(box).ToHaveAttributeAsync("aria-activedescendant", (await first.GetAttributeAsync("id"))!);
        await box.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(href!) + "$"));
        await Expect(list).ToHaveCountAsync(0);

        // "/" outside a field focuses the box again.
        await page.Locator("h1").First.ClickAsync();
        await page.Keyboard.PressAsync("/");
        await Expect(box).ToBeFocusedAsync();
        await Expect(box).ToHaveValueAsync(surname);

        await page.GotoAsync("/search?q=" + Uri.EscapeDataString(surname));
        await BrowserApp.InteractiveAsync(page);
        await Expect(page.Locator("h1")).ToContainTextAsync(surname);
        var group = page.Locator(".tp-search-group[data-kind=customers]");
        await Expect(group.Locator("h2")).ToHaveTextAsync("Клиенты");
        await Expect(group.Locator("li").First).ToContainTextAsync(surname);
        await Expect(group).ToContainTextAsync("найдено");
    }
}
