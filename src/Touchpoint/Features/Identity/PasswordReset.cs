using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>
/// "Forgot your password?": a mail with a one-time link, in the person's language, through the outbox as a secret
/// message (nobody reads it in the message log, and its body is erased once sent). The answer is the same whether or
/// not the email has an account, and at most <see cref="LoginOptions.ResetsPerHour"/> mails go to one account an hour.
/// </summary>
public sealed class RequestPasswordReset(UserManager<TouchpointUser> users, TouchpointDb db, TimeProvider time, IOptions<LoginOptions> login,
    IOptions<Touchpoint.Platform.Web.StoreOptions> store)
{
    public const string MailKind = "account.password-reset";

    /// <summary>Queues the mail when the account exists, is active and has not had too many this hour; says nothing either way.</summary>
    public async Task RequestAsync(string? email, CancellationToken ct)
    {
        var account = LoginThrottle.AccountKey(email);
        if (account.Length == 0 || await users.FindByEmailAsync(account) is not { IsActive: true, Email: { } address } user)
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var since = now.AddHours(-1);
        var recent = await db.Set<OutboxMessage>().AsNoTracking()
            .CountAsync(m => m.Kind == MailKind && m.SubjectType == SubjectType && m.Recipient == address && m.CreatedAt > since, ct);
        if (recent >= login.Value.ResetsPerHour)
        {
            return;
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{login.Value.PublicBaseUrl.TrimEnd('/')}/login/reset?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}";
        var language = Languages.Normalize(user.Language);
        var (text, html) = Compose(language, user.DisplayName, link);
        db.Enqueue(new OutboxMessage
        {
            Channel = "email", Kind = MailKind, SubjectType = SubjectType, SubjectId = Guid.TryParse(user.Id, out var id) ? id : Ids.NewId(),
            Recipient = address, Title = Texts.Format(language, "Mail.Reset.Subject", store.Value.Name), Body = text, HtmlBody = html,
            Language = language, Secret = true, CreatedAt = now, NextAttemptAt = now,
            Headers = Platform.Mail.MailHeaders.Serialize(new Dictionary<string, string> { [Platform.Mail.MailHeaders.AutoSubmitted] = "auto-generated" }),
        });
        await db.SaveChangesAsync(ct);
    }

    public const string SubjectType = "user";

    private (string Text, string Html) Compose(string language, string name, string link)
    {
        var hello = Texts.Format(language, "Mail.Reset.Hello", name);
        var intro = Texts.Format(language, "Mail.Reset.Intro", store.Value.Name);
        var valid = Texts.Format(language, "Mail.Reset.Valid", (int)login.Value.ResetLinkLifetime.TotalMinutes);
        var ignore = Texts.Get(language, "Mail.Reset.Ignore");
        var button = Texts.Get(language, "Mail.Reset.Button");
        var text = new StringBuilder().Append(hello).Append("\n\n").Append(intro).Append("\n\n").Append(link).Append("\n\n")
            .Append(valid).Append(' ').Append(ignore).Append("\n\n").Append(store.Value.Name).Append('\n').ToString();
        var html = new StringBuilder("<div style=\"font-family:system-ui,sans-serif;font-size:15px;color:#1d2330\">")
            .Append("<p>").Append(PublicPage.E(hello)).Append("</p><p>").Append(PublicPage.E(intro)).Append("</p><p><a href=\"").Append(PublicPage.E(link))
            .Append("\" style=\"display:inline-block;padding:10px 16px;border-radius:6px;background:#1d4ed8;color:#fff;text-decoration:none;font-weight:600\">")
            .Append(PublicPage.E(button)).Append("</a></p><p style=\"color:#4b5563\">").Append(PublicPage.E(valid)).Append(' ').Append(PublicPage.E(ignore))
            .Append("</p><p>").Append(PublicPage.E(store.Value.Name)).Append("</p></div>").ToString();
        return (text, html);
    }
}

/// <summary>The link's page: a new password for the account, which ends its sessions and lifts a lockout.</summary>
public sealed class ResetPassword(UserManager<TouchpointUser> users)
{
    public enum Outcome
    {
        Reset,

        /// <summary>Unknown user, a forged, used or expired token — one answer for all of them.</summary>
        BadLink,

        /// <summary>The two passwords differ.</summary>
        Mismatch,

        /// <summary>The password rules refused it; the reasons are given.</summary>
        Refused,
    }

    public async Task<(Outcome Outcome, IReadOnlyList<string> Reasons)> ResetAsync(string? userId, string? token, string? password, string? repeat)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is not { IsActive: true } || string.IsNullOrEmpty(token)
            || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<TouchpointUser>.ResetPasswordTokenPurpose, token))
        {
            return (Outcome.BadLink, []);
        }
        if (string.IsNullOrEmpty(password) || password != repeat)
        {
            return (Outcome.Mismatch, []);
        }
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? (Outcome.BadLink, [])
                : (Outcome.Refused, result.Errors.Select(e => e.Description).ToList());
        }
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        return (Outcome.Reset, []);
    }
}
