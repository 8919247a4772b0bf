using Microsoft.AspNetCore.Diagnostics;
using Touchpoint.Platform.Localization;
using static Touchpoint.Platform.Web.PublicPage;

namespace Touchpoint.Platform.Web;

/// <summary>
/// An answer with an error status and no body: API callers get an RFC 7807 problem (as before); a browser gets a page
/// in the visitor's language — "Page not found" with a way back — never a JSON document.
/// </summary>
public static class StatusPages
{
    public static IApplicationBuilder UseTouchpointStatusPages(this IApplicationBuilder app) => app.UseStatusCodePages(async context =>
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (!IsBrowserPage(http.Request))
        {
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = status, Title = Texts.Ui(status == StatusCodes.Status404NotFound ? "Problem.Title.NotFound" : "Problem.Title.BadRequest") },
            });
            return;
        }
        await WriteBrowserPageAsync(http, status);
    });

    /// <summary>A person's browser asking for a page (not the API, not a script or an image).</summary>
    public static bool IsBrowserPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The status as a page in the visitor's language (404, 403, or "something went wrong").</summary>
    public static async Task WriteBrowserPageAsync(HttpContext http, int status)
    {
        var lang = Languages.Current;
        var (titleKey, textKey) = status switch
        {
            StatusCodes.Status404NotFound => ("Status.NotFound.Title", "Status.NotFound.Text"),
            StatusCodes.Status403Forbidden => ("Ui.Denied.Title", "Ui.AccessDenied"),
            StatusCodes.Status405MethodNotAllowed => ("Status.NotFound.Title", "Status.NotFound.Text"),
            _ => ("Status.Error.Title", "Status.Error.Text"),
        };
        var store = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoreOptions>>().Value;
        var body = $"<p class=\"store\">{E(store.Name)}</p><h1>{E(Texts.Get(lang, titleKey))}</h1><div class=\"ok\"><p>{E(Texts.Get(lang, textKey))}</p>" +
                   $"<p><a href=\"/\">{E(Texts.Get(lang, "Status.Home"))}</a> · <a href=\"/help?lang={lang}\">{E(Texts.Get(lang, "Contact.HelpLink"))}</a></p></div>";
        await WriteAsync(http, status, Layout(lang, Texts.Get(lang, titleKey), store.Name, FormCss, body, null), http.RequestAborted);
    }
}
