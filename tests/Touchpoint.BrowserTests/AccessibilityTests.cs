using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>
/// axe-core (WCAG 2 A and AA rules) over every agent and public page, as a signed-in service owner and as a visitor:
/// no serious or critical finding. Each page is checked once it is live (the workspace) or loaded (public pages).
/// </summary>
public sealed class AccessibilityTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    // A customer's mail is shown in a sandboxed frame without scripts, where nothing can be injected: axe would wait for it
    // for ever. The frame is the customer's HTML, not ours; the page around it is checked.
    private static readonly AxeRunOptions Wcag = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        Iframes = false,
    };

    private static async Task<IEnumerable<string>> SeriousAsync(IPage page, string what)
    {
        var result = await page.RunAxe(Wcag).WaitAsync(TimeSpan.FromSeconds(60));
        return result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v =>
        {
            var nodes = string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html.Length > 160 ? n.Html[..160] : n.Html));
            return $"{what}: [{v.Impact}] {v.Id} — {v.Help} ({v.Nodes.Length} nodes) e.g. {nodes}";
        });
    }

    [Fact]
    public async Task Every_agent_and_public_page_passes_axe_without_serious_findings()
    {
        var findings = new List<string>();
        var owner = await App.LoggedInAsync("admin@demo.touchpoint", "pl-PL");
        var firstConversation = await owner.Locator("a[href^='/conversations/']").First.GetAttributeAsync("href");
        await owner.GotoAsync("/orders");
        var firstOrder = await owner.Locator("tbody a[href^='/orders/']").First.GetAttributeAsync("href");
        await owner.GotoAsync("/customers");
        var firstCustomer = await owner.Locator("tbody a[href^='/customers/']").First.GetAttributeAsync("href");
        string[] agentPages =
        [
            "/conversations", firstConversation!, firstConversation + "/review", "/orders", firstOrder!, "/customers", firstCustomer!, "/messages",
            "/reports", "/reports/sla", "/quality", "/quality?tab=queue", "/quality?tab=assignments", "/workload",
            "/settings", "/settings/agents", "/settings/stages", "/settings/feedback", "/settings/templates", "/settings/topics", "/settings/sla", "/settings/procedures",
            "/settings/canned-replies", "/settings/help", "/settings/api-keys", "/settings/users", "/settings/mailboxes", "/settings/system", "/search?q=%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7", "/search",
            "/account/security",
        ];
        foreach (var path in agentPages)
        {
            await owner.GotoAsync(path);
            if (!path.StartsWith("/account/", StringComparison.Ordinal))
            {
                // The account's pages are static (no circuit), like the login form.
                await BrowserApp.InteractiveAsync(owner);
            }
            try
            {
                await owner.WaitForLoadStateAsync(LoadState.NetworkIdle);
            }
            catch (TimeoutException)
            {
                // Seen once in CI on a loaded machine (2026-12-04, the page not named then): load the page once more,
                // and name it when it is still not idle.
                await owner.GotoAsync(path);
                try
                {
                    await owner.WaitForLoadStateAsync(LoadState.NetworkIdle);
                }
                catch (TimeoutException ex)
                {
                    throw new TimeoutException($"{path} never went network-idle", ex);
                }
            }
            if (path == "/settings/mailboxes")
            {
                // The form checks as the API does: a bad address is named beside its field and nothing is saved (scanned in that state).
                await owner.GetByRole(AriaRole.Textbox, new() { Name = "Nazwa" }).FillAsync("sklep");
                await owner.GetByRole(AriaRole.Textbox, new() { Name = "Adres" }).FillAsync("zly-adres");
                await owner.GetByRole(AriaRole.Textbox, new() { Name = "Serwer IMAP" }).FillAsync("imap.sklep.test");
                await owner.GetByRole(AriaRole.Button, new() { Name = "Zapisz" }).ClickAsync();
                await Expect(owner.GetByText("Podaj poprawny adres e-mail.")).ToBeVisibleAsync();
                await Expect(owner.Locator("td", new() { HasText = "imap.sklep.test" })).ToHaveCountAsync(0);
            }
            if (path == "/settings/canned-replies")
            {
                // A new reply: a shortcut that is not a word is named beside its field; corrected, it is saved and listed.
                await owner.GetByRole(AriaRole.Button, new() { Name = "Nowa odpowiedź" }).ClickAsync();
                await owner.GetByRole(AriaRole.Textbox, new() { Name = "Tytuł" }).FillAsync("Pomyłka w adresie dostawy");
                await owner.GetByRole(AriaRole.Textbox, new() { Name = "Treść odpowiedzi" }).FillAsync("Dzień dobry {{ customer.name }}, przepraszamy za opóźnienie.");
                var shortcut = owner.GetByRole(AriaRole.Textbox, new() { Name = "Skrót" });
                await shortcut.FillAsync("zła skrótka!");
                await owner.GetByRole(AriaRole.Button, new() { Name = "Zapisz" }).ClickAsync();
                await Expect(shortcut).ToHaveAttributeAsync("aria-invalid", "true");
                await shortcut.FillAsync("opoznienie-pl");
                await owner.GetByRole(AriaRole.Button, new() { Name = "Zapisz" }).ClickAsync();
                await Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Pomyłka w adresie dostawy" })).ToBeVisibleAsync();
                await Expect(shortcut).Not.ToHaveAttributeAsync("aria-invalid", "true");
                // The "saved" toast is scanned once it has faded in (half-transparent, any text fails contrast).
                await owner.WaitForFunctionAsync("() => [...document.querySelectorAll('.mud-snackbar')].every(e => getComputedStyle(e).opacity === '1')");
            }
            findings.AddRange(await SeriousAsync(owner, path));
            if (path is "/settings/canned-replies" or "/settings/mailboxes" or "/settings/system" or "/search" or "/account/security" or "/settings/users")
            {
                await owner.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, $"pl{path.Replace('/', '-')}.png"), FullPage = true });
            }
        }

        // An agent's top bar has the presence menu, which the admin's has not; in Russian.
        var agent = await App.LoggedInAsync("agent@demo.touchpoint", "ru-RU");
        foreach (var path in new[] { "/conversations", firstConversation!, "/quality" })
        {
            await agent.GotoAsync(path);
            await BrowserApp.InteractiveAsync(agent);
            findings.AddRange(await SeriousAsync(agent, "agent " + path));
        }

        var visitor = await App.VisitorAsync("pl-PL");
        await visitor.GotoAsync(firstOrder!);
        string[] publicPages = ["/login", "/track?lang=pl", "/contact?lang=pl", "/callback?lang=pl", "/help?lang=pl", "/no-such-page",
            "/login/forgot", "/login/forgot?sent=1", "/login/code", "/login/code?recovery=1&error=1", "/login/reset?user=u&token=t", "/login/reset?error=link"];
        foreach (var path in publicPages)
        {
            await visitor.GotoAsync(path);
            findings.AddRange(await SeriousAsync(visitor, path));
            if (path.StartsWith("/login/", StringComparison.Ordinal))
            {
                var name = string.Concat(path.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
                await visitor.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, $"pl{name}.png") });
            }
        }
        await owner.GotoAsync(firstOrder!);
        var trackingHref = await owner.Locator("a[href*='/track/']").First.GetAttributeAsync("href");
        await visitor.GotoAsync(new Uri(trackingHref!, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } a ? a.PathAndQuery : trackingHref!);
        findings.AddRange(await SeriousAsync(visitor, "/track/{token}"));
        await visitor.GotoAsync("/help?lang=pl");
        var firstArticle = await visitor.Locator("a[href^='/help/']").First.GetAttributeAsync("href");
        await visitor.GotoAsync(firstArticle!);
        findings.AddRange(await SeriousAsync(visitor, "/help/{article}"));

        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }
}
