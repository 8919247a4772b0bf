namespace Touchpoint.Features.Identity;

/// <summary>A user; <paramref name="TwoFactor"/>: signs in with an authenticator app.</summary>
public sealed record UserResponse(string Id, string Email, string Name, string Role, string Language, bool Active, DateTime CreatedAt, bool TwoFactor);

public sealed record CreateUserRequest(string? Email, string? Password, string? Role, string? Name, string? Language);

/// <summary>PATCH /api/v1/users/{id}: any of these; what is left out stays. A new password, a role change or deactivation ends the user's sessions.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateUserRequest
{
    public string? Name { get; init; }
    public string? Role { get; init; }
    public string? Language { get; init; }
    public bool? Active { get; init; }
    public string? Password { get; init; }

    /// <summary>Only <c>false</c>: turns off a person's two-factor sign-in (a lost phone); they set it up again themselves.</summary>
    public bool? TwoFactor { get; init; }
}

public sealed record CreateApiKeyRequest(string? Name);

public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, DateTime CreatedAt, string CreatedBy, DateTime? LastUsedAt, DateTime? RevokedAt);
