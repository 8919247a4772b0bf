using System.Security.Claims;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Feedback;

/// <summary>
/// Who reads which numbers. Service owners, admins, auditors and API keys read everyone's (and may name one agent);
/// an agent reads only their own: the reports answer them with their own rows, and naming anyone else, or a grouping
/// that would show other people's rows (agent, team), is 403.
/// </summary>
public static class ReportAccess
{
    /// <summary>The groupings that name people: an agent may not ask for them.</summary>
    public static readonly IReadOnlyList<string> PeopleGroupings = ["agent", "team"];

    public static bool SeesEveryone(ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == Actors.ApiKeyNameClaim) || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.ServiceOwner) || user.IsInRole(Roles.Auditor);

    /// <summary>
    /// The agent whose numbers the reader gets: null for everyone, the asked agent for readers who see everyone, the
    /// reader themselves for an agent. False when an agent asks for someone else's numbers or a people grouping.
    /// </summary>
    public static bool TryScope(ClaimsPrincipal user, string? askedAgent, string? groupBy, out string? agent)
    {
        if (SeesEveryone(user))
        {
            agent = string.IsNullOrWhiteSpace(askedAgent) ? null : askedAgent;
            return true;
        }
        agent = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        return agent != "" && (askedAgent is null || askedAgent == agent) && (groupBy is null || !PeopleGroupings.Contains(groupBy));
    }
}
