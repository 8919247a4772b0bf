using Microsoft.Net.Http.Headers;

namespace Touchpoint.Platform.Web;

/// <summary>
/// Headers every answer carries. The agent workspace gets a Content-Security-Policy under which Blazor Server and
/// MudBlazor work (scripts only from the app itself, no inline script, no eval) — the second wall behind the sanitizer:
/// should a customer's HTML ever smuggle an event handler into a page, the browser refuses to run it. Public pages set
/// their own stricter policy (no script at all) and keep it.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// For the agent UI. Images may come from anywhere only because an agent can choose "show images" on a customer's
    /// mail; the display transform withholds remote sources until then. <c>connect-src 'self'</c> covers the circuit's
    /// WebSocket (same origin).
    /// </summary>
    public const string AgentUiPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>For everything that is not a page: an API answer or a download opened directly renders nothing active.</summary>
    public const string NonPagePolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (!headers.ContainsKey("Referrer-Policy"))
            {
                headers["Referrer-Policy"] = "same-origin";
            }
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy) && !IsApiReference(http.Request.Path))
            {
                var isPage = http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
                headers.ContentSecurityPolicy = isPage ? AgentUiPolicy : NonPagePolicy;
                if (isPage)
                {
                    headers.XFrameOptions = "DENY";
                }
            }
            return Task.CompletedTask;
        });
        return next(http);
    });

    /// <summary>The browsable API reference (Scalar) brings its own inline bootstrap script; it shows no customer data.</summary>
    private static bool IsApiReference(PathString path) =>
        path.Equals("/api", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase);
}
