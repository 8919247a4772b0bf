using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Identity;
using Touchpoint.Platform.Mail;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Identity;

/// <summary>
/// Two-factor sign-in and password reset as a person meets them: the security page's forms, the login's second step,
/// the admin's requirement per role, the reset mail and its link. Codes are computed here from the key the page shows,
/// by RFC 6238, on the app's clock. Each test has its own app (the login throttle's counters are the app's memory).
/// </summary>
public abstract partial class TwoFactorAndResetTests(TouchpointApp fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("data-testid=\"authenticator-key\">([a-z2-7 ]+)<")]
    private static partial Regex KeyOnPage();

    [GeneratedRegex("<li><code>([a-zA-Z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCodeOnPage();

    [GeneratedRegex("https://shop\\.test/login/reset\\?user=[^\\s\"<]+")]
    private static partial Regex ResetLink();

    private async Task<TouchpointApp> StartAsync()
    {
        fixture.Ready();
        var app = new TouchpointApp(fixture.Provider);
        await app.InitializeAsync();
        return app;
    }

    private static HttpClient Browser(TouchpointApp app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string action, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl, Ct);
        fields["__RequestVerificationToken"] = Antiforgery().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(action, form, Ct);
    }

    /// <summary>The password step; where the login sends the browser next.</summary>
    private static async Task<string> PasswordAsync(HttpClient client, string email, string password = TouchpointApp.StaffPassword)
    {
        var response = await PostFormAsync(client, "/login", "/account/login",
            new() { ["email"] = email, ["password"] = password, ["returnUrl"] = "/conversations" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>The code step; where the login sends the browser next.</summary>
    private static async Task<string> CodeAsync(HttpClient client, string code, bool recovery = false)
    {
        var fields = new Dictionary<string, string> { ["code"] = code, ["returnUrl"] = "/conversations" };
        if (recovery)
        {
            fields["recovery"] = "1";
        }
        var response = await PostFormAsync(client, "/login/code", "/account/login-code", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private static string CurrentCode(TouchpointApp app, string key) => Totp.Code(Totp.Base32Decode(key.Replace(" ", "", StringComparison.Ordinal))!, Totp.Step(app.Clock.GetUtcNow()));

    /// <summary>Signs in, opens the security page and turns two-factor on with a right code: the key and the recovery codes.</summary>
    private static async Task<(string Key, List<string> RecoveryCodes)> EnableAsync(TouchpointApp app, HttpClient client)
    {
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/account/security", Ct));
        var key = KeyOnPage().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(key), "the security page shows the key to type");
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        var response = await PostFormAsync(client, "/account/security", "/account/security",
            new() { ["_handler"] = "enable", ["Code"] = CurrentCode(app, key) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        var codes = RecoveryCodeOnPage().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    [Fact]
    public async Task An_agent_turns_on_two_factor_and_then_signs_in_with_a_code_or_once_with_each_recovery_code()
    {
        await using var app = await StartAsync();
        var agent = await app.CreateUserAsync("Agent");
        using var first = Browser(app);
        Assert.Equal("/conversations", await PasswordAsync(first, agent.Email));

        // A wrong code changes nothing.
        var page = WebUtility.HtmlDecode(await first.GetStringAsync("/account/security", Ct));
        var wrong = await PostFormAsync(first, "/account/security", "/account/security", new() { ["_handler"] = "enable", ["Code"] = "000000" });
        Assert.Contains("That code is not right", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.False((await UserAsync(app, agent.Email)).TwoFactorEnabled);
        // Looking at the page (which makes the key) signs nobody out.
        Assert.Equal(KeyOnPage().Match(page).Groups[1].Value, KeyOnPage().Match(WebUtility.HtmlDecode(await first.GetStringAsync("/account/security", Ct))).Groups[1].Value);
        app.Clock.Advance(new LoginOptions().SessionCheckInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/conversations", Ct)).StatusCode);

        var (key, recovery) = await EnableAsync(app, first);
        Assert.True((await UserAsync(app, agent.Email)).TwoFactorEnabled);
        // The page that turned it on stays signed in.
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/conversations", Ct)).StatusCode);

        // Now the password alone is not enough.
        using var second = Browser(app);
        Assert.StartsWith("/login/code?", await PasswordAsync(second, agent.Email), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/v1/conversations", Ct)).StatusCode);
        // The code used to turn it on cannot be used again within its 30 seconds; the next one works.
        Assert.Contains("error=1", await CodeAsync(second, CurrentCode(app, key)), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("/conversations", await CodeAsync(second, CurrentCode(app, key)));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/conversations", Ct)).StatusCode);

        // A recovery code signs in once.
        using var third = Browser(app);
        await PasswordAsync(third, agent.Email);
        Assert.Equal("/conversations", await CodeAsync(third, recovery[0], recovery: true));
        using var fourth = Browser(app);
        await PasswordAsync(fourth, agent.Email);
        Assert.Contains("error=1", await CodeAsync(fourth, recovery[0], recovery: true), StringComparison.Ordinal);
        Assert.Equal(9, await app.InScopeAsync<UserManager<TouchpointUser>, int>(async u => await u.CountRecoveryCodesAsync((await u.FindByEmailAsync(agent.Email))!)));

        // The users API tells the admin, and the admin can turn it off for a lost phone (then the password is enough again).
        var admin = await app.SignedInAsync("Admin");
        var users = await admin.GetFromJsonAsync<List<UserResponse>>("/api/v1/users", Api.Json, Ct);
        Assert.True(users!.Single(u => u.Email == agent.Email).TwoFactor);
        var patch = await admin.PatchAsJsonAsync($"/api/v1/users/{agent.Id}", new { twoFactor = false }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.False((await patch.Content.ReadFromJsonAsync<UserResponse>(Api.Json, Ct))!.TwoFactor);
        using var fifth = Browser(app);
        Assert.Equal("/conversations", await PasswordAsync(fifth, agent.Email));
    }

    [Fact]
    public async Task Wrong_codes_are_throttled_and_a_code_without_the_password_step_starts_over()
    {
        await using var app = await StartAsync();
        var agent = await app.CreateUserAsync("Agent");
        using (var setup = Browser(app))
        {
            await PasswordAsync(setup, agent.Email);
            await EnableAsync(app, setup);
        }
        using var stranger = Browser(app);
        Assert.StartsWith("/login?error=again", await CodeAsync(stranger, "123456"), StringComparison.Ordinal);

        using var client = Browser(app);
        await PasswordAsync(client, agent.Email);
        var answers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var location = await CodeAsync(client, $"{i:D6}");
            answers.Add(Regex.Match(location, "error=([^&]+)").Groups[1].Value);
        }
        Assert.Equal(["1", "1", "1", "1", "1", "wait"], answers);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/login/code?error=wait", Ct));
        Assert.Contains("Too many", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_role_that_requires_two_factor_sends_its_members_to_set_it_up_before_anything_else()
    {
        await using var app = await StartAsync();
        var admin = await app.SignedInAsync("Admin");
        var (agentClient, agentEmail, _) = await app.SignedInUserAsync("Agent");
        Assert.Equal(HttpStatusCode.OK, (await agentClient.GetAsync("/api/v1/conversations", Ct)).StatusCode);

        // Bad input is named; an agent may not change the policy.
        var bad = await admin.PutAsJsonAsync("/api/v1/security/two-factor", new { requiredFor = new[] { "Agent", "Janitor" } }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await Api.ReadAsync(bad))!["errors"]!["requiredFor[1]"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/v1/security/two-factor", new { }, Api.Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentClient.PutAsJsonAsync("/api/v1/security/two-factor", new { requiredFor = Array.Empty<string>() }, Api.Json, Ct)).StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<TwoFactorPolicyResponse>("/api/v1/security/two-factor", Api.Json, Ct))!.RequiredFor);

        var put = await admin.PutAsJsonAsync("/api/v1/security/two-factor", new { requiredFor = new[] { "agent" } }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["Agent"], (await put.Content.ReadFromJsonAsync<TwoFactorPolicyResponse>(Api.Json, Ct))!.RequiredFor);
        Assert.Equal(["Agent"], (await admin.GetFromJsonAsync<TwoFactorPolicyResponse>("/api/v1/security/two-factor", Api.Json, Ct))!.RequiredFor);

        // The agent's open session ends at the next session check ...
        app.Clock.Advance(new LoginOptions().SessionCheckInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await agentClient.GetAsync("/api/v1/conversations", Ct)).StatusCode);
        // ... and after signing in again only the security page opens.
        using var browser = Browser(app);
        Assert.Equal("/conversations", await PasswordAsync(browser, agentEmail));
        var pageAnswer = await browser.GetAsync("/conversations", Ct);
        Assert.Equal(HttpStatusCode.Redirect, pageAnswer.StatusCode);
        Assert.Equal("/account/security", pageAnswer.Headers.Location!.OriginalString);
        var apiAnswer = await browser.GetAsync("/api/v1/conversations", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, apiAnswer.StatusCode);
        Assert.Contains("/account/security", (await Api.ReadAsync(apiAnswer))!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var security = WebUtility.HtmlDecode(await browser.GetStringAsync("/account/security", Ct));
        Assert.Contains("Your role requires two-factor sign-in", security, StringComparison.Ordinal);

        await EnableAsync(app, browser);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/conversations", Ct)).StatusCode);
        // Required means it cannot be turned off by the person.
        Assert.Contains("cannot be turned off", WebUtility.HtmlDecode(await browser.GetStringAsync("/account/security", Ct)), StringComparison.Ordinal);
        // The admin, whose role is not required, is not affected.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_any_email_and_its_link_sets_a_new_password_once()
    {
        await using var app = await StartAsync();
        var agent = await app.CreateUserAsync("Agent", "pl");
        using var browser = Browser(app);
        var unknown = await PostFormAsync(browser, "/login/forgot", "/account/forgot", new() { ["email"] = $"nobody-{Guid.NewGuid():N}@shop.test" });
        var known = await PostFormAsync(browser, "/login/forgot", "/account/forgot", new() { ["email"] = agent.Email.ToUpperInvariant() });
        Assert.Equal(unknown.Headers.Location, known.Headers.Location);
        Assert.Equal("/login/forgot?sent=1", known.Headers.Location!.OriginalString);

        var messages = await ResetMessagesAsync(app);
        var mail = Assert.Single(messages);
        Assert.Equal(agent.Email, mail.Recipient);
        Assert.True(mail.Secret);
        Assert.Contains("Zmiana hasła", mail.Title, StringComparison.Ordinal);
        var link = ResetLink().Match(mail.Body).Value;
        var path = link["https://shop.test".Length..];

        // The message log does not show it; it is never sent again; once sent its body is gone, and the mail has the link.
        var admin = await app.SignedInAsync("Admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/notifications/{mail.Id}/resend", null, Ct)).StatusCode);
        await app.DispatchOutboxAsync();
        var sent = Assert.Single(await ResetMessagesAsync(app));
        Assert.Equal(OutboxState.Sent, sent.State);
        Assert.Equal("", sent.Body);
        Assert.Null(sent.HtmlBody);
        var folder = app.Get<PickupFolderMailTransport>().Folder;
        var eml = Directory.GetFiles(folder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).Single(m => m.To.Mailboxes.Any(b => b.Address == agent.Email));
        Assert.Contains(link, eml.TextBody, StringComparison.Ordinal);

        // The page behind the link; the two passwords must match and follow the rules.
        var form = WebUtility.HtmlDecode(await browser.GetStringAsync(path, Ct));
        Assert.Contains("name=\"token\"", form, StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query);
        async Task<string> ResetAsync(string password, string repeat, string? token = null) =>
            (await PostFormAsync(browser, path, "/account/reset", new()
            {
                ["user"] = query["user"]!, ["token"] = token ?? query["token"]!, ["password"] = password, ["repeat"] = repeat,
            })).Headers.Location!.OriginalString;
        Assert.Contains("error=mismatch", await ResetAsync("Nowe-haslo-2027", "Nowe-haslo-2028"), StringComparison.Ordinal);
        Assert.Contains("error=weak", await ResetAsync("short", "short"), StringComparison.Ordinal);
        Assert.Equal("/login/reset?error=link", await ResetAsync("Nowe-haslo-2027", "Nowe-haslo-2027", token: "forged" + query["token"]));

        // An open session of the agent ends with the reset.
        var session = await app.SignInAsync(agent.Email);
        Assert.Equal("/login?reset=1", await ResetAsync("Nowe-haslo-2027", "Nowe-haslo-2027"));
        app.Clock.Advance(new LoginOptions().SessionCheckInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/conversations", Ct)).StatusCode);
        Assert.Contains("error=1", await PasswordAsync(Browser(app), agent.Email), StringComparison.Ordinal);
        Assert.Equal("/conversations", await PasswordAsync(Browser(app), agent.Email, "Nowe-haslo-2027"));
        // Used once, the link is dead.
        Assert.Equal("/login/reset?error=link", await ResetAsync("Inne-haslo-2029", "Inne-haslo-2029"));
        Assert.Contains("does not work", WebUtility.HtmlDecode(await Browser(app).GetStringAsync("/login/reset?error=link", Ct)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_most_three_reset_mails_an_hour_go_to_one_account_and_two_factor_cannot_be_turned_on_by_an_admin()
    {
        await using var app = await StartAsync();
        var agent = await app.CreateUserAsync("Agent");
        using var browser = Browser(app);
        for (var i = 0; i < 4; i++)
        {
            var answer = await PostFormAsync(browser, "/login/forgot", "/account/forgot", new() { ["email"] = agent.Email });
            Assert.Equal("/login/forgot?sent=1", answer.Headers.Location!.OriginalString);
        }
        Assert.Equal(3, (await ResetMessagesAsync(app)).Count);
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await PostFormAsync(browser, "/login/forgot", "/account/forgot", new() { ["email"] = agent.Email });
        Assert.Equal(4, (await ResetMessagesAsync(app)).Count);

        var admin = await app.SignedInAsync("Admin");
        var on = await admin.PatchAsJsonAsync($"/api/v1/users/{agent.Id}", new { twoFactor = true }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, on.StatusCode);
        Assert.NotNull((await Api.ReadAsync(on))!["errors"]!["twoFactor"]);
        Assert.False((await UserAsync(app, agent.Email)).TwoFactorEnabled);
    }

    private static Task<TouchpointUser> UserAsync(TouchpointApp app, string email) =>
        app.InScopeAsync<UserManager<TouchpointUser>, TouchpointUser>(async u => (await u.FindByEmailAsync(email))!);

    private static Task<List<OutboxMessage>> ResetMessagesAsync(TouchpointApp app) =>
        app.InScopeAsync<TouchpointDb, List<OutboxMessage>>(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Kind == RequestPasswordReset.MailKind).OrderBy(m => m.CreatedAt).ToListAsync(Ct));
}

public sealed class TwoFactorAndResetSqliteTests(SqliteApp app) : TwoFactorAndResetTests(app), IClassFixture<SqliteApp>;

public sealed class TwoFactorAndResetPostgresTests(PostgresApp app) : TwoFactorAndResetTests(app), IClassFixture<PostgresApp>;
