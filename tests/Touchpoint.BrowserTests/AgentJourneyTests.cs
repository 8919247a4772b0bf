using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>An agent's first minutes in Chromium: log in, find the late orders, open one, check what the customer sees.</summary>
public sealed partial class AgentJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    /// <summary>The workspace opens on the conversations; these journeys start from the orders.</summary>
    private async Task<IPage> OnOrdersAsync(string email, string language = "en-US")
    {
        var page = await App.LoggedInAsync(email, language);
        await page.GotoAsync("/orders");
        await Expect(page).ToHaveURLAsync(OrdersUrl());
        return page;
    }

    [GeneratedRegex(@"/orders(\?.*)?$")]
    private static partial Regex OrdersUrl();

    [Fact]
    public async Task An_agent_finds_a_delayed_order_sees_its_timeline_and_its_tracking_page()
    {
        var page = await OnOrdersAsync("agent.en@demo.touchpoint");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders" })).ToBeVisibleAsync();

        // Filter: delayed only, clicked once the page is live.
        await BrowserApp.ClickUntilAsync(page.GetByLabel("Delayed only"), () => Task.FromResult(page.Url.Contains("delayed=true", StringComparison.Ordinal)));
        var rows = page.Locator("tbody tr");
        await Expect(rows.First).ToContainTextAsync("Delayed");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "orders-delayed.png"), FullPage = true });

        var link = rows.First.Locator("a[href^='/orders/']").First;
        var number = (await link.InnerTextAsync()).Trim();
        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/orders/{Regex.Escape(number)}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timeline" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Delayed").First).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-timeline-item").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "order-detail.png"), FullPage = true });

        var trackingHref = await page.Locator("a[href*='/track/']").First.GetAttributeAsync("href");
        var path = new Uri(trackingHref!, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : trackingHref!;
        var tracking = await page.Context.NewPageAsync();
        await tracking.GotoAsync(path);
        await Expect(tracking.Locator("h1")).ToContainTextAsync(number);
        await Expect(tracking.Locator("ol.stages li").First).ToBeVisibleAsync();
        await Expect(tracking.Locator("[role=alert]")).ToBeVisibleAsync();
        await tracking.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "tracking-page.png"), FullPage = true });
    }

    [Fact]
    public async Task An_agent_types_a_customers_email_fast_and_the_search_finds_exactly_that()
    {
        var page = await App.LoggedInAsync("agent.en@demo.touchpoint", "en-US");
        await page.GotoAsync("/customers");
        var rows = page.Locator("tbody tr");
        await Expect(rows.Nth(5)).ToBeVisibleAsync();
        var email = (await rows.Nth(5).Locator("td").Nth(1).InnerTextAsync()).Trim();

        // Once the page is live, the email is typed once, key by key without delay as a fast typist would, and every
        // character must arrive.
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Name, email or phone" });
        await BrowserApp.InteractiveAsync(page);
        await search.PressSequentiallyAsync(email);
        await search.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("q=" + Regex.Escape(Uri.EscapeDataString(email))));
        await Expect(search).ToHaveValueAsync(email);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(email);

        // Clearing the field (the search box's own ×, or deleting everything) shows everyone again at once.
        await search.FillAsync("");
        await Expect(page).ToHaveURLAsync(new Regex("/customers$"));
        await Expect(rows.Nth(5)).ToBeVisibleAsync();

        // Results follow the typing: no Enter needed, and the box says so.
        await Expect(search).ToHaveAttributeAsync("placeholder", "Results appear as you type");
        await search.PressSequentiallyAsync(email);
        await Expect(page).ToHaveURLAsync(new Regex("q=" + Regex.Escape(Uri.EscapeDataString(email))));
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(search).ToHaveValueAsync(email);
        await search.FillAsync("");
        await Expect(page).ToHaveURLAsync(new Regex("/customers$"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "customers.png"), FullPage = true });
    }

    [Fact]
    public async Task The_service_owner_writes_a_procedure_fast_and_the_preview_keeps_every_character()
    {
        var page = await App.LoggedInAsync("owner@demo.touchpoint", "en-US");
        await page.GotoAsync("/settings/procedures");
        var text = page.GetByRole(AriaRole.Textbox, new() { Name = "Text (Markdown)" });
        await Expect(text).ToBeVisibleAsync();
        const string written = "## Check the parcel first\n\nAsk for the **order number** and look it up before you answer.";
        // Once the page is live the text is typed once, key by key, and every character must arrive.
        var preview = page.Locator(".tp-markdown");
        await BrowserApp.InteractiveAsync(page);
        await text.ClearAsync();
        await text.PressSequentiallyAsync(written);
        await Expect(text).ToHaveValueAsync(written);
        await Expect(preview.Locator("h2")).ToHaveTextAsync("Check the parcel first");
        await Expect(preview.Locator("strong")).ToHaveTextAsync("order number");
        await Expect(preview).ToContainTextAsync("and look it up before you answer.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "procedure-editor.png"), FullPage = true });
    }

    [Fact]
    public async Task Erasing_a_customer_waits_until_the_owner_has_typed_their_email()
    {
        var page = await App.LoggedInAsync("owner@demo.touchpoint", "en-US");
        await page.GotoAsync("/customers");
        var row = page.Locator("tbody tr").Nth(7);
        var email = (await row.Locator("td").Nth(1).InnerTextAsync()).Trim();
        await row.Locator("a[href^='/customers/']").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Textbox, new() { Name = "Type the email to confirm" });
        var erase = page.GetByRole(AriaRole.Button, new() { Name = "Erase personal data" });
        await Expect(erase).ToBeDisabledAsync();
        await BrowserApp.InteractiveAsync(page);
        await confirm.PressSequentiallyAsync(email[..^1]);
        await Expect(erase).ToBeDisabledAsync();   // one character short
        await confirm.PressSequentiallyAsync(email[^1..]);
        await Expect(erase).ToBeEnabledAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "customer-erase.png"), FullPage = true });
    }

    [Fact]
    public async Task The_service_owner_changes_a_stage_target_and_previews_a_template_in_russian()
    {
        var page = await OnOrdersAsync("owner@demo.touchpoint", "ru-RU");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Заказы" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "orders-ru.png") });

        await page.GotoAsync("/settings/stages");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Сроки этапов" })).ToBeVisibleAsync();
        var packedHours = page.GetByLabel("Собран Часы");
        await Expect(packedHours).ToBeVisibleAsync();
        await BrowserApp.InteractiveAsync(page);
        await packedHours.FillAsync("7");
        await packedHours.PressAsync("Tab");
        await Expect(packedHours).ToHaveValueAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Expect(page.GetByText("Сохранено.")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "settings-stages-ru.png") });
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Собран Часы")).ToHaveValueAsync("7");

        await page.GotoAsync("/settings/templates");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Шаблоны уведомлений" })).ToBeVisibleAsync();
        await Expect(page.Locator("iframe.tp-preview")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "settings-templates-ru.png"), FullPage = true });
    }

    [Fact]
    public async Task The_admin_sees_keys_and_users()
    {
        var page = await OnOrdersAsync("admin@demo.touchpoint");
        await page.GotoAsync("/settings/api-keys");
        // The demo store's key is listed with its name, its prefix and who made it.
        var keys = page.Locator("table tbody tr");
        await Expect(keys.Filter(new() { HasText = "demo" }).First).ToBeVisibleAsync();
        await Expect(keys.Filter(new() { HasText = "demo" }).First).ToContainTextAsync("tp_");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "settings-api-keys.png") });
        await page.GotoAsync("/messages");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sent messages" })).ToBeVisibleAsync();
        // The demo's delay notices are listed; SLA alerts raised while the test runs may sit above them.
        await Expect(page.Locator("tbody tr").Filter(new() { HasText = "Delay notice" }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "messages.png") });
        await page.GotoAsync("/settings/users");
        await Expect(page.GetByText("agent@demo.touchpoint")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "settings-users.png") });

        // The System page: every worker of this instance with its state, the outgoing queue, the versions.
        await page.GotoAsync("/settings/system");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "System", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-worker='outbox.dispatch']")).ToContainTextAsync("Working");
        await Expect(page.Locator("tr[data-worker='routing.assign']")).ToBeVisibleAsync();
        await Expect(page.Locator("#outbox")).ToContainTextAsync("Waiting to be sent");
        await Expect(page.Locator("#versions")).ToContainTextAsync(".NET 10");
        await Expect(page.Locator("#versions")).ToContainTextAsync("SQLite");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "settings-system.png"), FullPage = true });
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_agent_on_the_login_page()
    {
        var page = await App.VisitorAsync();
        await page.GotoAsync("/orders");
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.Locator("input[name=email]").FillAsync("agent@demo.touchpoint");
        await page.Locator("input[name=password]").FillAsync("wrong-password");
        await page.Locator("form[action='/account/login'] button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?error=1"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "login-error.png") });
    }
}
