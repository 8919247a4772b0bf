using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>
/// The login form's post. Every refusal is one of two answers whatever the email — "wrong email or password" and
/// "too many attempts, wait" — so the form tells nobody which emails have accounts, and each try costs the same.
/// </summary>
public static class SignIn
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", LoginAsync).ExcludeFromDescription().AllowAnonymous();
        app.MapPost("/account/login-code", CodeAsync).ExcludeFromDescription().AllowAnonymous();
        app.MapPost("/account/forgot", ForgotAsync).ExcludeFromDescription().AllowAnonymous();
        app.MapPost("/account/reset", ResetAsync).ExcludeFromDescription().AllowAnonymous();
        app.MapPost("/account/logout", async (SignInManager<TouchpointUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        }).ExcludeFromDescription().RequireAuthorization();
    }

    private static async Task<IResult> LoginAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http,
        SignInManager<TouchpointUser> signIn, UserManager<TouchpointUser> users, LoginThrottle throttle, LoginThrottle.EqualWork equalWork)
    {
        var target = SafeReturnUrl(returnUrl);
        IResult Refuse(string error) => Results.LocalRedirect($"/login?error={error}&returnUrl={Uri.EscapeDataString(target)}");
        var account = LoginThrottle.AccountKey(email);
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.MustWait(account, address))
        {
            equalWork.Spend(password);
            return Refuse("wait");
        }
        var user = account.Length == 0 ? null : await users.FindByEmailAsync(account);
        if (user is null || !user.IsActive || string.IsNullOrEmpty(password) || !await users.HasPasswordAsync(user))
        {
            equalWork.Spend(password);
            return throttle.Failed(account, address, unknownAccount: true) ? Refuse("wait") : Refuse("1");
        }
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            throttle.Succeeded(account);
            return Results.LocalRedirect(target);
        }
        if (result.RequiresTwoFactor)
        {
            // The password was right; Identity holds the half-signed-in user in its two-factor cookie until the code comes.
            throttle.Succeeded(account);
            return Results.LocalRedirect($"/login/code?returnUrl={Uri.EscapeDataString(target)}");
        }
        if (result.IsLockedOut)
        {
            // Identity refuses a locked account before hashing; spend the same time as for a wrong password.
            equalWork.Spend(password);
            return Refuse("wait");
        }
        throttle.Failed(account, address, unknownAccount: false);
        return Refuse("1");
    }

    /// <summary>
    /// The second step: a code from the authenticator app, or one of the recovery codes (<paramref name="recovery"/>).
    /// Wrong codes count towards the account's lockout and the same throttle as passwords.
    /// </summary>
    private static async Task<IResult> CodeAsync([FromForm] string? code, [FromForm] string? recovery, [FromForm] string? returnUrl, HttpContext http,
        SignInManager<TouchpointUser> signIn, LoginThrottle throttle)
    {
        var target = SafeReturnUrl(returnUrl);
        var useRecovery = recovery == "1";
        var again = $"/login/code?returnUrl={Uri.EscapeDataString(target)}{(useRecovery ? "&recovery=1" : "")}";
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            // No password step in this browser (or it expired): start again.
            return Results.LocalRedirect($"/login?error=again&returnUrl={Uri.EscapeDataString(target)}");
        }
        var account = "2fa:" + user.Id;
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.MustWait(account, address))
        {
            return Results.LocalRedirect(again + "&error=wait");
        }
        var normalized = useRecovery ? Authenticator.NormalizeRecovery(code) : Authenticator.Normalize(code);
        var result = normalized.Length == 0
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : useRecovery
                ? await signIn.TwoFactorRecoveryCodeSignInAsync(normalized)
                : await signIn.TwoFactorAuthenticatorSignInAsync(normalized, isPersistent: true, rememberClient: false);
        if (result.Succeeded)
        {
            throttle.Succeeded(account);
            return Results.LocalRedirect(target);
        }
        if (result.IsLockedOut)
        {
            return Results.LocalRedirect($"/login?error=wait&returnUrl={Uri.EscapeDataString(target)}");
        }
        throttle.Failed(account, address, unknownAccount: false);
        return Results.LocalRedirect(again + "&error=1");
    }

    /// <summary>
    /// "Forgot your password?": always the same answer after the same time, whether the email has an account or not;
    /// requests count towards the same per-address throttle as logins.
    /// </summary>
    private static async Task<IResult> ForgotAsync([FromForm] string? email, HttpContext http, RequestPasswordReset reset, LoginThrottle throttle, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var account = "reset:" + LoginThrottle.AccountKey(email);
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.MustWait(account, address))
        {
            return Results.LocalRedirect("/login/forgot?error=wait");
        }
        throttle.Failed(account, address, unknownAccount: false);
        await reset.RequestAsync(email, http.RequestAborted);
        // Looking up a real account and queueing its mail takes longer than finding nothing: answer after the same time.
        var left = TimeSpan.FromMilliseconds(400) - time.GetElapsedTime(started);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, http.RequestAborted);
        }
        return Results.LocalRedirect("/login/forgot?sent=1");
    }

    private static async Task<IResult> ResetAsync([FromForm] string? user, [FromForm] string? token, [FromForm] string? password, [FromForm] string? repeat,
        ResetPassword reset)
    {
        var (outcome, _) = await reset.ResetAsync(user, token, password, repeat);
        var back = $"/login/reset?user={Uri.EscapeDataString(user ?? "")}&token={Uri.EscapeDataString(token ?? "")}";
        return outcome switch
        {
            ResetPassword.Outcome.Reset => Results.LocalRedirect("/login?reset=1"),
            ResetPassword.Outcome.Mismatch => Results.LocalRedirect(back + "&error=mismatch"),
            ResetPassword.Outcome.Refused => Results.LocalRedirect(back + "&error=weak"),
            _ => Results.LocalRedirect("/login/reset?error=link"),
        };
    }

    /// <summary>A local path to go back to after signing in; anything else (another site, a control character) goes home.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 2000 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && !returnUrl.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? returnUrl : "/";
}
