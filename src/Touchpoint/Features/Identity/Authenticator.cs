using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QRCoder;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>
/// A person's own authenticator app: the key to scan (as an otpauth URI and a QR code), turning two-factor sign-in on
/// with a first code, recovery codes (ten, each good once), and turning it off. Every change renews the security stamp,
/// so other sessions of the person end; the page that made the change signs its own session in again.
/// </summary>
public sealed class Authenticator(UserManager<TouchpointUser> users, IOptions<Touchpoint.Platform.Web.StoreOptions> store)
{
    public const int RecoveryCodeCount = 10;

    public sealed record Key(string Secret, string Uri, string QrSvg);

    /// <summary>The key to scan, made when the person has none yet (or after they turned two-factor off).</summary>
    public async Task<Key> KeyAsync(TouchpointUser user)
    {
        var secret = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(secret))
        {
            // Not ResetAuthenticatorKeyAsync: that renews the security stamp, so merely opening this page would sign the
            // person out everywhere. The key is stored where Identity's user store keeps it (its internal login provider).
            secret = users.GenerateNewAuthenticatorKey();
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", secret);
        }
        var issuer = string.IsNullOrWhiteSpace(store.Value.Name) ? "Touchpoint" : store.Value.Name.Trim();
        var label = Uri.EscapeDataString($"{issuer}:{user.Email}");
        var uri = $"otpauth://totp/{label}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&digits=6&period=30";
        using var data = new QRCodeGenerator().CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return new Key(Group(secret), uri, svg);
    }

    /// <summary>The key in groups of four, as people type it into an app by hand.</summary>
    private static string Group(string secret) =>
        string.Join(' ', Enumerable.Range(0, (secret.Length + 3) / 4).Select(i => secret.Substring(i * 4, Math.Min(4, secret.Length - i * 4)))).ToLowerInvariant();

    /// <summary>An app's code as typed: spaces and dashes people put between the digits are dropped.</summary>
    public static string Normalize(string? code) => new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    /// <summary>A recovery code as typed (they are written <c>XXXXX-XXXXX</c>): only spaces are dropped.</summary>
    public static string NormalizeRecovery(string? code) => new((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>Turns two-factor sign-in on when <paramref name="code"/> is right; the recovery codes, or null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(TouchpointUser user, string? code)
    {
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalize(code)))
        {
            return null;
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        return await NewRecoveryCodesAsync(user);
    }

    /// <summary>Ten new recovery codes; the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(TouchpointUser user) =>
        (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []).ToList();

    public Task<int> RecoveryCodesLeftAsync(TouchpointUser user) => users.CountRecoveryCodesAsync(user);

    /// <summary>Two-factor off and the key forgotten (a new one is shown to scan next time); recovery codes are void.</summary>
    public async Task DisableAsync(TouchpointUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
    }
}
