using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>The helpdesk in Chromium: an agent takes an unassigned conversation, answers it and resolves it.</summary>
public sealed partial class HelpdeskJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IPage> LoggedInAsync(string email, string language = "en-US")
    {
        var context = await App.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseAddress.ToString(), Locale = language, ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("input[name=email]").FillAsync(email);
        await page.Locator("input[name=password]").FillAsync("demo-2026");
        await page.Locator("form[action='/account/login'] button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(ConversationsUrl());
        return page;
    }

    [GeneratedRegex(@"/conversations(\?.*)?$")]
    private static partial Regex ConversationsUrl();

    /// <summary>Interactive controls do nothing until the circuit is up; retry the click until <paramref name="done"/> holds.</summary>
    private static async Task ClickUntilAsync(ILocator target, Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await target.ClickAsync();
            await Task.Delay(400, Ct);
        }
        while (!await done() && DateTime.UtcNow < deadline);
    }

    [Fact]
    public async Task An_agent_takes_an_unassigned_conversation_answers_and_resolves_it()
    {
        var page = await LoggedInAsync("agent.en@demo.touchpoint");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unassigned" })).ToBeVisibleAsync();
        var rows = page.Locator("tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "queue-unassigned.png"), FullPage = true });

        // Open the first one that has an order linked (the customer panel shows it).
        var link = rows.First.Locator("a[href^='/conversations/']").First;
        var number = (await link.InnerTextAsync()).Trim();
        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/conversations/{number}$"));
        await Expect(page.Locator(".tp-msg-inbound").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-panel=orders]")).ToBeVisibleAsync();

        var take = page.Locator("[data-action=take]");
        await ClickUntilAsync(take, async () => await take.CountAsync() == 0);
        await Expect(page.Locator(".tp-conv-props")).ToContainTextAsync("Emma Brown");

        var body = page.Locator("[data-field=body] textarea").First;
        await body.FillAsync("Thank you for writing. Your parcel leaves our warehouse today.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "conversation-reply.png"), FullPage = true });
        await page.Locator("[data-action=send-resolve]").ClickAsync();
        await Expect(page.Locator(".tp-msg-reply").Last).ToContainTextAsync("Your parcel leaves our warehouse today.");
        await Expect(page.Locator(".tp-conv-props")).ToContainTextAsync("Resolved");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "conversation-resolved.png"), FullPage = true });

        // It is in the resolved queue now, and no longer unassigned.
        await page.GotoAsync("/conversations?queue=resolved");
        await Expect(page.Locator($"tr[data-number='{number}']")).ToBeVisibleAsync();
        await page.GotoAsync("/conversations?queue=unassigned");
        await Expect(page.Locator($"tr[data-number='{number}']")).ToHaveCountAsync(0);
    }
}
