using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Identity;

/// <summary>
/// The login form as a stranger meets it: wrong passwords are slowed before the lockout is reached, an email nobody has
/// answers exactly like a real one, and a return address cannot break the redirect. Each test has its own app: the
/// throttle's counters are the app's memory.
/// </summary>
public abstract partial class LoginTests(TouchpointApp fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    private async Task<TouchpointApp> StartAsync()
    {
        fixture.Ready();
        var app = new TouchpointApp(fixture.Provider);
        await app.InitializeAsync();
        return app;
    }

    /// <summary>Posts the login form; the error code the page is sent back with (<c>1</c>, <c>wait</c>), or null when signed in.</summary>
    private static async Task<(string? Error, string Location)> LoginAsync(TouchpointApp app, string email, string password, string returnUrl = "/conversations")
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = Antiforgery().Match(await client.GetStringAsync("/login", Ct)).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = token,
        });
        var response = await client.PostAsync("/account/login", form, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var error = location.StartsWith("/login?", StringComparison.Ordinal) ? Regex.Match(location, "error=([^&]+)").Groups[1].Value : null;
        return (error, location);
    }

    [Fact]
    public async Task An_unknown_email_answers_exactly_like_a_real_one_wrong_password_after_wrong_password()
    {
        await using var app = await StartAsync();
        var real = (await app.CreateUserAsync("Agent")).Email;
        var unknown = $"nobody-{Guid.NewGuid():N}@shop.test";
        var realAnswers = new List<string?>();
        var unknownAnswers = new List<string?>();
        for (var i = 0; i < 7; i++)
        {
            realAnswers.Add((await LoginAsync(app, real, "wrong-password")).Error);
            unknownAnswers.Add((await LoginAsync(app, unknown, "wrong-password")).Error);
        }
        // Five wrong tries, then "wait" — for both, and nothing says "locked" or "unknown".
        Assert.Equal(["1", "1", "1", "1", "1", "wait", "wait"], realAnswers);
        Assert.Equal(realAnswers, unknownAnswers);
        // Waiting means waiting: even the right password is not looked at until the window has passed.
        Assert.Equal("wait", (await LoginAsync(app, real, TouchpointApp.StaffPassword)).Error);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Null((await LoginAsync(app, real, TouchpointApp.StaffPassword)).Error);
    }

    [Fact]
    public async Task Ten_wrong_passwords_still_lock_the_account_but_no_faster_than_the_throttle_allows_and_the_same_for_unknown_emails()
    {
        await using var app = await StartAsync();
        var real = (await app.CreateUserAsync("Agent")).Email;
        var unknown = $"nobody-{Guid.NewGuid():N}@shop.test";
        foreach (var email in new[] { real, unknown })
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal("1", (await LoginAsync(app, email, "wrong-password")).Error);
            }
        }
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        foreach (var email in new[] { real, unknown })
        {
            var answers = new List<string?>();
            for (var i = 0; i < 5; i++)
            {
                answers.Add((await LoginAsync(app, email, "wrong-password")).Error);
            }
            // The tenth wrong password locks the account (ASP.NET Identity's lockout; imitated for an unknown email).
            Assert.Equal(["1", "1", "1", "1", "wait"], answers);
        }
        var locked = await app.InScopeAsync<Microsoft.AspNetCore.Identity.UserManager<Touchpoint.Platform.Web.TouchpointUser>, bool>(async users =>
            await users.IsLockedOutAsync((await users.FindByEmailAsync(real))!));
        Assert.True(locked);
    }

    [Fact]
    public async Task One_address_guessing_many_emails_is_made_to_wait()
    {
        await using var app = await StartAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("1", (await LoginAsync(app, $"guess-{i}@shop.test", "wrong-password")).Error);
        }
        var real = (await app.CreateUserAsync("Agent")).Email;
        Assert.Equal("wait", (await LoginAsync(app, real, TouchpointApp.StaffPassword)).Error);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Null((await LoginAsync(app, real, TouchpointApp.StaffPassword)).Error);
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/conversations\r\nSet-Cookie: x=1")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task A_strange_return_address_sends_the_person_home_after_signing_in(string returnUrl)
    {
        await using var app = await StartAsync();
        var real = (await app.CreateUserAsync("Agent")).Email;
        var (error, location) = await LoginAsync(app, real, TouchpointApp.StaffPassword, returnUrl);
        Assert.Null(error);
        Assert.Equal("/", location);
    }

    [Fact]
    public async Task The_login_page_says_wait_in_the_readers_language()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pl");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/login?error=wait", Ct));
        Assert.Contains("Zbyt wiele nieudanych prób", html, StringComparison.Ordinal);
        Assert.DoesNotContain("locked", html, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class LoginSqliteTests(SqliteApp app) : LoginTests(app), IClassFixture<SqliteApp>;

public sealed class LoginPostgresTests(PostgresApp app) : LoginTests(app), IClassFixture<PostgresApp>;
