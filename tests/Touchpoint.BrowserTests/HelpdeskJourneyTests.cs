using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>The helpdesk in Chromium: an agent takes an unassigned conversation, answers it and resolves it.</summary>
public sealed partial class HelpdeskJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Sends a filled public form (<c>/contact</c>, <c>/callback</c>) as a person would, a few seconds after opening it
    /// (the form refuses what comes back faster), and returns the number on the confirmation page.
    /// </summary>
    private static async Task<string> SubmitPublicFormAsync(IPage page, string confirmation, string formShot, string sentShot)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, formShot), FullPage = true });
        await Task.Delay(2100, Ct);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(confirmation);
        var number = (await page.Locator(".number").InnerTextAsync()).TrimStart('#');
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, sentShot), FullPage = true });
        return number;
    }

    [Fact]
    public async Task An_agent_takes_an_unassigned_conversation_answers_and_resolves_it()
    {
        var page = await App.LoggedInAsync("agent.en@demo.touchpoint");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unassigned" })).ToBeVisibleAsync();
        var rows = page.Locator("tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "queue-unassigned.png"), FullPage = true });

        // A customer writes while the agent looks at the queue: the row appears without a reload.
        var subject = $"Live {Guid.NewGuid():N}"[..17];
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Touchpoint.Features.Conversations.ConversationDesk>().ReceiveAsync(new Touchpoint.Features.Conversations.Inbound
            {
                Source = "test", Channel = Touchpoint.Features.Conversations.Channel.Api, Email = "live@example.com", DefaultLanguage = "en",
                Subject = subject, Message = new Touchpoint.Features.Conversations.NewMessage("Are you there?"), Acknowledge = false, Actor = "test",
            }, Ct);
        }
        await Expect(page.Locator("tbody tr").Filter(new() { HasText = subject })).ToHaveCountAsync(1);

        // Open one that names an order of the customer: the order is linked and shown beside the thread.
        var withOrder = rows.Filter(new() { HasTextRegex = new Regex(@"order \S*\d") }).First;
        var link = withOrder.Locator("a[href^='/conversations/']").First;
        var number = (await link.InnerTextAsync()).Trim();
        await page.GotoAsync($"/conversations/{number}");
        await Expect(page).ToHaveURLAsync(new Regex($"/conversations/{number}$"));
        await Expect(page.Locator(".tp-msg-inbound").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-panel=orders] a[href^='/orders/']").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-panel=procedure] .tp-procedure li").First).ToBeVisibleAsync();

        var take = page.Locator("[data-action=take]");
        await BrowserApp.ClickUntilAsync(take, async () => await take.CountAsync() == 0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "conversation-taken.png"), FullPage = true });
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Assignee" })).ToHaveTextAsync("Emma Brown");

        // A canned reply fills the answer with the customer's name and the conversation number.
        var body = page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        var canned = page.GetByRole(AriaRole.Button, new() { Name = "Canned replies" });
        await BrowserApp.ClickUntilAsync(canned, async () => await page.Locator(".mud-popover-open .mud-menu-item").CountAsync() > 0);
        // The menu shows each reply's shortcut; Escape closes it.
        await Expect(page.Locator(".mud-popover-open .mud-menu-item").Filter(new() { HasText = "/delay-apology" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(".mud-popover-open .mud-menu-item")).ToHaveCountAsync(0);
        // Typing a shortcut and a space puts the reply in its place; the focus stays in the box.
        await body.PressSequentiallyAsync("/delay-apology ");
        await Expect(body).Not.ToHaveValueAsync(new Regex("/delay-apology"));
        await Expect(body).ToBeFocusedAsync();
        Assert.DoesNotContain("{{", await body.InputValueAsync(), StringComparison.Ordinal);
        await body.FillAsync("");
        await BrowserApp.ClickUntilAsync(canned, async () => await page.Locator(".mud-popover-open .mud-menu-item").CountAsync() > 0);
        await page.Locator(".mud-popover-open .mud-menu-item").First.ClickAsync();
        await Expect(body).Not.ToBeEmptyAsync();
        Assert.DoesNotContain("{{", await body.InputValueAsync(), StringComparison.Ordinal);
        await body.PressAsync("End");
        await body.PressSequentiallyAsync(" Your parcel leaves our warehouse **today**.");
        // A file goes with the reply: picked, listed in the composer, then shown on the reply in the thread.
        await page.Locator("input[type=file][data-field=attachments]").SetInputFilesAsync(new FilePayload
        {
            Name = "Faktura_łódź.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4 test"u8.ToArray(),
        });
        await Expect(page.Locator("[data-hint=pending-attachments]")).ToContainTextAsync("Faktura_łódź.pdf");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "conversation-reply.png"), FullPage = true });
        await page.Locator("[data-action=send-resolve]").ClickAsync();
        await Expect(page.Locator(".tp-msg-reply").Last).ToContainTextAsync("Your parcel leaves our warehouse today.");
        // Written in Markdown, shown formatted; the file is on the reply and downloads from the conversation.
        await Expect(page.Locator(".tp-msg-reply").Last.Locator("strong")).ToHaveTextAsync("today");
        var file = page.Locator(".tp-msg-reply").Last.Locator(".tp-attachments [href]");
        await Expect(file).ToContainTextAsync("Faktura_łódź.pdf");
        await Expect(file).ToHaveAttributeAsync("href", new Regex($"/api/v1/conversations/{number}/attachments/"));
        await Expect(page.Locator("[data-hint=pending-attachments]")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Status" })).ToHaveTextAsync("Resolved");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "conversation-resolved.png"), FullPage = true });

        // It is in the resolved queue now, and no longer unassigned.
        await page.GotoAsync("/conversations?queue=resolved");
        await Expect(page.Locator($"tr[data-number='{number}']")).ToBeVisibleAsync();
        await page.GotoAsync("/conversations?queue=unassigned");
        await Expect(page.Locator($"tr[data-number='{number}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_polish_visitor_asks_for_a_call_back_and_the_task_waits_in_the_queue_with_its_clock()
    {
        var visitor = await App.VisitorAsync("pl-PL");
        await visitor.GotoAsync("/callback?lang=pl");
        await Expect(visitor.Locator("h1")).ToHaveTextAsync("Zamów rozmowę zwrotną");
        await visitor.Locator("#name").FillAsync("Katarzyna Nowak");
        await visitor.Locator("#phone").FillAsync("600 100 200");
        await visitor.Locator("#when").FillAsync("po 16:00");
        await visitor.Locator("#message").FillAsync("Chcę zmienić adres dostawy.");
        var number = await SubmitPublicFormAsync(visitor, "Oddzwonimy do Ciebie", "callback-form-pl.png", "callback-sent-pl.png");

        // The service owner opens the task: channel callback, the number to call in the store's format, a running clock.
        var owner = await App.LoggedInAsync("owner@demo.touchpoint", "pl-PL");
        await owner.GotoAsync($"/conversations/{number}");
        await Expect(owner.Locator(".tp-msg-inbound").First).ToContainTextAsync("Chcę zmienić adres dostawy.");
        await Expect(owner.Locator("body")).ToContainTextAsync("Oddzwonienie");
        // No email address: the page says so, offers the number to call, and the answer is a call record.
        await Expect(owner.Locator("[data-hint=no-mailbox] a[href='tel:+48600100200']")).ToHaveTextAsync("+48 600 100 200");
        await Expect(owner.Locator(".tp-sla-chip[data-target=first_response]")).ToHaveAttributeAsync("data-state", "running");
        await owner.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "callback-task-pl.png"), FullPage = true });

        // The toggle works once the circuit is up: to the note and back to the call record.
        var body = owner.Locator("[data-field=body]");
        await BrowserApp.ClickUntilAsync(owner.Locator(".tp-composer").GetByText("Notatka", new() { Exact = true }), async () =>
            await body.GetAttributeAsync("placeholder") == "Tę notatkę widzi tylko zespół.");
        await BrowserApp.ClickUntilAsync(owner.Locator(".tp-composer").GetByText("Zapis rozmowy", new() { Exact = true }), async () =>
            await body.GetAttributeAsync("placeholder") == "Co ustalono w rozmowie…");
        await body.FillAsync("Oddzwoniłam o 16:10, adres dostawy zmieniony.");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Zapisz i rozwiąż" }).ClickAsync();
        await Expect(owner.Locator(".tp-msg-reply").Last).ToContainTextAsync("adres dostawy zmieniony");
        await Expect(owner.Locator(".tp-sla-chip[data-target=first_response]")).ToHaveAttributeAsync("data-state", "achieved");
        await Expect(owner.GetByText("Zapis rozmowy zapisany")).ToBeVisibleAsync();
        await Expect(owner.Locator("body")).Not.ToContainTextAsync("@phone.invalid");
        await owner.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "callback-recorded-pl.png"), FullPage = true });
    }

    [Fact]
    public async Task The_contact_form_creates_a_conversation_the_agent_sees()
    {
        var customer = await App.VisitorAsync("ru-RU");
        await customer.GotoAsync("/contact?lang=ru");
        await Expect(customer.Locator("h1")).ToHaveTextAsync("Напишите нам");
        var email = $"form-{Guid.NewGuid():N}@example.ru";
        await customer.Locator("#name").FillAsync("Мария Иванова");
        await customer.Locator("#email").FillAsync(email);
        await customer.Locator("#topic").SelectOptionAsync("returns");
        await customer.Locator("#message").FillAsync("Хочу вернуть куртку, не подошёл размер.");
        var number = await SubmitPublicFormAsync(customer, "Спасибо, мы получили ваше сообщение", "contact-form.png", "contact-sent.png");

        var agent = await App.LoggedInAsync("agent.ru@demo.touchpoint", "ru-RU");
        await Expect(agent.Locator($"tr[data-number='{number}']")).ToContainTextAsync("Мария Иванова");
        // The queue re-renders whenever anything changes (other tests run at the same time): open the link by its address.
        await agent.GotoAsync(await agent.Locator($"tr[data-number='{number}'] a").First.GetAttributeAsync("href") ?? $"/conversations/{number}");
        await Expect(agent.Locator(".tp-msg-inbound").First).ToContainTextAsync("Хочу вернуть куртку");
        await agent.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "conversation-ru.png"), FullPage = true });
    }
}
