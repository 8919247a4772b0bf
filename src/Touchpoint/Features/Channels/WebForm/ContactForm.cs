using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;
using static Touchpoint.Platform.Web.PublicPage;

namespace Touchpoint.Features.Channels.WebForm;

public sealed class ContactFormOptions
{
    /// <summary>Messages one address may send per window.</summary>
    public int SubmitsPerWindow { get; set; } = 5;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>People need a few seconds to write; a form sent back faster is a bot.</summary>
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// <c>/contact</c>: the public web form. Static HTML (no circuit, no script), in the customer's language. Spam is
/// kept out by a honeypot field, a minimum fill time in a signed token, and a rate limit per address. A form sent
/// twice (double click, reload) lands once: it carries a submission id used as the idempotency key.
/// </summary>
public static partial class ContactForm
{
    private const string Limiter = "contact";
    private const int MaxMessage = 10_000;

    public static IServiceCollection AddContactForm(this IServiceCollection services)
    {
        services.AddOptions<ContactFormOptions>().BindConfiguration("Touchpoint:Contact")
            .Validate(o => o.SubmitsPerWindow >= 1 && o.Window >= TimeSpan.FromSeconds(1) && o.MaxAttachmentBytes is >= 0 and <= 50L * 1024 * 1024 && o.MinimumFillTime >= TimeSpan.Zero,
                "Touchpoint:Contact: SubmitsPerWindow ≥ 1, Window ≥ 1 s, MaxAttachmentBytes 0–50 MB, MinimumFillTime ≥ 0.")
            .ValidateOnStart();
        services.AddRateLimiter(o => o.AddPolicy(Limiter, http =>
        {
            var options = http.RequestServices.GetRequiredService<IOptions<ContactFormOptions>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SubmitsPerWindow, Window = options.Window });
        }));
        services.PostConfigure<RateLimiterOptions>(o =>
        {
            var previous = o.OnRejected;
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                if (http.Request.Path.StartsWithSegments("/contact"))
                {
                    var lang = Languages.Normalize(http.Request.Query["lang"]);
                    var store = http.RequestServices.GetRequiredService<IOptions<StoreOptions>>().Value;
                    await WriteAsync(http, StatusCodes.Status429TooManyRequests,
                        Layout(lang, Texts.Get(lang, "Contact.Title"), store.Name, FormCss, $"<p class=\"store\">{E(store.Name)}</p><h1>{E(Texts.Get(lang, "Contact.Title"))}</h1><div class=\"alert\" role=\"alert\">{E(Texts.Get(lang, "Contact.TooMany"))}</div>", null), ct);
                    return;
                }
                if (previous is not null)
                {
                    await previous(context, ct);
                }
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapContactForm(this IEndpointRouteBuilder app)
    {
        app.MapGet("/contact", ShowAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/contact", SubmitAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(Limiter)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(60L * 1024 * 1024));
        app.MapGet("/contact/sent", SentAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static string PickLanguage(HttpContext http, string? lang) =>
        Languages.Normalize(lang ?? http.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture.UICulture.TwoLetterISOLanguageName);

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("Touchpoint.ContactForm");

    public sealed record Fields(string Name, string Email, string Order, string Topic, string Message);

    private static async Task ShowAsync(HttpContext http, string? lang, TopicCatalog topics, IOptions<StoreOptions> store, TimeProvider time, CancellationToken ct)
    {
        var language = PickLanguage(http, lang);
        var html = Render(language, store.Value.Name, await topics.AllAsync(ct), new Fields("", "", "", "", ""), [], Token(http, time), http.RequestServices.GetRequiredService<IOptions<ContactFormOptions>>().Value);
        await WriteAsync(http, StatusCodes.Status200OK, html, ct);
    }

    /// <summary>Signed: when the form was shown and a fresh submission id.</summary>
    private static string Token(HttpContext http, TimeProvider time) =>
        Protector(http).Protect($"{time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|{Guid.NewGuid():N}");

    private static async Task SubmitAsync(HttpContext http, string? lang, TopicCatalog topics, IOptions<StoreOptions> store, IOptions<ContactFormOptions> options,
        ConversationDesk desk, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var language = PickLanguage(http, lang);
        var logger = loggers.CreateLogger("Touchpoint.ContactForm");
        var o = options.Value;
        if (!http.Request.HasFormContentType)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, Render(language, store.Value.Name, await topics.AllAsync(ct), new Fields("", "", "", "", ""),
                new() { ["form"] = Texts.Get(language, "Contact.Error.Form") }, Token(http, time), o), ct);
            return;
        }
        var form = await http.Request.ReadFormAsync(ct);
        string F(string key, int max)
        {
            var value = ((string?)form[key] ?? "").Trim();
            return value.Length > max ? value[..max] : value;
        }
        var fields = new Fields(F("name", 200), F("email", 320), F("order", 64), F("topic", 64), ((string?)form["message"] ?? "").Trim());
        var all = await topics.AllAsync(ct);

        // Bots fill every field and submit at once; people never see the honeypot.
        var (shownAt, submissionId) = ReadToken(http, (string?)form["token"]);
        if (!string.IsNullOrEmpty(form["website"]) || shownAt is null
            || time.GetUtcNow() - shownAt < o.MinimumFillTime || time.GetUtcNow() - shownAt > TimeSpan.FromDays(1))
        {
            LogSpam(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?", !string.IsNullOrEmpty(form["website"]) ? "honeypot" : shownAt is null ? "token" : "timing");
            http.Response.Redirect($"/contact/sent?lang={language}");
            return;
        }

        var errors = new Dictionary<string, string>();
        if (!InboundText.IsEmail(fields.Email)) { errors["email"] = Texts.Get(language, "Contact.Error.Email"); }
        if (fields.Message.Length == 0) { errors["message"] = Texts.Get(language, "Contact.Error.Message"); }
        else if (fields.Message.Length > MaxMessage) { errors["message"] = Texts.Format(language, "Contact.Error.MessageLong", MaxMessage); }
        if (fields.Topic.Length > 0 && !all.Any(t => t.Key == fields.Topic && t.Active)) { errors["topic"] = Texts.Get(language, "Contact.Error.Topic"); }
        var file = form.Files.GetFile("attachment");
        if (file is { Length: > 0 } && file.Length > o.MaxAttachmentBytes)
        {
            errors["attachment"] = Texts.Format(language, "Contact.Error.Attachment", $"{o.MaxAttachmentBytes / (1024.0 * 1024):0.#}");
        }
        if (errors.Count > 0)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, Render(language, store.Value.Name, all, fields, errors, (string?)form["token"] ?? Token(http, time), o), ct);
            return;
        }
        var attachments = new List<NewAttachment>();
        if (file is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            attachments.Add(new NewAttachment(file.FileName, string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType, buffer.ToArray()));
        }
        var landed = await desk.ReceiveAsync(new Inbound
        {
            Source = "web", Key = submissionId, Channel = Channel.Web,
            Email = fields.Email, Name = fields.Name.Length > 0 ? fields.Name : null, DefaultLanguage = language,
            // "Returns · 100367: I want to send the jacket back…": what agents scan in the queue.
            Subject = (fields.Topic.Length > 0 && all.FirstOrDefault(t => t.Key == fields.Topic) is { } topic
                ? $"{topic.Name(language)}{(fields.Order.Length > 0 ? " · " + fields.Order : "")}: "
                : "") + InboundText.SubjectFrom(fields.Message),
            Topic = fields.Topic.Length > 0 ? fields.Topic : null,
            Message = new NewMessage(fields.Message, null, attachments),
            OrderNumbers = fields.Order.Length > 0 ? [fields.Order] : [],
            Actor = "web-form",
        }, ct);
        http.Response.Redirect($"/contact/sent?lang={language}&ref={Uri.EscapeDataString(Protector(http).Protect(landed.Number.ToString(CultureInfo.InvariantCulture)))}");
    }

    private static (DateTimeOffset? ShownAt, string? SubmissionId) ReadToken(HttpContext http, string? token)
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

    private static async Task SentAsync(HttpContext http, string? lang, string? @ref, IOptions<StoreOptions> store, IOptions<ConversationsOptions> conversations, CancellationToken ct)
    {
        var language = PickLanguage(http, lang);
        string T(string key) => Texts.Get(language, key);
        long? number = null;
        if (!string.IsNullOrEmpty(@ref))
        {
            try
            {
                number = long.Parse(Protector(http).Unprotect(@ref), CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException)
            {
                number = null;
            }
        }
        var body = new StringBuilder();
        body.Append("<h1>").Append(E(T("Contact.Sent.Title"))).Append("</h1><div class=\"ok\">");
        if (number is { } n)
        {
            body.Append("<p>").Append(E(T("Contact.Sent.Number"))).Append("</p><p class=\"number\">#").Append(n).Append("</p>");
        }
        body.Append("<p>").Append(E(Texts.Format(language, "Contact.Sent.Promise", conversations.Value.PromiseText(language)))).Append("</p>")
            .Append("<p>").Append(E(T("Contact.Sent.Mail"))).Append("</p>")
            .Append("<p><a href=\"/help?lang=").Append(language).Append("\">").Append(E(T("Contact.HelpLink"))).Append("</a></p></div>");
        await WriteAsync(http, StatusCodes.Status200OK, Layout(language, T("Contact.Sent.Title"), store.Value.Name, FormCss, Store(store.Value.Name) + body, null), ct);
    }

    internal static string Render(string lang, string storeName, IReadOnlyList<Topic> topics, Fields f, Dictionary<string, string> errors, string token, ContactFormOptions o)
    {
        string T(string key) => Texts.Get(lang, key);
        string Error(string field) => errors.TryGetValue(field, out var e) ? $"<span class=\"error\" id=\"{field}-error\">{E(e)}</span>" : "";
        string Described(string field) => errors.ContainsKey(field) ? $" aria-invalid=\"true\" aria-describedby=\"{field}-error\"" : "";
        var sb = new StringBuilder();
        sb.Append("<h1>").Append(E(T("Contact.Title"))).Append("</h1><p>").Append(E(T("Contact.Intro"))).Append(" <a href=\"/help?lang=").Append(lang).Append("\">")
          .Append(E(T("Contact.HelpLink"))).Append("</a></p>");
        if (errors.Count > 0)
        {
            sb.Append("<div class=\"alert\" role=\"alert\">").Append(E(T("Contact.Error.Summary"))).Append(errors.TryGetValue("form", out var formError) ? " " + E(formError) : "").Append("</div>");
        }
        sb.Append("<form method=\"post\" action=\"/contact?lang=").Append(lang).Append("\" enctype=\"multipart/form-data\" novalidate>")
          .Append("<input type=\"hidden\" name=\"token\" value=\"").Append(E(token)).Append("\">")
          .Append("<label for=\"name\">").Append(E(T("Contact.Name"))).Append("</label>")
          .Append("<input id=\"name\" name=\"name\" maxlength=\"200\" autocomplete=\"name\" value=\"").Append(E(f.Name)).Append("\">")
          .Append("<label for=\"email\">").Append(E(T("Contact.Email"))).Append("</label>")
          .Append("<input id=\"email\" name=\"email\" type=\"email\" required maxlength=\"320\" autocomplete=\"email\" value=\"").Append(E(f.Email)).Append('"').Append(Described("email")).Append('>').Append(Error("email"))
          .Append("<label for=\"order\">").Append(E(T("Contact.Order"))).Append(" <span class=\"hint\">").Append(E(T("Contact.Optional"))).Append("</span></label>")
          .Append("<input id=\"order\" name=\"order\" maxlength=\"64\" autocomplete=\"off\" value=\"").Append(E(f.Order)).Append("\">")
          .Append("<label for=\"topic\">").Append(E(T("Contact.Topic"))).Append("</label>")
          .Append("<select id=\"topic\" name=\"topic\"").Append(Described("topic")).Append("><option value=\"\">").Append(E(T("Contact.ChooseTopic"))).Append("</option>");
        foreach (var t in topics.Where(t => t.Active))
        {
            sb.Append("<option value=\"").Append(E(t.Key)).Append('"').Append(t.Key == f.Topic ? " selected" : "").Append('>').Append(E(t.Name(lang))).Append("</option>");
        }
        sb.Append("</select>").Append(Error("topic"))
          .Append("<label for=\"message\">").Append(E(T("Contact.Message"))).Append("</label>")
          .Append("<textarea id=\"message\" name=\"message\" required maxlength=\"").Append(MaxMessage).Append('"').Append(Described("message")).Append('>').Append(E(f.Message)).Append("</textarea>").Append(Error("message"))
          .Append("<label for=\"attachment\">").Append(E(T("Contact.Attachment"))).Append(" <span class=\"hint\">")
          .Append(E(Texts.Format(lang, "Contact.AttachmentHint", $"{o.MaxAttachmentBytes / (1024.0 * 1024):0.#}"))).Append("</span></label>")
          .Append("<input id=\"attachment\" name=\"attachment\" type=\"file\"").Append(Described("attachment")).Append('>').Append(Error("attachment"))
          // The honeypot: hidden from people and from screen readers, irresistible to bots.
          .Append("<div style=\"position:absolute;left:-10000px\" aria-hidden=\"true\"><label for=\"website\">Website</label><input id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>")
          .Append("<button type=\"submit\">").Append(E(T("Contact.Send"))).Append("</button></form>");
        return Layout(lang, T("Contact.Title"), storeName, FormCss, Store(storeName) + sb, "/contact");
    }

    private static string Store(string name) => $"<p class=\"store\">{E(name)}</p>";

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact form from {Address} dropped as spam ({Reason})")]
    private static partial void LogSpam(ILogger logger, string address, string reason);
}
