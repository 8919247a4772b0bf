using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Routing;
using Touchpoint.Platform.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>Presence and routing in Chromium: an agent goes online and gets a chat, goes offline and the chat returns to the queue.</summary>
public sealed partial class RoutingJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The presence chip opens a menu; the circuit may still be starting, so retry until the choice shows.</summary>
    private static async Task SetPresenceAsync(IPage page, string label)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await page.Locator("[data-testid=presence] button").First.ClickAsync();
            var item = page.GetByRole(AriaRole.Menuitem, new() { Name = label });
            try
            {
                await item.ClickAsync(new() { Timeout = 2000 });
                await Expect(page.Locator(".tp-presence")).ToContainTextAsync(label, new() { Timeout = 5000 });
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, $"presence-retry-{label}.png") });
                await File.WriteAllTextAsync(Path.Combine(BrowserApp.ScreenshotDir, $"presence-retry-{label}.html"), await page.ContentAsync(), Ct);
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    private async Task<(string? AssigneeId, string? Reason)> AssignmentAsync(long number)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var c = await db.Set<Conversation>().AsNoTracking().SingleAsync(x => x.Number == number, Ct);
        return (c.AssigneeId, c.AssignmentReason);
    }

    [Fact]
    public async Task An_agent_online_gets_a_chat_and_going_offline_returns_it_to_the_queue()
    {
        var page = await App.LoggedInAsync("agent.en@demo.touchpoint");
        await Expect(page.Locator(".tp-presence")).ToContainTextAsync("Offline");
        await SetPresenceAsync(page, "Online");

        var subject = $"Chat {Guid.NewGuid():N}"[..17];
        long number;
        using (var scope = App.Services.CreateScope())
        {
            number = (await scope.ServiceProvider.GetRequiredService<ConversationDesk>().ReceiveAsync(new Inbound
            {
                Source = "test", Channel = Channel.Chat, Email = $"chat-{Guid.NewGuid():N}@example.com", DefaultLanguage = "en", Topic = "payment_status",
                Subject = subject, Message = new NewMessage("Hi, did my payment go through?"), Acknowledge = false, Actor = "test",
            }, Ct)).Number;
        }

        // Routing gives it to her: it appears in "Mine" with the reason, without a reload.
        await page.Locator("[data-queue=mine]").ClickAsync();
        var row = page.Locator("tbody tr").Filter(new() { HasText = subject });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("skills: Payment status · English");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "routing-mine-online.png"), FullPage = true });

        // Lunch: she goes offline; the chat goes back to the queue (her emails stay with her).
        await SetPresenceAsync(page, "Offline");
        await Expect(page.Locator("tbody tr").Filter(new() { HasText = subject })).ToHaveCountAsync(0);
        var (assignee, reason) = await AssignmentAsync(number);
        Assert.Null(assignee);
        Assert.NotNull(reason);
        await page.Locator("[data-queue=unassigned]").ClickAsync();
        var waiting = page.Locator("tbody tr").Filter(new() { HasText = subject });
        await Expect(waiting).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "routing-returned.png"), FullPage = true });

        // The service owner sees it waiting, and who carries what.
        var owner = await App.LoggedInAsync("owner@demo.touchpoint");
        await owner.GotoAsync("/workload");
        await Expect(owner.Locator("[data-testid=workload-queue]")).ToContainTextAsync(subject);
        await Expect(owner.Locator("[data-testid=workload-agents]")).ToContainTextAsync("Emma Brown");
        await owner.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "workload.png"), FullPage = true });
        await owner.GotoAsync("/settings/agents");
        await Expect(owner.Locator("[data-testid=agents]")).ToContainTextAsync("Ivan Petrov");
        await Expect(owner.Locator("[data-testid=duty] tbody tr").First).ToBeVisibleAsync();
        await owner.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "agents-settings.png"), FullPage = true });

        // The same pages in Polish: topic names, channels, weekday names and durations in the reader's language.
        var polish = await App.LoggedInAsync("owner@demo.touchpoint", "pl-PL");
        await polish.GotoAsync("/workload");
        await Expect(polish.GetByRole(AriaRole.Heading, new() { Name = "Obciążenie" })).ToBeVisibleAsync();
        await Expect(polish.Locator("[data-testid=workload-queue]")).ToContainTextAsync(subject);
        await polish.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "workload-pl.png"), FullPage = true });
        await polish.GotoAsync("/settings/agents");
        await Expect(polish.Locator("[data-testid=agents]")).ToContainTextAsync("pon.–pt. 09:00–13:00, 14:00–18:00");

        // The on-duty roster reads in the reader's format (day.month.year, 24-hour clock), whatever the browser's own
        // language; a cover added for the next hour is saved in the store's zone.
        var duty = polish.Locator("[data-testid=duty] tbody tr");
        var shown = await duty.First.Locator("input").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
        Assert.Contains(shown, v => Regex.IsMatch(v, @"^\d{1,2}\.\d{2}\.\d{4}$"));
        Assert.Contains(shown, v => Regex.IsMatch(v, @"^\d{2}:\d{2}$"));
        int Roster() { using var scope = App.Services.CreateScope(); return scope.ServiceProvider.GetRequiredService<AgentAdmin>().Duty().Count; }
        var before = Roster();
        var rows = await duty.CountAsync();
        await BrowserApp.UntilInteractiveAsync(polish, () => polish.Locator("[data-testid=duty-add]").ClickAsync(), async () => await duty.CountAsync() > rows);
        await polish.Locator("[data-testid=duty-save]").ClickAsync();
        await Expect(polish.GetByText("Zapisano.")).ToBeVisibleAsync();
        Assert.Equal(before + 1, Roster());
        using (var scope = App.Services.CreateScope())
        {
            Assert.Contains(scope.ServiceProvider.GetRequiredService<AgentAdmin>().Duty(), d => d.To - d.From == TimeSpan.FromHours(1));
        }
        await polish.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "agents-settings-pl.png"), FullPage = true });
    }
}
