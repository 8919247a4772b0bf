using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Touchpoint.Features.Channels.Email;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>Hostile mail in Chromium: an agent shows it formatted, nothing of the sender's runs, and remote images wait for a click.</summary>
public sealed class MailSafetyJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hostile_mail_shown_formatted_runs_nothing_and_loads_remote_images_only_on_request()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var pixel = $"{App.BaseAddress}tracking/{tag}.gif";
        // The quote in the second Content-ID used to close the src attribute when cid: links were spliced in as text,
        // turning the alt text into a live onerror handler.
        var raw = $"""
            From: "Mallory" <mallory@{tag}.example>
            To: support@shop.test
            Subject: Damaged parcel {tag}
            Message-ID: <hostile-{tag}@example.com>
            MIME-Version: 1.0
            Content-Type: multipart/related; boundary="rel"

            --rel
            Content-Type: text/html; charset=utf-8

            <p>The box arrived damaged, see the photos:</p><img src="cid:photo@{tag}" alt="photo" width="40" height="40"><img src="cid:X" alt="x onerror=window.__xss=1 y="><p>Our logo:</p><img src="{pixel}" alt="Company logo" width="120" height="40"><div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999;background-color:rgba(255,0,0,0.5)">overlay</div>
            --rel
            Content-Type: image/png
            Content-ID: <photo@{tag}>
            Content-Transfer-Encoding: base64

            iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==
            --rel
            Content-Type: image/png
            Content-ID: <X">
            Content-Transfer-Encoding: base64

            iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==
            --rel--
            """.ReplaceLineEndings("\r\n");
        long number;
        using (var scope = App.Services.CreateScope())
        {
            // The ingest both the IMAP reader and the raw-MIME endpoint use.
            number = (await scope.ServiceProvider.GetRequiredService<EmailIngest>().ImportAsync(Encoding.UTF8.GetBytes(raw), null, Ct)).Number;
        }

        var page = await App.LoggedInAsync("agent.en@demo.touchpoint");
        await page.GotoAsync($"/conversations/{number}");
        var message = page.Locator(".tp-msg-inbound").First;
        await Expect(message).ToContainTextAsync("The box arrived damaged");
        var html = message.Locator(".tp-msg-html");
        await BrowserApp.ClickUntilAsync(message.GetByRole(AriaRole.Button, new() { Name = "Show formatted" }), () => html.IsVisibleAsync());

        // The inline photo is the message's own attachment; the remote logo has no source yet; nothing ran.
        await Expect(html.Locator("img[alt=photo]")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex($"^/api/v1/conversations/{number}/attachments/"));
        var logo = html.Locator("img[alt='Company logo']");
        Assert.Null(await logo.GetAttributeAsync("src"));
        var showImages = message.Locator("[data-action=show-images]");
        await Expect(showImages).ToHaveTextAsync("Show images");
        await Expect(message.Locator("[data-hint=images-blocked]")).ToContainTextAsync("cannot see whether and when");
        Assert.Equal(0, await page.Locator("[onerror]").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"));
        Assert.DoesNotContain("position", await html.Locator("div").Last.GetAttributeAsync("style") ?? "", StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "conversation-images-blocked.png"), FullPage = true });

        // The agent asks for the images of this message: the logo now points at the sender's server, without a referrer.
        await showImages.ClickAsync();
        await Expect(logo).ToHaveAttributeAsync("src", pixel);
        await Expect(logo).ToHaveAttributeAsync("referrerpolicy", "no-referrer");
        await Expect(showImages).ToHaveCountAsync(0);
        Assert.Equal(0, await page.Locator("[onerror]").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"));
    }
}
