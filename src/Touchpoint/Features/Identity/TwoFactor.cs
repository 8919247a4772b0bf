using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>
/// Which roles must sign in with a second factor. Stored as a claim on each role (ASP.NET Identity's role claims), so
/// there is no table of its own. A person of such a role who has not set up an authenticator yet carries
/// <see cref="SetupClaim"/> in their cookie and can do nothing but set it up (<see cref="TwoFactorGate"/>).
/// </summary>
public static class TwoFactorPolicy
{
    public const string RoleClaim = "touchpoint:require-2fa";
    public const string SetupClaim = "touchpoint:2fa-setup";

    public static async Task<List<string>> RequiredRolesAsync(RoleManager<IdentityRole> roles)
    {
        var required = new List<string>();
        foreach (var name in Roles.All)
        {
            if (await roles.FindByNameAsync(name) is { } role && (await roles.GetClaimsAsync(role)).Any(c => c.Type == RoleClaim))
            {
                required.Add(name);
            }
        }
        return required;
    }
}

public sealed record TwoFactorPolicyResponse(IReadOnlyList<string> RequiredFor);

[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record TwoFactorPolicyRequest(IReadOnlyList<string?>? RequiredFor);

/// <summary>
/// An admin requires (or stops requiring) two-factor sign-in for roles. Requiring it ends the sessions of that role's
/// members who have no authenticator yet: at their next sign-in they are sent to set one up before anything else.
/// </summary>
public sealed class SaveTwoFactorPolicy(RoleManager<IdentityRole> roles, UserManager<TouchpointUser> users)
{
    public async Task<(TwoFactorPolicyResponse? Policy, IDictionary<string, string[]> Errors)> SaveAsync(TwoFactorPolicyRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.RequiredFor is null)
        {
            errors["requiredFor"] = [Texts.Ui("Valid.Required")];
            return (null, errors);
        }
        var wanted = new HashSet<string>();
        for (var i = 0; i < request.RequiredFor.Count; i++)
        {
            if (Roles.Normalize(request.RequiredFor[i]) is { } role)
            {
                wanted.Add(role);
            }
            else
            {
                errors[$"requiredFor[{i}]"] = [Texts.Ui("Valid.OneOf", string.Join(", ", Roles.All))];
            }
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        foreach (var name in Roles.All)
        {
            var role = await roles.FindByNameAsync(name);
            if (role is null)
            {
                continue;
            }
            var has = (await roles.GetClaimsAsync(role)).Where(c => c.Type == TwoFactorPolicy.RoleClaim).ToList();
            if (wanted.Contains(name) && has.Count == 0)
            {
                await roles.AddClaimAsync(role, new Claim(TwoFactorPolicy.RoleClaim, "1"));
                foreach (var member in await users.GetUsersInRoleAsync(name))
                {
                    if (!member.TwoFactorEnabled)
                    {
                        await users.UpdateSecurityStampAsync(member);
                    }
                }
            }
            else if (!wanted.Contains(name))
            {
                foreach (var claim in has)
                {
                    await roles.RemoveClaimAsync(role, claim);
                }
            }
        }
        return (new TwoFactorPolicyResponse(Roles.All.Where(wanted.Contains).ToList()), errors);
    }
}

/// <summary>
/// The cookie's claims: Identity's own, without the role claims Identity copies from the roles (the 2FA requirement is
/// not a permission), plus <see cref="TwoFactorPolicy.SetupClaim"/> when a role requires a second factor the person has
/// not set up. Made again at each session check, so a requirement or a new authenticator takes effect there.
/// </summary>
public sealed class TouchpointClaims(UserManager<TouchpointUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<TouchpointUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(TouchpointUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        foreach (var claim in identity.FindAll(TwoFactorPolicy.RoleClaim).ToList())
        {
            identity.RemoveClaim(claim);
        }
        if (!user.TwoFactorEnabled)
        {
            var required = await TwoFactorPolicy.RequiredRolesAsync(RoleManager);
            if ((await UserManager.GetRolesAsync(user)).Any(required.Contains))
            {
                identity.AddClaim(new Claim(TwoFactorPolicy.SetupClaim, "1"));
            }
        }
        return identity;
    }
}

/// <summary>
/// Someone who must set up two-factor sign-in first reaches only the security page (and sign-out, the language switch,
/// static files); other pages send them there and the API answers 403 with the reason.
/// </summary>
public static class TwoFactorGate
{
    public const string SecurityPage = "/account/security";

    public static IApplicationBuilder UseTwoFactorGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.HasClaim(c => c.Type == TwoFactorPolicy.SetupClaim) && !Allowed(http.Request.Path))
        {
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = 403, Title = Texts.Ui("Problem.Title.Forbidden"), Detail = Texts.Ui("Problem.TwoFactorSetup") },
                });
                return;
            }
            http.Response.Redirect(SecurityPage);
            return;
        }
        await next(http);
    });

    private static bool Allowed(PathString path) =>
        path.StartsWithSegments(SecurityPage) || path.StartsWithSegments("/account/logout") || path.StartsWithSegments("/culture")
        || path.StartsWithSegments("/login") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content")
        || path.StartsWithSegments("/healthz") || Path.HasExtension(path.Value);
}

/// <summary>
/// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, six digits, one step either side for clock
/// drift) against the key Identity keeps for the user. Unlike Identity's own provider it reads the injected clock and
/// refuses a code whose step was already used, so a code seen over someone's shoulder cannot be used a second time.
/// </summary>
public sealed class TotpTokenProvider(TimeProvider time) : IUserTwoFactorTokenProvider<TouchpointUser>
{
    public const string Name = "TouchpointTotp";
    private const string LastStepToken = "LastTotpStep";
    private const string LoginProvider = "[Touchpoint]";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<TouchpointUser> manager, TouchpointUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>Codes come from the person's app, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<TouchpointUser> manager, TouchpointUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<TouchpointUser> manager, TouchpointUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || Totp.Base32Decode(key) is not { } secret || token.Length != 6 || !token.All(char.IsAsciiDigit))
        {
            return false;
        }
        var step = Totp.Step(time.GetUtcNow());
        long.TryParse(await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepToken), out var last);
        for (var s = step - 1; s <= step + 1; s++)
        {
            if (s > last && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Totp.Code(secret, s)), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepToken, s.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return true;
            }
        }
        return false;
    }
}

/// <summary>RFC 6238 / RFC 4226 arithmetic and the Base32 of authenticator keys (RFC 4648).</summary>
public static class Totp
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static long Step(DateTimeOffset at) => at.ToUnixTimeSeconds() / 30;

    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        // RFC 6238's default, and the only one every authenticator app supports; HMAC-SHA1 is not broken as a MAC.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static byte[]? Base32Decode(string text)
    {
        var clean = text.Trim().TrimEnd('=').Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var bytes = new List<byte>(clean.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var ch in clean)
        {
            var v = Alphabet.IndexOf(ch, StringComparison.Ordinal);
            if (v < 0)
            {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return bytes.ToArray();
    }
}
