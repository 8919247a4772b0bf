using System.Security.Claims;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>
/// Who may give whom which role. One rule for every path that changes a role (the agents API, the users API and page):
/// API keys never change roles (an integration keeps agents' profiles in sync, it does not promote anyone); nobody
/// changes their own role (no self-promotion, and the last admin cannot demote themselves by accident); only an Admin
/// grants or removes Admin and ServiceOwner. A service owner may move people between Agent and Auditor.
/// </summary>
public static class RoleRules
{
    /// <summary>Why <paramref name="actor"/> may not move the user from <paramref name="current"/> (null: a new user) to <paramref name="wanted"/>; null when allowed or unchanged.</summary>
    public static string? Refusal(ClaimsPrincipal actor, string? targetUserId, string? current, string wanted)
    {
        if (current == wanted || current is null && wanted == Roles.Agent)
        {
            return null;
        }
        if (actor.HasClaim(c => c.Type == Actors.ApiKeyNameClaim))
        {
            return Texts.Ui("Problem.Roles.ApiKey");
        }
        if (targetUserId is not null && actor.FindFirstValue(ClaimTypes.NameIdentifier) == targetUserId)
        {
            return Texts.Ui("Problem.Roles.Own");
        }
        if ((Roles.IsPrivileged(wanted) || Roles.IsPrivileged(current)) && !actor.IsInRole(Roles.Admin))
        {
            return Texts.Ui("Problem.Roles.AdminOnly");
        }
        return null;
    }
}
