using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>The real app on a loopback port with a seeded demo store, and Debian's Chromium driven by Playwright.</summary>
public sealed partial class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("touchpoint-browser-").FullName;
    private IPlaywright? _playwright;

    public BrowserApp() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Screenshots land here (under the test output), for people to look at.</summary>
    public static string ScreenshotDir { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    /// <summary>
    /// Waits until the workspace page is live: prerendered, it is shown inert with a "connecting" bar, and the first
    /// interactive render marks the layout <c>data-interactive="true"</c>. Only then do clicks and keys reach it.
    /// </summary>
    public static Task InteractiveAsync(IPage page) =>
        Expect(page.Locator("[data-interactive='true']").First).ToBeAttachedAsync(new() { Timeout = 20_000 });

    /// <summary>Once the page is live, does <paramref name="act"/> once and waits up to 20 s for <paramref name="done"/>.</summary>
    public static async Task UntilInteractiveAsync(IPage page, Func<Task> act, Func<Task<bool>> done)
    {
        await InteractiveAsync(page);
        await act();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "What the action should have done did not happen within 20 s.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Clicks <paramref name="target"/> once its page is live, and waits for <paramref name="done"/>.</summary>
    public static Task ClickUntilAsync(ILocator target, Func<Task<bool>> done) => UntilInteractiveAsync(target.Page, () => target.ClickAsync(), done);

    /// <summary>A page in a fresh browser context (nobody logged in), as a visitor in <paramref name="locale"/> sees it.</summary>
    public async Task<IPage> VisitorAsync(string locale = "en-US", ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = locale, ViewportSize = viewport });
        var page = await context.NewPageAsync();
        // Every page of every journey is watched for what the Content-Security-Policy refused: a refusal is a defect.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                CspViolations.Add($"{page.Url}: {message.Text}");
            }
        };
        return page;
    }

    /// <summary>A fresh browser context logged in as a demo user; login lands on the conversation queues.</summary>
    public async Task<IPage> LoggedInAsync(string email, string locale = "en-US")
    {
        var page = await VisitorAsync(locale, new ViewportSize { Width = 1440, Height = 900 });
        await page.GotoAsync("/login");
        await page.Locator("input[name=email]").FillAsync(email);
        await page.Locator("input[name=password]").FillAsync("demo-2026");
        await page.Locator("form[action='/account/login'] button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(ConversationsUrl());
        return page;
    }

    [GeneratedRegex(@"/conversations(\?.*)?$")]
    private static partial Regex ConversationsUrl();

    public static string? Chromium =>
        Environment.GetEnvironmentVariable("TOUCHPOINT_TEST_CHROMIUM") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development serves blazor.web.js from the build output (STACK.md pitfall 7).
        builder.UseEnvironment("Development");
        builder.UseSetting("Touchpoint:DataDir", _dataDir);
        builder.UseSetting("Touchpoint:Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Touchpoint", $"Data Source={Path.Combine(_dataDir, "browser.db")}");
        builder.UseSetting("Touchpoint:Demo:Seed", "true");
        builder.UseSetting("Touchpoint:Demo:Orders", "400");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // A demoted user's open tab must be seen signed out within a test's patience.
        builder.UseSetting("Touchpoint:Login:SessionCheckInterval", "00:00:02");
    }

    public async ValueTask InitializeAsync()
    {
        if (Chromium is null)
        {
            return;
        }
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        PublicBaseUrl = BaseAddress.ToString().TrimEnd('/');
        // The whole suite runs at once on 2 cores: a page may take longer than Playwright's 5 s default to settle.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public string PublicBaseUrl { get; private set; } = "";

    /// <summary>What the browser reported the Content-Security-Policy refused, on any page opened so far.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> CspViolations { get; } = [];

    /// <summary>Skips on a developer machine without Chromium; fails on CI.</summary>
    public BrowserApp Ready()
    {
        if (Chromium is null)
        {
            const string message = "Chromium is not installed. Run ./test.sh (it installs it: apt-get install chromium).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }
            Assert.Skip(message);
        }
        return this;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
