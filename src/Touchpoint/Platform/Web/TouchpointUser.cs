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
}

public static class Policies
{
    /// <summary>Agents in the workspace (any role) or the store's platform with an API key.</summary>
    public const string Staff = "staff";

    /// <summary>Settings: stage targets, templates.</summary>
    public const string ServiceOwner = "service-owner";

    /// <summary>Service settings a store's systems also keep in sync (agents, roster): service owners, admins, or an API key.</summary>
    public const string OwnerOrIntegration = "owner-or-integration";

    /// <summary>Users and API keys.</summary>
    public const string Admin = "admin";

    /// <summary>Only the store's platform with an API key.</summary>
    public const string Integration = "integration";
}
