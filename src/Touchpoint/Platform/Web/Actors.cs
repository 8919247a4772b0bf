using System.Security.Claims;

namespace Touchpoint.Platform.Web;

public static class Actors
{
    /// <summary>Claim type that carries the API key's name for requests signed with a key.</summary>
    public const string ApiKeyNameClaim = "touchpoint:apikey";

    /// <summary>The automatic assignment, as history records it.</summary>
    public const string Routing = "system:routing";

    /// <summary>
    /// Who did something, for people: the stored actor (<c>api:shop-platform</c>, <c>user:anna@shop.test</c>,
    /// <c>system:routing</c>, <c>seed</c>) in the reader's language; a person is shown by their address.
    /// </summary>
    public static string Label(string? actor)
    {
        if (string.IsNullOrEmpty(actor))
        {
            return "";
        }
        var (kind, rest) = actor.IndexOf(':') is var i and > 0 ? (actor[..i], actor[(i + 1)..]) : (actor, "");
        return kind switch
        {
            "user" => rest,
            "api" => Localization.Texts.Ui("Actor.Api", rest),
            "system" => rest switch
            {
                "routing" => Localization.Texts.Ui("Actor.Routing"),
                "telephony" => Localization.Texts.Ui("Actor.Telephony"),
                "auto-close" => Localization.Texts.Ui("Actor.AutoClose"),
                _ => Localization.Texts.Ui("Actor.System"),
            },
            "sla" => Localization.Texts.Ui("Actor.Sla"),
            "seed" or "demo" => Localization.Texts.Ui("Actor.Demo"),
            "customer" or "email" or "web-form" or "callback-form" => Localization.Texts.Ui("Actor.Customer"),
            "import" => Localization.Texts.Ui("Actor.Import"),
            _ => actor,
        };
    }

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
