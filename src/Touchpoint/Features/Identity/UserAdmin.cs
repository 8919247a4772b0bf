using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>
/// The people who log in: create, list, change (name, language, role, password, active). Every change that takes away
/// access (role, password, deactivation) renews the user's security stamp, which ends their open sessions at the
/// next validation (<see cref="LoginOptions.SessionCheckInterval"/>).
/// </summary>
public sealed class UserAdmin(UserManager<TouchpointUser> users, TouchpointDb db, TimeProvider time, Authenticator authenticator)
{
    public async Task<(UserResponse? User, IDictionary<string, string[]> Errors)> CreateAsync(CreateUserRequest request, CancellationToken ct)
    {
        var v = new Validation()
            .Require(new EmailAddressAttribute().IsValid(request.Email) && !string.IsNullOrWhiteSpace(request.Email), "email", Texts.Ui("Valid.Email"))
            .Require(Roles.Normalize(request.Role) is not null, "role", Texts.Ui("Valid.OneOf", string.Join(", ", Roles.All)))
            .Require(!string.IsNullOrEmpty(request.Password), "password", Texts.Ui("Valid.Required"))
            .Require(request.Language is null || Languages.Supported.Contains(request.Language), "language", Texts.Ui("Valid.Language"))
            .Require((request.Name ?? "").Length <= 100, "name", Texts.Ui("Valid.MaxChars", 100));
        if (!v.IsValid)
        {
            return (null, v.Errors);
        }
        var email = request.Email!.Trim().ToLowerInvariant();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return (null, new Dictionary<string, string[]> { ["email"] = [Texts.Ui("Valid.Users.EmailTaken")] });
        }
        var user = NewUser(email, request.Name, request.Language);
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return (null, new Dictionary<string, string[]> { ["password"] = created.Errors.Select(e => e.Description).ToArray() });
        }
        var role = Roles.Normalize(request.Role)!;
        await users.AddToRoleAsync(user, role);
        return (ToResponse(user, role), new Dictionary<string, string[]>());
    }

    private TouchpointUser NewUser(string email, string? name, string? language) => new()
    {
        UserName = email, Email = email, EmailConfirmed = true, DisplayName = string.IsNullOrWhiteSpace(name) ? email.Split('@')[0] : name.Trim(),
        Language = language ?? "en", CreatedAt = time.GetUtcNow().UtcDateTime,
    };

    /// <summary>Why <paramref name="actor"/> may not give the user with this email <paramref name="role"/> (null: allowed, unchanged or not asked).</summary>
    public async Task<string?> RoleRefusalAsync(ClaimsPrincipal actor, string email, string? role)
    {
        if (Roles.Normalize(role) is not { } wanted)
        {
            return null;
        }
        var user = await users.FindByEmailAsync(email.Trim());
        var current = user is null ? null : (await users.GetRolesAsync(user)).FirstOrDefault();
        return RoleRules.Refusal(actor, user?.Id, current, wanted);
    }

    /// <summary>
    /// The user with this email, created without a password when missing (an admin sets one before they log in);
    /// name, role and language are changed when given. The caller has checked the role with <see cref="RoleRefusalAsync"/>.
    /// </summary>
    public async Task<(TouchpointUser User, string Role)> EnsureAsync(string email, string? name, string? role, string? language, CancellationToken ct)
    {
        email = email.Trim().ToLowerInvariant();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = NewUser(email, name, language);
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }
        }
        else if (!string.IsNullOrWhiteSpace(name) && name.Trim() != user.DisplayName || language is not null && language != user.Language)
        {
            user.DisplayName = string.IsNullOrWhiteSpace(name) ? user.DisplayName : name.Trim();
            user.Language = language ?? user.Language;
            await users.UpdateAsync(user);
        }
        var current = (await users.GetRolesAsync(user)).FirstOrDefault();
        var wanted = Roles.Normalize(role) ?? current ?? Roles.Agent;
        await SetRoleAsync(user, current, wanted);
        return (user, wanted);
    }

    private async Task SetRoleAsync(TouchpointUser user, string? current, string wanted)
    {
        if (current == wanted)
        {
            return;
        }
        if (current is not null)
        {
            await users.RemoveFromRoleAsync(user, current);
        }
        await users.AddToRoleAsync(user, wanted);
        if (current is not null)
        {
            // The cookie still carries the old role: end the sessions so the next request signs in afresh.
            await users.UpdateSecurityStampAsync(user);
        }
    }

    public enum UpdateOutcome
    {
        Updated,
        NotFound,
        Invalid,
        Forbidden,
    }

    /// <summary>Changes what <paramref name="request"/> names. Forbidden: the role rules, or deactivating oneself.</summary>
    public async Task<(UpdateOutcome Outcome, UserResponse? User, IDictionary<string, string[]> Errors, string? Refusal)> UpdateAsync(
        string id, UpdateUserRequest request, ClaimsPrincipal actor, CancellationToken ct)
    {
        var none = new Dictionary<string, string[]>();
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return (UpdateOutcome.NotFound, null, none, null);
        }
        var v = new Validation()
            .Require(request.Role is null || Roles.Normalize(request.Role) is not null, "role", Texts.Ui("Valid.OneOf", string.Join(", ", Roles.All)))
            .Require(request.Language is null || Languages.Supported.Contains(request.Language), "language", Texts.Ui("Valid.Language"))
            .Require(request.Name is null || request.Name.Trim().Length is > 0 and <= 100, "name", Texts.Ui("Valid.NameRequired", 100))
            .Require(request.Password is null || request.Password.Length > 0, "password", Texts.Ui("Valid.Required"))
            .Require(request.TwoFactor is null or false, "twoFactor", Texts.Ui("Valid.Users.TwoFactorOwn"));
        if (!v.IsValid)
        {
            return (UpdateOutcome.Invalid, null, v.Errors, null);
        }
        var current = (await users.GetRolesAsync(user)).FirstOrDefault();
        var wanted = Roles.Normalize(request.Role) ?? current ?? Roles.Agent;
        var self = actor.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id;
        if (RoleRules.Refusal(actor, user.Id, current, wanted) is { } refusal)
        {
            return (UpdateOutcome.Forbidden, null, none, refusal);
        }
        if (request.Active == false && self)
        {
            return (UpdateOutcome.Forbidden, null, none, Texts.Ui("Problem.Users.DeactivateSelf"));
        }
        if (request.Password is { } password)
        {
            // Checked against the password rules before anything else changes, so a weak password changes nothing.
            foreach (var validator in users.PasswordValidators)
            {
                var check = await validator.ValidateAsync(users, user, password);
                if (!check.Succeeded)
                {
                    return (UpdateOutcome.Invalid, null, new Dictionary<string, string[]> { ["password"] = check.Errors.Select(e => e.Description).ToArray() }, null);
                }
            }
        }
        if (request.Name is not null || request.Language is not null)
        {
            user.DisplayName = request.Name?.Trim() ?? user.DisplayName;
            user.Language = request.Language ?? user.Language;
            await users.UpdateAsync(user);
        }
        await SetRoleAsync(user, current, wanted);
        if (request.Password is { } newPassword)
        {
            // Both steps renew the security stamp: every session of the user ends, as after a reset.
            await users.RemovePasswordAsync(user);
            await users.AddPasswordAsync(user, newPassword);
            await users.ResetAccessFailedCountAsync(user);
        }
        if (request.TwoFactor == false && user.TwoFactorEnabled)
        {
            // The key and the recovery codes go too; the security stamp changes, so the user's sessions end.
            await authenticator.DisableAsync(user);
            user = (await users.FindByIdAsync(id))!;
        }
        if (request.Active is { } active && active != user.IsActive)
        {
            await SetActiveAsync(user.Id, active);
            user = (await users.FindByIdAsync(id))!;
        }
        return (UpdateOutcome.Updated, ToResponse(user, wanted), none, null);
    }

    public async Task<string> RoleOfAsync(string userId, CancellationToken ct) =>
        await users.FindByIdAsync(userId) is { } user ? (await users.GetRolesAsync(user)).FirstOrDefault() ?? "" : "";

    public async Task<List<UserResponse>> ListAsync(CancellationToken ct)
    {
        var rows = await (from u in db.Users.AsNoTracking()
                          join ur in db.UserRoles on u.Id equals ur.UserId into urs
                          from ur in urs.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into rs
                          from r in rs.DefaultIfEmpty()
                          orderby u.Email
                          select new { User = u, Role = r == null ? null : r.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.User.Id).Select(g => ToResponse(g.First().User, g.Select(x => x.Role).FirstOrDefault(x => x != null) ?? "")).ToList();
    }

    public async Task<bool> SetActiveAsync(string id, bool active)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return false;
        }
        user.IsActive = active;
        // Blocks logins and invalidates existing cookies at their next validation.
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, active ? null : DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        return true;
    }

    public static UserResponse ToResponse(TouchpointUser u, string role) =>
        new(u.Id, u.Email ?? "", u.DisplayName, role, u.Language, u.IsActive, u.CreatedAt, u.TwoFactorEnabled);

    /// <summary>Makes sure every role exists (idempotent; run at start, <see cref="RoleDefaults"/>).</summary>
    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}

/// <summary>The roles, first of the shipped defaults (everything after may name them).</summary>
public sealed class RoleDefaults(IServiceProvider services) : IShippedDefaults
{
    public Task EnsureAsync(CancellationToken ct) => UserAdmin.EnsureRolesAsync(services);
}
