using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using static Touchpoint.Platform.Web.PublicPage;

namespace Touchpoint.Platform.Web;

/// <summary>
/// What the public forms (<c>/contact</c>, <c>/callback</c>) share: the language pick, a signed token that says when the
/// form was shown and carries a fresh submission id (the idempotency key of a form sent twice), the spam check
/// (a honeypot field and the fill time), the protected <c>?ref=</c> of the confirmation page, and a per-address
/// fixed-window limit whose refusal is a page in the customer's language.
/// </summary>
/// <param name="path">Where the form lives (<c>/contact</c>); its confirmation page is <c>{path}/sent</c>.</param>
/// <param name="purpose">The data-protection purpose: one per form, so one form's token or reference means nothing to another.</param>
public sealed class PublicForm(string path, string purpose)
{
    /// <summary>A form sent back later than this was shown too long ago to be trusted as a person's.</summary>
    public static readonly TimeSpan MaximumFillTime = TimeSpan.FromDays(1);

    public string Path => path;

    /// <summary>
    /// Reads a public form's post within tight limits (a person's form has a dozen short fields): too many fields, a
    /// field too long or a body over <paramref name="maxBytes"/> is not an error of ours but a refusal — the status to
    /// answer with (400, or 413 for a body too large), which the form turns into its page in the visitor's language.
    /// </summary>
    public static async Task<(IFormCollection? Form, int Status)> ReadAsync(HttpContext http, long maxBytes, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }
        if (http.Request.ContentLength > maxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }
        http.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(http.Request, new Microsoft.AspNetCore.Http.Features.FormOptions
        {
            ValueCountLimit = 50, KeyLengthLimit = 100, ValueLengthLimit = 100_000, MultipartHeadersCountLimit = 16, MultipartBodyLengthLimit = maxBytes,
        }));
        try
        {
            return (await http.Request.ReadFormAsync(ct), StatusCodes.Status200OK);
        }
        catch (InvalidDataException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ex.StatusCode : StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>What a visitor reads when <see cref="ReadAsync"/> refused their post.</summary>
    public static string Unreadable(string lang, int status) =>
        Texts.Get(lang, status == StatusCodes.Status413PayloadTooLarge ? "Form.TooLarge" : "Form.Unreadable");

    /// <summary>A field as it may be shown again on the form's error page: never longer than the form accepts.</summary>
    public static string Echo(string value, int max) => value.Length > max ? value[..max] : value;

    public static string PickLanguage(HttpContext http, string? lang) =>
        Languages.Normalize(lang ?? http.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture.UICulture.TwoLetterISOLanguageName);

    private IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose);

    /// <summary>Signed: when the form was shown and a fresh submission id.</summary>
    public string Token(HttpContext http, TimeProvider time) =>
        Protector(http).Protect($"{time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|{Guid.NewGuid():N}");

    public (DateTimeOffset? ShownAt, string? SubmissionId) ReadToken(HttpContext http, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, null);
        }
        try
        {
            var parts = Protector(http).Unprotect(token).Split('|');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? (DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[1])
                : (null, null);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Why a sent form is a bot's (<c>honeypot</c>, <c>token</c>, <c>timing</c>), or null with the submission id when
    /// it is a person's. Bots fill every field and submit at once; people never see the honeypot.
    /// </summary>
    public string? SpamReason(HttpContext http, IFormCollection form, TimeProvider time, TimeSpan minimumFillTime, out string? submissionId)
    {
        var (shownAt, id) = ReadToken(http, (string?)form["token"]);
        submissionId = id;
        var now = time.GetUtcNow();
        return !string.IsNullOrEmpty(form["website"]) ? "honeypot"
            : shownAt is null ? "token"
            : now - shownAt < minimumFillTime || now - shownAt > MaximumFillTime ? "timing"
            : null;
    }

    /// <summary>A field as sent: trimmed, and cut to <paramref name="max"/> characters.</summary>
    public static string Field(IFormCollection form, string key, int max = int.MaxValue)
    {
        var value = ((string?)form[key] ?? "").Trim();
        return value.Length > max ? value[..max] : value;
    }

    /// <summary>The confirmation page; with a number, it carries it protected, so nobody reads another's number off a guessed link.</summary>
    public string SentUrl(HttpContext http, string lang, long? number = null) =>
        $"{path}/sent?lang={lang}" + (number is { } n ? $"&ref={Uri.EscapeDataString(Protector(http).Protect(n.ToString(CultureInfo.InvariantCulture)))}" : "");

    /// <summary>The number a <see cref="SentUrl"/> carries; null when there is none or it was not ours.</summary>
    public long? ReadReference(HttpContext http, string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }
        try
        {
            return long.Parse(Protector(http).Unprotect(reference), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// A fixed-window limit per client address on the form's posts (<paramref name="policy"/>, for <c>RequireRateLimiting</c>);
    /// a refused post gets the form's title and <paramref name="tooManyKey"/> as a page in the customer's language.
    /// </summary>
    public void AddLimiter<TOptions>(IServiceCollection services, string policy, Func<TOptions, (int PermitLimit, TimeSpan Window)> limits, string titleKey, string tooManyKey)
        where TOptions : class
    {
        services.AddRateLimiter(o => o.AddPolicy(policy, http =>
        {
            var (permits, window) = limits(http.RequestServices.GetRequiredService<IOptions<TOptions>>().Value);
            return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window });
        }));
        services.AnswerRateLimitRejections(path, (http, ct) =>
        {
            var lang = Languages.Normalize(http.Request.Query["lang"]);
            var store = http.RequestServices.GetRequiredService<IOptions<StoreOptions>>().Value;
            return WriteAsync(http, StatusCodes.Status429TooManyRequests,
                Layout(lang, Texts.Get(lang, titleKey), store.Name, FormCss, $"<p class=\"store\">{E(store.Name)}</p><h1>{E(Texts.Get(lang, titleKey))}</h1><div class=\"alert\" role=\"alert\">{E(Texts.Get(lang, tooManyKey))}</div>", null), ct);
        });
    }

    /// <summary>The parts of a form's HTML that every public form writes the same way.</summary>
    public sealed class Html(string lang, IReadOnlyDictionary<string, string> errors)
    {
        /// <summary>The field's error message, if it has one.</summary>
        public string Error(string field) => errors.TryGetValue(field, out var e) ? $"<span class=\"error\" id=\"{field}-error\">{E(e)}</span>" : "";

        /// <summary>The attributes that tie an invalid field to its message for screen readers.</summary>
        public string Described(string field) => errors.ContainsKey(field) ? $" aria-invalid=\"true\" aria-describedby=\"{field}-error\"" : "";

        /// <summary>The alert above the form when anything is wrong; a <c>form</c> error (not a field's) is said in it.</summary>
        public string Summary() => errors.Count == 0 ? ""
            : $"<div class=\"alert\" role=\"alert\">{E(Texts.Get(lang, "Contact.Error.Summary"))}{(errors.TryGetValue("form", out var formError) ? " " + E(formError) : "")}</div>";

        public static string TokenField(string token) => $"<input type=\"hidden\" name=\"token\" value=\"{E(token)}\">";

        /// <summary>A select (its name is its id) whose first option, "<paramref name="none"/>", chooses nothing; then its error.</summary>
        public string Select(string field, string none, IEnumerable<(string Value, string Label)> options, string selected)
        {
            var sb = new StringBuilder();
            sb.Append("<select id=\"").Append(field).Append("\" name=\"").Append(field).Append('"').Append(Described(field)).Append("><option value=\"\">").Append(E(none)).Append("</option>");
            foreach (var (value, label) in options)
            {
                sb.Append("<option value=\"").Append(E(value)).Append('"').Append(value == selected ? " selected" : "").Append('>').Append(E(label)).Append("</option>");
            }
            return sb.Append("</select>").Append(Error(field)).ToString();
        }

        /// <summary>The honeypot: hidden from people and from screen readers, irresistible to bots.</summary>
        public const string Honeypot =
            "<div style=\"position:absolute;left:-10000px\" aria-hidden=\"true\"><label for=\"website\">Website</label><input id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>";
    }
}
