using System.Text;
using System.Text.Encodings.Web;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Platform.Web;

/// <summary>
/// The shell of the public pages customers see (contact form, …): plain HTML with no script, every value encoded,
/// a strict Content-Security-Policy, and a language switch.
/// </summary>
public static class PublicPage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string E(string? s) => Encoder.Encode(s ?? "");

    /// <summary>The document around <paramref name="body"/>: title, inline CSS, and (with <paramref name="selfPath"/>) links to the page in each language.</summary>
    public static string Layout(string lang, string title, string? storeName, string css, string body, string? selfPath, string? extraHead = null)
    {
        var sb = new StringBuilder(body.Length + css.Length + 1024);
        sb.Append("<!doctype html><html lang=\"").Append(lang).Append("\"><head><meta charset=\"utf-8\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">").Append(extraHead)
          .Append("<title>").Append(E(title)).Append(storeName is null ? "" : " · " + E(storeName)).Append("</title><style>").Append(css).Append("</style></head><body><main>")
          .Append(body);
        if (selfPath is not null)
        {
            sb.Append("<nav class=\"langs\" aria-label=\"").Append(E(Texts.Get(lang, "Track.Language"))).Append("\">");
            foreach (var l in Languages.Supported)
            {
                sb.Append(l == lang ? "<strong>" : $"<a href=\"{selfPath}?lang={l}\" hreflang=\"{l}\" lang=\"{l}\">").Append(E(Languages.Names[l])).Append(l == lang ? "</strong>" : "</a>").Append(' ');
            }
            sb.Append("</nav>");
        }
        return sb.Append("</main></body></html>").ToString();
    }

    public static async Task WriteAsync(HttpContext http, int status, string html, CancellationToken ct)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "same-origin";
        await http.Response.WriteAsync(html, ct);
    }

    /// <summary>Forms and notices (the contact form).</summary>
    public const string FormCss =
        "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f4f5f7;color:#1d2330}" +
        "main{max-width:640px;margin:0 auto;padding:24px 16px}.store{color:#5b6472;margin:0;font-size:14px;text-transform:uppercase;letter-spacing:.05em}" +
        "h1{font-size:26px;margin:4px 0 8px}p{margin:6px 0 12px}.langs{font-size:14px;margin-top:16px}.langs a{margin-right:8px;color:#1d4ed8}" +
        "form{display:grid;gap:6px;background:#fff;padding:18px;border-radius:10px;box-shadow:0 1px 2px #0001}" +
        "input,select,textarea{font:inherit;padding:8px 10px;border:1px solid #c3c8d0;border-radius:6px;background:#fff}textarea{min-height:160px;resize:vertical}" +
        "input:focus,select:focus,textarea:focus{outline:2px solid #93c5fd;border-color:#2563eb}" +
        "button{font:inherit;padding:10px;border:0;border-radius:6px;background:#2563eb;color:#fff;font-weight:600;cursor:pointer;margin-top:8px}label{font-weight:600;margin-top:6px}" +
        ".hint{color:#5b6472;font-size:13px;font-weight:400}.error{color:#b91c1c;font-size:14px}.alert{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;padding:10px 14px;border-radius:8px;margin:8px 0}" +
        ".ok{background:#fff;border-radius:10px;padding:18px;box-shadow:0 1px 2px #0001}.number{font-size:28px;font-weight:700;font-family:ui-monospace,monospace}";
}
