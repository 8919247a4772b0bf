using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>SLA in Chromium: the service owner adds a calendar and a policy; an agent's queue counts down to the due times.</summary>
public sealed partial class SlaJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<T> InDbAsync<T>(Func<TouchpointDb, Task<T>> read)
    {
        using var scope = App.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<TouchpointDb>());
    }

    [Fact]
    public async Task The_owner_sets_a_calendar_and_a_policy_and_the_agents_queue_counts_down()
    {
        var owner = await App.LoggedInAsync("owner@demo.touchpoint");
        await owner.GotoAsync("/settings/sla");

        // A calendar for the warehouse team: a lunch break on Mondays, a short Friday.
        var calendarName = owner.GetByRole(AriaRole.Textbox, new() { Name = "Key" });
        await BrowserApp.ClickUntilAsync(owner.GetByRole(AriaRole.Button, new() { Name = "New calendar" }), () => calendarName.IsVisibleAsync());
        await calendarName.FillAsync("Warehouse shifts");
        await owner.GetByRole(AriaRole.Textbox, new() { Name = "Time zone" }).FillAsync("Europe/Warsaw");
        await owner.Locator("[data-day=monday] input, input[data-day=monday]").First.FillAsync("07:00-11:00, 11:30-15:00");
        await owner.Locator("[data-day=friday] input, input[data-day=friday]").First.FillAsync("07:00-13:00");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save" }).Last.ClickAsync();
        await Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Warehouse shifts" })).ToBeVisibleAsync();
        var calendar = await InDbAsync(db => db.Set<SlaCalendar>().AsNoTracking().SingleAsync(c => c.Name == "Warehouse shifts", Ct));
        Assert.Equal("Europe/Warsaw", calendar.TimeZone);
        await owner.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "sla-calendar.png"), FullPage = true });

        // A policy with a 30-minute first response and a 4-hour hard limit.
        var policyName = owner.Locator("[data-table=targets]");
        await BrowserApp.ClickUntilAsync(owner.GetByRole(AriaRole.Button, new() { Name = "New policy" }), () => policyName.IsVisibleAsync());
        await owner.GetByRole(AriaRole.Textbox, new() { Name = "Key" }).First.FillAsync("Warehouse questions");
        var first = owner.Locator("[data-table=targets] tr[data-target=first_response]");
        await first.GetByRole(AriaRole.Checkbox).CheckAsync();
        await Expect(first.GetByRole(AriaRole.Textbox, new() { Name = "Goal" })).ToBeEnabledAsync();
        await first.GetByRole(AriaRole.Textbox, new() { Name = "Goal" }).FillAsync("30m");
        await first.GetByRole(AriaRole.Textbox, new() { Name = "Hard limit" }).FillAsync("4h");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save" }).First.ClickAsync();
        await Expect(owner.Locator("[data-policy='Warehouse questions']")).ToBeVisibleAsync();
        var policy = await InDbAsync(db => db.Set<SlaPolicy>().AsNoTracking().SingleAsync(p => p.Name == "Warehouse questions", Ct));
        Assert.Contains("1800", policy.Targets, StringComparison.Ordinal);
        Assert.Contains("14400", policy.Targets, StringComparison.Ordinal);
        await owner.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "sla-settings.png"), FullPage = true });

        // The agent's queue: each open conversation counts down to its due time, soonest first.
        var agent = await App.LoggedInAsync("agent.en@demo.touchpoint");
        var cells = agent.Locator("tbody td.tp-sla-cell[data-sla-due]:not([data-sla-due=''])");
        await Expect(cells.First).ToBeVisibleAsync();
        await Expect(cells.First).ToHaveTextAsync(new Regex(@"\d"));
        var dues = await cells.EvaluateAllAsync<string[]>("cells => cells.map(c => c.getAttribute('data-sla-due'))");
        Assert.True(dues.Length > 1);
        await agent.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "sla-queue-countdown.png"), FullPage = true });
    }

    [Fact]
    public async Task A_russian_service_owner_reads_the_compliance_report_with_its_charts()
    {
        // The demo desk answered some conversations when it was seeded, so today has first responses to count.
        var owner = await App.LoggedInAsync("owner@demo.touchpoint", "ru-RU");
        await owner.GotoAsync("/reports/sla");
        await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Соблюдение SLA" })).ToBeVisibleAsync();
        var firstResponse = owner.Locator("[data-total=first_response]");
        await Expect(firstResponse).ToBeVisibleAsync();
        await Expect(firstResponse).ToContainTextAsync("%");
        await Expect(owner.Locator(".mud-chart svg").First).ToBeVisibleAsync();
        await owner.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "sla-report-ru.png"), FullPage = true });
    }
}
