using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Touchpoint.Features.Identity;
using static Microsoft.Playwright.Assertions;

namespace Touchpoint.BrowserTests;

/// <summary>Roles through the pages: an admin in Polish changes a colleague's role, whose open tab is signed out; their own role stays fixed.</summary>
public sealed partial class SecurityJourneyTests(BrowserApp fixture) : IClassFixture<BrowserApp>
{
    private BrowserApp App => fixture.Ready();

    [GeneratedRegex(@"/login\?")]
    private static partial Regex LoginUrl();

    [Fact]
    public async Task An_admin_demotes_a_colleague_whose_open_tab_is_signed_out_and_cannot_change_their_own_role()
    {
        var email = $"ewa-{Guid.NewGuid():N}@demo.touchpoint";
        using (var scope = App.Services.CreateScope())
        {
            var (created, errors) = await scope.ServiceProvider.GetRequiredService<UserAdmin>()
                .CreateAsync(new CreateUserRequest(email, "demo-2026", "ServiceOwner", "Ewa Nowak", "pl"), CancellationToken.None);
            Assert.True(created is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        }
        var colleague = await App.LoggedInAsync(email, "pl-PL");
        var workload = await colleague.GotoAsync("/workload");
        Assert.Equal(200, workload!.Status);

        var admin = await App.LoggedInAsync("admin@demo.touchpoint", "pl-PL");
        var response = await admin.GotoAsync("/settings/users");
        var headers = await response!.AllHeadersAsync();
        Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.False(headers.ContainsKey("server"), "Kestrel's Server header is off");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Użytkownicy" })).ToBeVisibleAsync();

        // Their own role is shown but cannot be changed.
        var own = admin.Locator("tr[data-user='admin@demo.touchpoint'] .mud-select");
        await Expect(own.Locator("input").First).ToBeDisabledAsync();

        var row = admin.Locator($"tr[data-user='{email}']");
        var options = admin.Locator(".mud-popover-open .mud-list-item");
        await BrowserApp.ClickUntilAsync(row.Locator(".mud-select").First, async () => await options.CountAsync() > 0);
        await options.Filter(new() { HasText = "Audytor" }).ClickAsync();
        await Expect(admin.Locator(".mud-snackbar")).ToContainTextAsync("Zapisano");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "users-role-changed-pl.png"), FullPage = true });

        // The colleague's open tab still believed them a service owner: within the session check it signs them out.
        await Expect(colleague).ToHaveURLAsync(LoginUrl(), new() { Timeout = 20_000 });
        await colleague.Locator("input[name=email]").FillAsync(email);
        await colleague.Locator("input[name=password]").FillAsync("demo-2026");
        await colleague.Locator("form[action='/account/login'] button[type=submit]").ClickAsync();
        await colleague.GotoAsync("/workload");
        await Expect(colleague).ToHaveURLAsync(new Regex("/denied"));
        await Expect(colleague.GetByRole(AriaRole.Heading, new() { Name = "Brak dostępu" })).ToBeVisibleAsync();
        await colleague.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDir, "denied-pl.png"), FullPage = true });

        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Touchpoint.Platform.Web.TouchpointUser>>();
            Assert.Equal(["Auditor"], await users.GetRolesAsync((await users.FindByEmailAsync(email))!));
        }
        Assert.Empty(App.CspViolations);
    }
}
