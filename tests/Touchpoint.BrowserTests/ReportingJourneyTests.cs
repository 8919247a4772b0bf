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
}
