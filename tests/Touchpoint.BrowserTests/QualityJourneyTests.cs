using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Quality;
using Touchpoint.Platform.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>
/// Quality in Chromium: a Polish auditor reviews a demo conversation beside its thread; the agent opens their review and
/// disputes one answer; the service owner accepts and the score changes everywhere.
/// </summary>
public sealed class QualityJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<T> InDbAsync<T>(Func<TouchpointDb, Task<T>> read)
    {
        using var scope = App.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<TouchpointDb>());
    }

    private static string Shot(string name) => Path.Combine(BrowserApp.ScreenshotDir, name);

    private static async Task UntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "What should have happened did not within 20 s.");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task An_auditor_reviews_beside_the_thread_the_agent_disputes_and_the_owner_accepts()
    {
        // A demo email conversation only Anna (agent@demo.touchpoint) answered publicly, not reviewed yet.
        var (number, annaId) = await InDbAsync(async db =>
        {
            var anna = await db.Users.Where(u => u.Email == "agent@demo.touchpoint").Select(u => u.Id).SingleAsync(Ct);
            var reviewed = await db.Set<Review>().Where(r => r.ConversationNumber != null).Select(r => r.ConversationNumber!.Value).ToListAsync(Ct);
            var candidates = await db.Set<Conversation>().AsNoTracking().Include(c => c.Messages)
                .Where(c => c.Channel == Channel.Email && c.Messages.Any(m => m.Type == MessageType.Reply && m.AuthorId == anna))
                .OrderBy(c => c.Number).Take(50).ToListAsync(Ct);
            var pick = candidates.First(c => !reviewed.Contains(c.Number)
                && c.Messages.Where(m => m.Type == MessageType.Reply).All(m => m.AuthorId == anna));
            return (pick.Number, anna);
        });

        // The auditor, in Polish: the thread on the left, the support scorecard on the right, Anna picked as the reviewee.
        var auditor = await App.LoggedInAsync("auditor@demo.touchpoint", "pl-PL");
        await auditor.GotoAsync($"/conversations/{number}/review");
        await Expect(auditor.GetByRole(AriaRole.Heading, new() { Name = "Ocena jakości" })).ToBeVisibleAsync();
        await Expect(auditor.Locator(".tp-review-thread .tp-msg-reply").First).ToBeVisibleAsync();
        await Expect(auditor.Locator("[data-criterion=name]")).ToContainTextAsync("Zwraca się do klienta po imieniu");
        var greeting = auditor.Locator("[data-criterion=within_promise] button[data-value='1']");
        await BrowserApp.ClickUntilAsync(greeting, async () => await greeting.GetAttributeAsync("aria-checked") == "true");
        // Yes everywhere but "addresses by name" (no); 4 of 5 on the scales: 100 × 9.5 / 12 = 79.2
        foreach (var key in new[] { "within_promise", "next_step", "wrong_information", "personal_data" })
        {
            await auditor.Locator($"[data-criterion={key}] button[data-value='1']").ClickAsync();
        }
        await auditor.Locator("[data-criterion=name] button[data-value='0']").ClickAsync();
        foreach (var key in new[] { "procedure", "no_repeat", "register" })
        {
            await auditor.Locator($"[data-criterion={key}] button[data-value='4']").ClickAsync();
        }
        await Expect(auditor.Locator("[data-field=preview]")).ToContainTextAsync("79,2");
        await auditor.ScreenshotAsync(new() { Path = Shot("quality-review-beside-thread-pl.png"), FullPage = true });
        await auditor.Locator("[data-action=submit-review]").ClickAsync();
        await Expect(auditor.Locator("[data-field=result]")).ToContainTextAsync("79,2");
        var review = await InDbAsync(db => db.Set<Review>().AsNoTracking().SingleAsync(r => r.ConversationNumber == number, Ct));
        Assert.Equal(annaId, review.RevieweeId);
        Assert.Equal(QualityDefaults.Support, review.ScorecardKey);
        Assert.Equal(79.2, review.Score);

        // Anna sees her review and disputes "addresses by name".
        var agent = await App.LoggedInAsync("agent@demo.touchpoint", "pl-PL");
        await agent.GotoAsync($"/quality?review={review.Id}");
        await Expect(agent.Locator("[data-field=detail-score]")).ToHaveTextAsync("79,2");
        // Her score over time, newest week first: this week's point counts the review just scored.
        await Expect(agent.Locator("[data-panel=score-trend] h2")).ToHaveTextAsync("Wynik w czasie");
        var thisWeek = agent.Locator("[data-panel=score-trend] [data-list=score-trend] tbody tr").First;
        await Expect(thisWeek.Locator("[data-field=reviews]")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"));
        var disputeForm = agent.Locator("[data-panel=dispute] [data-criterion=name] select");
        await BrowserApp.ClickUntilAsync(agent.Locator("[data-action=dispute]"), () => disputeForm.IsVisibleAsync());
        await disputeForm.SelectOptionAsync("1");
        await agent.Locator("[data-field=dispute-comment] textarea, textarea[data-field=dispute-comment]").First
            .FillAsync("Klientka prosiła, żeby nie zwracać się do niej po imieniu — jest to w notatce.");
        await agent.ScreenshotAsync(new() { Path = Shot("quality-agent-dispute-pl.png"), FullPage = true });
        await agent.Locator("[data-action=send-dispute]").ClickAsync();
        await Expect(agent.Locator("[data-dispute][data-status=open]")).ToBeVisibleAsync();
        var dispute = await InDbAsync(db => db.Set<Dispute>().AsNoTracking().SingleAsync(d => d.ReviewId == review.Id, Ct));
        Assert.Equal(new[] { new ProposedAnswer("name", 1) }, dispute.Proposed);

        // The owner finds it among the open disputes and accepts: 100 × 10.5 / 12 = 87.5.
        var owner = await App.LoggedInAsync("owner@demo.touchpoint");
        await owner.GotoAsync("/quality");
        var disputesTab = owner.Locator("[data-tab=disputes]");
        var row = owner.Locator($"tr[data-dispute='{dispute.Id}'] button");
        await BrowserApp.ClickUntilAsync(disputesTab, () => row.IsVisibleAsync());
        await owner.ScreenshotAsync(new() { Path = Shot("quality-owner-disputes.png"), FullPage = true });
        await row.ClickAsync();
        await owner.Locator("[data-action=accept]").ClickAsync();
        await Expect(owner.Locator("[data-field=detail-score]")).ToHaveTextAsync(new Regex(@"^87[.,]5$"));
        await Expect(owner.Locator("[data-list=history] li[data-kind=answers_changed]")).ToContainTextAsync(new Regex(@"79[.,]2"));
        // The change names the criterion in the reader's words and the answers as the scale shows them, not keys and numbers.
        var changed = owner.Locator("[data-list=history] li[data-kind=answers_changed] [data-field=answers-changed]");
        await Expect(changed).ToHaveTextAsync("Addresses the customer by name: No → Yes");
        await owner.ScreenshotAsync(new() { Path = Shot("quality-owner-accepted.png"), FullPage = true });
        await UntilAsync(async () => await InDbAsync(db => db.Set<Review>().AsNoTracking().Where(r => r.Id == review.Id).Select(r => r.Score).SingleAsync(Ct)) == 87.5);

        // The reviews, filtered to Anna, carry the changed score.
        await owner.Locator("[data-tab=reviews]").ClickAsync();
        await owner.Locator("select[data-field=reviewee-filter]").SelectOptionAsync(annaId);
        await Expect(owner.Locator($"tr[data-review='{review.Id}'] [data-field=score]")).ToContainTextAsync(new Regex(@"87[.,]5"));
        // The filtered list arrives a round trip after the select; wait for it rather than read the rows the filter replaces.
        var reviewees = owner.Locator("[data-list=reviews] tbody tr td:nth-child(2)");
        await Expect(reviewees.Filter(new() { HasNotTextRegex = new Regex(@"^\s*agent@demo\.touchpoint\s*$") })).ToHaveCountAsync(0);
        Assert.All(await reviewees.AllInnerTextsAsync(), r => Assert.Equal("agent@demo.touchpoint", r.Trim()));
        await owner.ScreenshotAsync(new() { Path = Shot("quality-owner-reviews.png"), FullPage = true });

        // The gaps of the standard over the last 30 days: the criteria passed least often first.
        var gaps = owner.Locator("[data-list=gaps] tr[data-criterion]");
        await BrowserApp.ClickUntilAsync(owner.Locator("[data-tab=gaps]"), async () => await gaps.CountAsync() > 0);
        await owner.ScreenshotAsync(new() { Path = Shot("quality-owner-gaps.png"), FullPage = true });

        // The conversation page shows the changed score as a chip.
        await owner.GotoAsync($"/conversations/{number}");
        await Expect(owner.Locator($"[data-panel=quality-reviews] [data-review='{review.Id}']")).ToContainTextAsync(new Regex(@"87[.,]5"));
        await owner.ScreenshotAsync(new() { Path = Shot("quality-conversation-chip.png") });
    }
    [Fact]
    public async Task The_owner_and_the_auditor_calibrate_blind_and_the_owner_sees_the_spread()
    {
        var number = await InDbAsync(db => db.Set<Conversation>().AsNoTracking().Where(c => c.Channel == Channel.Email).OrderBy(c => c.Number).Select(c => c.Number).FirstAsync(Ct));
        static ILocator Field(IPage page, string name) => page.Locator($"input[data-field={name}], [data-field={name}] input").First;

        // The service owner opens a session on the support scorecard for herself and the auditor.
        var owner = await App.LoggedInAsync("owner@demo.touchpoint", "pl-PL");
        await owner.SetViewportSizeAsync(1440, 900);
        await owner.GotoAsync("/quality?tab=calibration");
        await Expect(owner.Locator("[data-panel=calibration-form]")).ToBeVisibleAsync();
        await BrowserApp.InteractiveAsync(owner);
        await Field(owner, "calibration-name").FillAsync("Kalibracja grudzień");
        await Field(owner, "calibration-conversations").FillAsync($"#{number}, zly");
        await Field(owner, "calibration-conversations").PressAsync("Tab");
        await owner.Locator("select[data-field=calibration-scorecard]").SelectOptionAsync(QualityDefaults.Support);
        await owner.GetByLabel("owner@demo.touchpoint").CheckAsync();
        await owner.GetByLabel("auditor@demo.touchpoint").CheckAsync();
        // A word that is no number is refused, in Polish, before anything is opened.
        await owner.Locator("[data-action=create-calibration]").ClickAsync();
        await Expect(owner.Locator("[data-field=calibration-errors]")).ToContainTextAsync("zly");
        await Field(owner, "calibration-conversations").FillAsync($"{number}");
        await Field(owner, "calibration-conversations").PressAsync("Tab");
        await owner.Locator("[data-action=create-calibration]").ClickAsync();
        await Expect(owner.Locator("[data-calibration]")).ToBeVisibleAsync();
        var id = Guid.Parse((await owner.Locator("[data-calibration]").GetAttributeAsync("data-calibration"))!);

        // The owner scores the conversation at the top of every scale.
        await owner.Locator($"[data-list=calibration-conversations] tr[data-conversation='{number}'] [data-action=score]").ClickAsync();
        await Expect(owner.Locator("[data-panel=calibration-score] [data-criterion]").First).ToBeVisibleAsync();
        foreach (var criterion in await owner.Locator("[data-panel=calibration-score] [data-criterion]").AllAsync())
        {
            await AnswerAsync(criterion, top: true);
        }
        await owner.Locator("[data-action=submit-calibration]").ClickAsync();
        await Expect(owner.Locator($"tr[data-conversation='{number}'] [data-field=own-score]")).Not.ToHaveTextAsync("—");

        // The auditor sees the session, not the owner's score, and agrees on all but one criterion, which she fails.
        var auditor = await App.LoggedInAsync("auditor@demo.touchpoint", "pl-PL");
        await auditor.SetViewportSizeAsync(1440, 900);
        await auditor.GotoAsync("/quality?tab=calibration");
        var row = auditor.Locator($"tr[data-calibration-row='{id}'] button");
        await BrowserApp.ClickUntilAsync(row, () => auditor.Locator("[data-calibration]").IsVisibleAsync());
        await Expect(auditor.Locator("[data-field=own-score]")).ToHaveTextAsync("—");
        Assert.Equal(0, await auditor.Locator("[data-result]").CountAsync());
        await auditor.Locator("[data-action=score]").ClickAsync();
        await Expect(auditor.Locator("[data-panel=calibration-score] [data-criterion]").First).ToBeVisibleAsync();
        var criteria = await auditor.Locator("[data-panel=calibration-score] [data-criterion]").AllAsync();
        string? failed = null;
        foreach (var criterion in criteria)
        {
            if (failed is null && await criterion.Locator(".tp-crit-flag").CountAsync() == 0)
            {
                failed = await criterion.GetAttributeAsync("data-criterion");
                await AnswerAsync(criterion, top: false);
                continue;
            }
            await AnswerAsync(criterion, top: true);
        }
        await auditor.ScreenshotAsync(new() { Path = Shot("quality-calibration-score-pl.png"), FullPage = true });
        await auditor.Locator("[data-action=submit-calibration]").ClickAsync();
        await Expect(auditor.Locator("[data-field=own-score]")).Not.ToHaveTextAsync("—");
        await Expect(auditor.Locator("[data-field=progress]")).ToContainTextAsync("2 z 2");

        // The owner's result: the total and each criterion with the spread and each reviewer's distance, the far ones flagged.
        await owner.Locator("[data-action=calibration-back]").ClickAsync();
        await BrowserApp.ClickUntilAsync(owner.Locator($"tr[data-calibration-row='{id}'] button"), () => owner.Locator($"[data-result='{number}']").IsVisibleAsync());
        var result = owner.Locator($"[data-result='{number}']");
        await Expect(result.Locator("tr[data-row=total] td[data-reviewer]")).ToHaveCountAsync(2);
        // Both are as far from the median of two: the failed criterion (100 points apart) is flagged for both, the rest for nobody.
        await Expect(result.Locator($"tr[data-row='{failed}'] td[data-flagged=true]")).ToHaveCountAsync(2);
        await Expect(result.Locator($"tr[data-row='{failed}'] [data-field=spread]")).ToHaveTextAsync(new Regex(@"^100[.,]0$"));
        Assert.Equal(criteria.Count + 1, await result.Locator("tr[data-row]").CountAsync());
        Assert.Equal(0, await result.Locator($"tr[data-row]:not([data-row=total]):not([data-row='{failed}']) td[data-flagged=true]").CountAsync());
        await owner.ScreenshotAsync(new() { Path = Shot("quality-calibration-result-pl.png"), FullPage = true });

        var scores = await InDbAsync(db => db.Set<CalibrationScore>().AsNoTracking().Where(x => x.SessionId == id).ToListAsync(Ct));
        Assert.Equal(["auditor@demo.touchpoint", "owner@demo.touchpoint"], scores.Select(x => x.Reviewer).Order(StringComparer.Ordinal));
        Assert.Equal(100, scores.Single(x => x.Reviewer == "owner@demo.touchpoint").Score);
        Assert.True(scores.Single(x => x.Reviewer == "auditor@demo.touchpoint").Score < 100);
    }

    [Fact]
    public async Task The_owner_previews_approves_and_downloads_the_bonus_table()
    {
        var owner = await App.LoggedInAsync("owner@demo.touchpoint", "pl-PL");
        await owner.SetViewportSizeAsync(1440, 900);
        await owner.GotoAsync("/quality?tab=bonus");
        // The demo's reviews are of this month: a preview until approved.
        await Expect(owner.Locator("[data-list=bonus] tr[data-agent]").First).ToBeVisibleAsync();
        await Expect(owner.Locator("[data-field=bonus-status]")).ToContainTextAsync("Podgląd");
        var period = (await owner.Locator("[data-field=bonus-month]").GetAttributeAsync("data-period"))!;
        var rows = await owner.Locator("[data-list=bonus] tr[data-agent]").CountAsync();

        await BrowserApp.ClickUntilAsync(owner.Locator("[data-action=bonus-approve]"), () => owner.Locator("[data-action=bonus-approve-confirm]").IsVisibleAsync());
        await owner.Locator("[data-action=bonus-approve-confirm]").ClickAsync();
        await Expect(owner.Locator("[data-field=bonus-status]")).ToContainTextAsync("Zatwierdził(a) owner@demo.touchpoint");
        await Expect(owner.Locator("[data-action=bonus-approve]")).ToHaveCountAsync(0);
        await owner.ScreenshotAsync(new() { Path = Shot("quality-bonus-approved-pl.png"), FullPage = true });
        Assert.True(await InDbAsync(db => db.Set<BonusPeriod>().AnyAsync(p => p.Period == period, Ct)));

        // The download link is the API's CSV of the same month, read with the owner's session.
        var href = await owner.Locator("[data-action=bonus-csv]").GetAttributeAsync("href");
        Assert.Equal($"/api/v1/quality/bonus?period={period}&format=csv", href);
        var csv = await owner.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("agent,score,bonusPercent,reason", lines[0]);
        Assert.Equal(rows + 1, lines.Length);

        // The month before, with no reviews, is shown empty, as a preview, its name in Polish.
        await owner.Locator("[data-action=bonus-previous]").ClickAsync();
        var before = DateTime.ParseExact(period, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture).AddMonths(-1);
        await Expect(owner.Locator("[data-field=bonus-month]")).ToHaveAttributeAsync("data-period", before.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(owner.Locator("[data-field=bonus-month]")).ToContainTextAsync(before.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(owner.Locator("[data-field=bonus-status]")).ToContainTextAsync("Podgląd");
        // The demo's history reaches back eight weeks: last month is a preview with rows. Blending SLA compliance at 0.3
        // shows the weight and the QA, SLA and score-used columns.
        await Expect(owner.Locator("[data-list=bonus] tr[data-agent]").First).ToBeVisibleAsync();
        var weight = owner.Locator("[data-field=bonus-weight-input]").Locator("xpath=descendant-or-self::input").First;
        await weight.FillAsync("0,3");
        await weight.PressAsync("Tab");
        await owner.Locator("[data-action=bonus-weight-save]").ClickAsync();
        await Expect(owner.Locator("[data-field=bonus-sla-weight]")).ToHaveAttributeAsync("data-weight", "0.3");
        await Expect(owner.Locator("[data-list=bonus] tr[data-agent] td[data-field=sla]").First).ToBeVisibleAsync();
        await owner.ScreenshotAsync(new() { Path = Shot("quality-bonus-sla-pl.png"), FullPage = true });
    }

    /// <summary>Answers a criterion at the top or the bottom of its scale (yes or no on yes/no, the highest or lowest number otherwise).</summary>
    private static async Task AnswerAsync(ILocator criterion, bool top)
    {
        var values = (await criterion.Locator("button[role=radio]:not([data-value=na])").EvaluateAllAsync<string[]>("bs => bs.map(b => b.dataset.value)"))
            .Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await criterion.Locator($"button[role=radio][data-value='{(top ? values.Max() : values.Min())}']").ClickAsync();
    }
}
