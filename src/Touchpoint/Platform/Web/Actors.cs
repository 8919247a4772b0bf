using System.Security.Claims;

namespace Touchpoint.Platform.Web;

public static class Actors
{
    /// <summary>Claim type that carries the API key's name for requests signed with a key.</summary>
    public const string ApiKeyNameClaim = "touchpoint:apikey";

    /// <summary>The automatic assignment, as history records it.</summary>
    public const string Routing = "system:routing";

    /// <summary>How history records who did something: <c>api:shop-platform</c>, <c>user:anna@shop.test</c>.</summary>
    public static string Describe(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(ApiKeyNameClaim) is { } key)
        {
            return $"api:{key}";
        }
        return user.Identity?.IsAuthenticated == true ? $"user:{user.FindFirstValue(ClaimTypes.Email) ?? user.Identity.Name}" : "anonymous";
    }
}
