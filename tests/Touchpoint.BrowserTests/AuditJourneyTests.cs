using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Touchpoint.Features.Demo;
using Touchpoint.Features.Quality;
using Touchpoint.Platform.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>
/// A mystery-shopper audit in Chromium: the Polish auditor opens a due task of the demo's sales plan, uploads a photo,
/// answers the scorecard and submits; the agent then sees the audit with the photo.
/// </summary>
public sealed class AuditJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Shot(string name) => Path.Combine(BrowserApp.ScreenshotDir, name);

    [Fact]
    public async Task An_auditor_audits_with_a_photo_and_the_agent_sees_it()
    {
        var auditor = await App.LoggedInAsync("auditor@demo.touchpoint", "pl-PL");
        await auditor.SetViewportSizeAsync(1440, 900);
        await auditor.GotoAsync("/quality?tab=audits");
        var row = auditor.Locator("[data-list=audit-tasks] tr[data-task]", new() { HasText = "agent@demo.touchpoint" }).First;
        await Expect(row).ToBeVisibleAsync();
        await auditor.ScreenshotAsync(new() { Path = Shot("quality-audit-tasks-pl.png"), FullPage = true });
        var taskId = Guid.Parse((await row.GetAttributeAsync("data-task"))!);
        await BrowserApp.ClickUntilAsync(row.Locator("[data-action=start-audit]"), () => auditor.Locator("[data-audit]").IsVisibleAsync());
        await Expect(auditor.Locator("[data-field=scenario]")).ToContainTextAsync("Scenariusz");

        await auditor.Locator("[data-field=photos]").SetInputFilesAsync(new FilePayload { Name = "paczka.png", MimeType = "image/png", Buffer = DemoAudits.ParcelPng() });
        await Expect(auditor.Locator("[data-list=evidence] img")).ToHaveCountAsync(1);
        foreach (var criterion in await auditor.Locator("[data-criterion]").AllAsync())
        {
            await criterion.Locator("button[role=radio]").First.ClickAsync();
        }
        await auditor.ScreenshotAsync(new() { Path = Shot("quality-audit-form-pl.png"), FullPage = true });
        await auditor.Locator("[data-action=submit-audit]").ClickAsync();
        await Expect(auditor.Locator("[data-field=audit-status]")).ToContainTextAsync("Wysłany");

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var audit = await db.Set<Audit>().AsNoTracking().SingleAsync(a => a.TaskId == taskId, Ct);
        Assert.Equal(AuditStatus.Submitted, audit.Status);
        Assert.Single(audit.Reviews.Items);
        Assert.Equal(1, await db.Set<AuditEvidence>().CountAsync(e => e.AuditId == audit.Id, Ct));

        var agent = await App.LoggedInAsync("agent@demo.touchpoint", "pl-PL");
        await agent.SetViewportSizeAsync(1440, 900);
        await agent.GotoAsync("/quality?tab=audits");
        var mine = agent.Locator($"[data-audit-row='{audit.Id}'] button");
        await Expect(mine).ToBeVisibleAsync();
        await BrowserApp.ClickUntilAsync(mine, () => agent.Locator("[data-audit]").IsVisibleAsync());
        var photo = agent.Locator("[data-list=evidence] img").First;
        await Expect(photo).ToBeVisibleAsync();
        // The photo is served to her (signed in, the audit is about her): the browser decoded it.
        Assert.True(await photo.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 0 ||
            await agent.WaitForFunctionAsync("() => document.querySelector('[data-list=evidence] img').naturalWidth > 0") is not null);
        await agent.ScreenshotAsync(new() { Path = Shot("quality-audit-agent-pl.png"), FullPage = true });
    }
}
