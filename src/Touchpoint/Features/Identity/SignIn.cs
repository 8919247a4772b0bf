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
        if (result.IsLockedOut)
        {
            // Identity refuses a locked account before hashing; spend the same time as for a wrong password.
            equalWork.Spend(password);
            return Refuse("wait");
        }
        throttle.Failed(account, address, unknownAccount: false);
        return Refuse("1");
    }

    /// <summary>A local path to go back to after signing in; anything else (another site, a control character) goes home.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 2000 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && !returnUrl.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? returnUrl : "/";
}
