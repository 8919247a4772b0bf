using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>
/// An open workspace tab is a circuit that outlives the request which signed it in: every
/// <see cref="LoginOptions.SessionCheckInterval"/> it checks that the user is still active, still has the role the
/// page was opened with and the same security stamp (a new password, a role change or a deactivation renews it). When
/// not, the circuit's user becomes anonymous and the page sends them to sign in again.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, IOptions<LoginOptions> login)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => login.Value.SessionCheckInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TouchpointUser>>();
        return await IsCurrentAsync(users, state.User, identity.Value);
    }

    public static async Task<bool> IsCurrentAsync(UserManager<TouchpointUser> users, ClaimsPrincipal principal, IdentityOptions options)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.HasClaim(c => c.Type == Actors.ApiKeyNameClaim))
        {
            return principal.Identity?.IsAuthenticated == true;
        }
        var user = await users.GetUserAsync(principal);
        if (user is null || !user.IsActive)
        {
            return false;
        }
        if (users.SupportsUserSecurityStamp
            && principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
        {
            return false;
        }
        var roles = await users.GetRolesAsync(user);
        return roles.All(principal.IsInRole) && principal.FindAll(options.ClaimsIdentity.RoleClaimType).All(c => roles.Contains(c.Value));
    }
}
