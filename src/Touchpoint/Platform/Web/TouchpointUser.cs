using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Touchpoint.Platform.Web;

/// <summary>A person who logs in to the agent workspace.</summary>
public sealed class TouchpointUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>UI language: en, ru or pl.</summary>
    public string Language { get; set; } = "en";

    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string ServiceOwner = "ServiceOwner";
    public const string Agent = "Agent";
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All = [Admin, ServiceOwner, Agent, Auditor];

    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));

    /// <summary>Roles that only an Admin hands out or takes away: they open settings, people's data and other people's accounts.</summary>
    public static bool IsPrivileged(string? role) => role is Admin or ServiceOwner;

    /// <summary>
    /// Whether this person (or API key) works conversations, customers and orders: replies, notes, status, merges,
    /// resends. Auditors read and review; they change nothing in the desk.
    /// </summary>
    public static bool WorksTheDesk(ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == Actors.ApiKeyNameClaim) || user.IsInRole(Admin) || user.IsInRole(ServiceOwner) || user.IsInRole(Agent);
}

public static class Policies
{
    /// <summary>Agents in the workspace (any role) or the store's platform with an API key.</summary>
    public const string Staff = "staff";

    /// <summary>Changing conversations, customers and orders: every role but Auditor, and API keys (<see cref="Roles.WorksTheDesk"/>).</summary>
    public const string Desk = "desk";

    /// <summary>Settings: stage targets, templates.</summary>
    public const string ServiceOwner = "service-owner";

    /// <summary>Service settings a store's systems also keep in sync (agents, roster): service owners, admins, or an API key.</summary>
    public const string OwnerOrIntegration = "owner-or-integration";

    /// <summary>Users and API keys.</summary>
    public const string Admin = "admin";

    /// <summary>Only the store's platform with an API key.</summary>
    public const string Integration = "integration";
}
