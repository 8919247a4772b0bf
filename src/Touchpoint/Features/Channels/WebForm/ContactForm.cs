using System.Text;
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
    private static readonly PublicForm Form = new("/contact", "Touchpoint.ContactForm");

    public static IServiceCollection AddContactForm(this IServiceCollection services)
    {
        services.AddOptions<ContactFormOptions>().BindConfiguration("Touchpoint:Contact")
            .Validate(o => o.SubmitsPerWindow >= 1 && o.Window >= TimeSpan.FromSeconds(1) && o.MaxAttachmentBytes is >= 0 and <= 50L * 1024 * 1024 && o.MinimumFillTime >= TimeSpan.Zero,
                "Touchpoint:Contact: SubmitsPerWindow ≥ 1, Window ≥ 1 s, MaxAttachmentBytes 0–50 MB, MinimumFillTime ≥ 0.")
            .ValidateOnStart();
        Form.AddLimiter<ContactFormOptions>(services, Limiter, o => (o.SubmitsPerWindow, o.Window),
            "Contact.Title", "Contact.TooMany");
        return services;
    }

    public static IEndpointRouteBuilder MapContactForm(this IEndpointRouteBuilder app)
    {
        app.MapGet("/contact", ShowAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/contact", SubmitAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(Limiter);
        app.MapGet("/contact/sent", SentAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The largest post read at all. Room for twice the attachment limit, so a file somewhat too large is still read and
    /// answered beside its field ("at most 10 MB"); beyond that the post is refused whole, unread.
    /// </summary>
    private static long MaxBodyBytes(ContactFormOptions o) => 2 * o.MaxAttachmentBytes + 1024 * 1024;

    public sealed record Fields(string Name, string Email, string Order, string Topic, string Message);

    private static async Task ShowAsync(HttpContext http, string? lang, TopicCatalog topics, IOptions<StoreOptions> store, TimeProvider time, CancellationToken ct)
    {
        var language = PublicForm.PickLanguage(http, lang);
        var html = Render(language, store.Value.Name, await topics.AllAsync(ct), new Fields("", "", "", "", ""), [], Form.Token(http, time), http.RequestServices.GetRequiredService<IOptions<ContactFormOptions>>().Value);
        await WriteAsync(http, StatusCodes.Status200OK, html, ct);
    }

    private static async Task SubmitAsync(HttpContext http, string? lang, TopicCatalog topics, IOptions<StoreOptions> store, IOptions<ContactFormOptions> options,
        ConversationDesk desk, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var language = PublicForm.PickLanguage(http, lang);
        var logger = loggers.CreateLogger("Touchpoint.ContactForm");
        var o = options.Value;
        var (form, status) = await PublicForm.ReadAsync(http, MaxBodyBytes(o), ct);
        if (form is null)
        {
            await WriteAsync(http, status, Render(language, store.Value.Name, await topics.AllAsync(ct), new Fields("", "", "", "", ""),
                new() { ["form"] = http.Request.HasFormContentType ? PublicForm.Unreadable(language, status) : Texts.Get(language, "Contact.Error.Form") }, Form.Token(http, time), o), ct);
            return;
        }
        string F(string key, int max) => PublicForm.Field(form, key, max);
        var fields = new Fields(F("name", 200), F("email", 320), F("order", 64), F("topic", 64), PublicForm.Field(form, "message"));
        var all = await topics.AllAsync(ct);

        if (Form.SpamReason(http, form, time, o.MinimumFillTime, out var submissionId) is { } spam)
        {
            LogSpam(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?", spam);
            http.Response.Redirect(Form.SentUrl(http, language));
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
            await WriteAsync(http, StatusCodes.Status400BadRequest, Render(language, store.Value.Name, all, fields with { Message = PublicForm.Echo(fields.Message, MaxMessage) },
                errors, (string?)form["token"] ?? Form.Token(http, time), o), ct);
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
        http.Response.Redirect(Form.SentUrl(http, language, landed.Number));
    }

    private static async Task SentAsync(HttpContext http, string? lang, string? @ref, IOptions<StoreOptions> store, IOptions<ConversationsOptions> conversations, CancellationToken ct)
    {
        var language = PublicForm.PickLanguage(http, lang);
        string T(string key) => Texts.Get(language, key);
        var number = Form.ReadReference(http, @ref);
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
        var html = new PublicForm.Html(lang, errors);
        var sb = new StringBuilder();
        sb.Append("<h1>").Append(E(T("Contact.Title"))).Append("</h1><p>").Append(E(T("Contact.Intro"))).Append(" <a href=\"/help?lang=").Append(lang).Append("\">")
          .Append(E(T("Contact.HelpLink"))).Append("</a></p>").Append(html.Summary())
          .Append("<form method=\"post\" action=\"/contact?lang=").Append(lang).Append("\" enctype=\"multipart/form-data\" novalidate>")
          .Append(PublicForm.Html.TokenField(token))
          .Append("<label for=\"name\">").Append(E(T("Contact.Name"))).Append("</label>")
          .Append("<input id=\"name\" name=\"name\" maxlength=\"200\" autocomplete=\"name\" value=\"").Append(E(f.Name)).Append("\">")
          .Append("<label for=\"email\">").Append(E(T("Contact.Email"))).Append("</label>")
          .Append("<input id=\"email\" name=\"email\" type=\"email\" required maxlength=\"320\" autocomplete=\"email\" value=\"").Append(E(f.Email)).Append('"').Append(html.Described("email")).Append('>').Append(html.Error("email"))
          .Append("<label for=\"order\">").Append(E(T("Contact.Order"))).Append(" <span class=\"hint\">").Append(E(T("Contact.Optional"))).Append("</span></label>")
          .Append("<input id=\"order\" name=\"order\" maxlength=\"64\" autocomplete=\"off\" value=\"").Append(E(f.Order)).Append("\">")
          .Append("<label for=\"topic\">").Append(E(T("Contact.Topic"))).Append("</label>")
          .Append(html.Select("topic", T("Contact.ChooseTopic"), topics.Where(t => t.Active).Select(t => (t.Key, t.Name(lang))), f.Topic))
          .Append("<label for=\"message\">").Append(E(T("Contact.Message"))).Append("</label>")
          .Append("<textarea id=\"message\" name=\"message\" required maxlength=\"").Append(MaxMessage).Append('"').Append(html.Described("message")).Append('>').Append(E(f.Message)).Append("</textarea>").Append(html.Error("message"))
          .Append("<label for=\"attachment\">").Append(E(T("Contact.Attachment"))).Append(" <span class=\"hint\">")
          .Append(E(Texts.Format(lang, "Contact.AttachmentHint", $"{o.MaxAttachmentBytes / (1024.0 * 1024):0.#}"))).Append("</span></label>")
          .Append("<input id=\"attachment\" name=\"attachment\" type=\"file\"").Append(html.Described("attachment")).Append('>').Append(html.Error("attachment"))
          .Append(PublicForm.Html.Honeypot)
          .Append("<button type=\"submit\">").Append(E(T("Contact.Send"))).Append("</button></form>");
        return Layout(lang, T("Contact.Title"), storeName, FormCss, Store(storeName) + sb, "/contact");
    }

    private static string Store(string name) => $"<p class=\"store\">{E(name)}</p>";

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact form from {Address} dropped as spam ({Reason})")]
    private static partial void LogSpam(ILogger logger, string address, string reason);
}
