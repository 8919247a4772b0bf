using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;
using static Touchpoint.Platform.Web.PublicPage;

namespace Touchpoint.Features.Channels.Phone;

/// <summary><c>POST /api/v1/callbacks</c>, unchecked.</summary>
public sealed record CallbackApiRequest
{
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Language { get; init; }
    public string? Topic { get; init; }
    public string? Note { get; init; }

    /// <summary>The caller's idempotency key: the same key twice answers the same task.</summary>
    public string? ExternalId { get; init; }
}

public sealed record CallbackCreated(long Number, bool Created, string Url);

/// <summary>A request to be called back, from the form or the API, checked.</summary>
public sealed record CallbackRequest(string Source, string Key, string Phone, string? Name, string? Email, string Language, string? Topic, string? PreferredTime, string? Note, string Actor);

/// <summary>
/// Callback requests (the store's widget, the public form): a task on the customer's open callback conversation, or a
/// new one — the same kind of task a missed call becomes, routed and held to the callback SLA the same way.
/// </summary>
public sealed class CallbackDesk(TouchpointDb db, CustomerDirectory customers, ConversationDesk desk, TopicCatalog topics)
{
    public const int MaxNote = 2000;

    public async Task<Landed> RequestAsync(CallbackRequest r, CancellationToken ct)
    {
        Guid? customerId;
        string email;
        if (r.Email is { } given)
        {
            email = given;
            var normalized = CustomerDirectory.NormalizeEmail(given);
            customerId = await CustomerDirectory.WithEmail(db, db.Set<Customer>().AsNoTracking(), normalized).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        }
        else
        {
            var customer = await customers.FindOrCreateByPhoneAsync(r.Phone, r.Name, r.Language, ct);
            (email, customerId) = (customer.Email, customer.Id);
        }
        var lang = r.Language;
        var topic = r.Topic is { } t && (await topics.AllAsync(ct)).FirstOrDefault(x => x.Key == t) is { } found ? found : null;
        var lines = new List<string> { Texts.Format(lang, "Callback.Task.Requested", CustomerRules.Display(r.Phone)) };
        if (r.PreferredTime is { Length: > 0 } when)
        {
            lines.Add(Texts.Format(lang, "Callback.Task.When", when));
        }
        if (topic is not null)
        {
            lines.Add(Texts.Format(lang, "Callback.Task.Topic", topic.Name(lang)));
        }
        if (r.Note is { Length: > 0 } note)
        {
            lines.Add("");
            lines.Add(note);
        }
        return await desk.ReceiveAsync(new Inbound
        {
            Source = r.Source, Key = r.Key, Channel = Channel.Callback, Email = email, Name = r.Name, Phone = r.Phone, DefaultLanguage = lang,
            Subject = Texts.Format(lang, "Phone.Subject.Callback", CustomerRules.Display(r.Phone)) + (topic is null ? "" : " · " + topic.Name(lang)),
            Topic = topic?.Key, Message = new NewMessage(string.Join("\n", lines)),
            ThreadByReference = customerId is { } id ? await CallDesk.OpenConversationAsync(db, id, Channel.Callback, ct) : null,
            // The customer asked for a call, not a mail: the confirmation page (or the widget) tells them the number.
            Acknowledge = false, Actor = r.Actor,
        }, ct);
    }
}

/// <summary>The public callback form and the API that create callback tasks.</summary>
public static partial class Callbacks
{
    public const string FormLimiter = "callback-form";
    public const string ApiLimiter = "callback-api";
    private const int MaxWhen = 100;
    private static readonly PublicForm Form = new("/callback", "Touchpoint.CallbackForm");

    public static IServiceCollection AddCallbacks(this IServiceCollection services)
    {
        services.AddScoped<CallbackDesk>();
        Form.AddLimiter<TelephonyOptions>(services, FormLimiter, o => (o.FormSubmitsPerWindow, o.FormWindow),
            "Callback.Title", "Callback.TooMany");
        services.AddRateLimiter(o => o.AddPolicy(ApiLimiter, http =>
        {
            var t = http.RequestServices.GetRequiredService<IOptions<TelephonyOptions>>().Value;
            var key = http.User.FindFirst(Actors.ApiKeyNameClaim)?.Value is { } name ? "key:" + name : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = t.ApiCallbacksPerMinute, Window = TimeSpan.FromMinutes(1) });
        }));
        services.AnswerRateLimitRejections("/api/v1/callbacks", async (http, ct) =>
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = 429, Title = Texts.Ui("Problem.Title.TooMany"), Detail = Texts.Ui("Problem.Callback.TooMany") },
            });
        });
        return services;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/callbacks", CreateAsync).WithTags("Telephony").WithName("RequestCallback")
            .WithSummary("Ask for a call back: { name, phone, email?, language?, topic?, note?, externalId? }. Creates a callback task (channel callback), routed like any conversation; the same externalId twice answers the same task. Rate-limited per API key.")
            .RequireAuthorization(Policies.Integration).RequireRateLimiting(ApiLimiter);
        app.MapGet("/callback", ShowAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/callback", SubmitAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(FormLimiter);
        app.MapGet("/callback/sent", SentAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<Results<Created<CallbackCreated>, Ok<CallbackCreated>, ValidationProblem>> CreateAsync(
        [FromBody] CallbackApiRequest? r, HttpContext http, CallbackDesk callbacks, TopicCatalog topics, IOptions<StoreOptions> store, CancellationToken ct)
    {
        var v = new Validation();
        if (r is null)
        {
            return Problems.Invalid("body", Texts.Ui("Valid.JsonBody"));
        }
        var phone = CustomerRules.ToE164(r.Phone, store.Value.Country);
        v.Require(phone is not null, "phone", Texts.Ui("Valid.Phone.ToCall", store.Value.Country));
        v.Require(r.Name is null || r.Name.Trim().Length <= CustomerRules.MaxNameChars, "name", Texts.Ui("Valid.MaxChars", CustomerRules.MaxNameChars));
        v.Require(r.Email is null || CustomerRules.IsEmail(r.Email), "email", Texts.Ui("Valid.NotEmail"));
        v.Require(r.Language is null || Languages.Supported.Contains(r.Language), "language", Texts.Ui("Valid.LanguageUse"));
        v.Require(r.Topic is null || await topics.ExistsAsync(r.Topic, ct), "topic", Texts.Ui("Valid.Phone.Topic"));
        v.Require(r.Note is null || r.Note.Length <= CallbackDesk.MaxNote, "note", Texts.Ui("Valid.MaxChars", CallbackDesk.MaxNote));
        v.Require(r.ExternalId is null || r.ExternalId.Trim().Length is > 0 and <= 200, "externalId", Texts.Ui("Valid.Phone.ExternalId"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var actor = Actors.Describe(http.User);
        var key = r.ExternalId is { } ext ? $"{http.User.FindFirst(Actors.ApiKeyNameClaim)?.Value}:{ext.Trim()}" : Guid.NewGuid().ToString("N");
        var landed = await callbacks.RequestAsync(new CallbackRequest("callback-api", key, phone!, NullIfEmpty(r.Name), r.Email?.Trim(), r.Language ?? CallRules.LanguageOfNumber(phone!),
            r.Topic, null, NullIfEmpty(r.Note), actor), ct);
        var created = new CallbackCreated(landed.Number, landed.Created, $"/api/v1/conversations/{landed.Number}");
        return landed.Created ? TypedResults.Created(created.Url, created) : TypedResults.Ok(created);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public sealed record Fields(string Name, string Phone, string When, string Topic, string Message);

    private static async Task ShowAsync(HttpContext http, string? lang, TopicCatalog topics, IOptions<StoreOptions> store, TimeProvider time, CancellationToken ct)
    {
        var language = PublicForm.PickLanguage(http, lang);
        await WriteAsync(http, StatusCodes.Status200OK, Render(language, store.Value.Name, await topics.AllAsync(ct), new Fields("", "", "", "", ""), [], Form.Token(http, time)), ct);
    }

    private static async Task SubmitAsync(HttpContext http, string? lang, TopicCatalog topics, IOptions<StoreOptions> store, IOptions<TelephonyOptions> options,
        CallbackDesk callbacks, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var language = PublicForm.PickLanguage(http, lang);
        var all = await topics.AllAsync(ct);
        var (form, status) = await PublicForm.ReadAsync(http, 256 * 1024, ct);
        if (form is null)
        {
            await WriteAsync(http, status, Render(language, store.Value.Name, all, new Fields("", "", "", "", ""),
                new() { ["form"] = http.Request.HasFormContentType ? PublicForm.Unreadable(language, status) : Texts.Get(language, "Contact.Error.Form") }, Form.Token(http, time)), ct);
            return;
        }
        string F(string key, int max) => PublicForm.Field(form, key, max);
        var fields = new Fields(F("name", CustomerRules.MaxNameChars), F("phone", 40), F("when", MaxWhen), F("topic", 64), PublicForm.Field(form, "message"));
        if (Form.SpamReason(http, form, time, options.Value.MinimumFillTime, out var submissionId) is { } spam)
        {
            // A bot learns nothing: it sees the same page as a person would.
            LogSpam(loggers.CreateLogger("Touchpoint.CallbackForm"), spam);
            http.Response.Redirect(Form.SentUrl(http, language));
            return;
        }
        var errors = new Dictionary<string, string>();
        var phone = CustomerRules.ToE164(fields.Phone, store.Value.Country);
        if (phone is null) { errors["phone"] = Texts.Get(language, "Callback.Error.Phone"); }
        if (fields.Message.Length > CallbackDesk.MaxNote) { errors["message"] = Texts.Format(language, "Contact.Error.MessageLong", CallbackDesk.MaxNote); }
        if (fields.Topic.Length > 0 && !all.Any(t => t.Key == fields.Topic && t.Active)) { errors["topic"] = Texts.Get(language, "Contact.Error.Topic"); }
        if (errors.Count > 0)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, Render(language, store.Value.Name, all, fields with { Message = PublicForm.Echo(fields.Message, CallbackDesk.MaxNote) },
                errors, (string?)form["token"] ?? Form.Token(http, time)), ct);
            return;
        }
        var landed = await callbacks.RequestAsync(new CallbackRequest("callback-web", submissionId!, phone!, fields.Name.Length > 0 ? fields.Name : null, null, language,
            fields.Topic.Length > 0 ? fields.Topic : null, fields.When.Length > 0 ? fields.When : null, fields.Message.Length > 0 ? fields.Message : null, "callback-form"), ct);
        http.Response.Redirect(Form.SentUrl(http, language, landed.Number));
    }

    private static async Task SentAsync(HttpContext http, string? lang, string? @ref, IOptions<StoreOptions> store, CancellationToken ct)
    {
        var language = PublicForm.PickLanguage(http, lang);
        string T(string key) => Texts.Get(language, key);
        var number = Form.ReadReference(http, @ref);
        var body = new StringBuilder();
        body.Append("<p class=\"store\">").Append(E(store.Value.Name)).Append("</p><h1>").Append(E(T("Callback.Sent.Title"))).Append("</h1><div class=\"ok\">");
        if (number is { } n)
        {
            body.Append("<p>").Append(E(T("Callback.Sent.Number"))).Append("</p><p class=\"number\">#").Append(n).Append("</p>");
        }
        body.Append("<p>").Append(E(T("Callback.Sent.Promise"))).Append("</p></div>");
        await WriteAsync(http, StatusCodes.Status200OK, Layout(language, T("Callback.Sent.Title"), store.Value.Name, FormCss, body.ToString(), null), ct);
    }

    internal static string Render(string lang, string storeName, IReadOnlyList<Topic> topics, Fields f, Dictionary<string, string> errors, string token)
    {
        string T(string key) => Texts.Get(lang, key);
        var html = new PublicForm.Html(lang, errors);
        string Optional() => " <span class=\"hint\">" + E(T("Contact.Optional")) + "</span>";
        var sb = new StringBuilder();
        sb.Append("<p class=\"store\">").Append(E(storeName)).Append("</p><h1>").Append(E(T("Callback.Title"))).Append("</h1><p>").Append(E(T("Callback.Intro"))).Append("</p>").Append(html.Summary())
          .Append("<form method=\"post\" action=\"/callback?lang=").Append(lang).Append("\" novalidate>")
          .Append(PublicForm.Html.TokenField(token))
          .Append("<label for=\"name\">").Append(E(T("Contact.Name"))).Append("</label>")
          .Append("<input id=\"name\" name=\"name\" maxlength=\"").Append(CustomerRules.MaxNameChars).Append("\" autocomplete=\"name\" value=\"").Append(E(f.Name)).Append("\">")
          .Append("<label for=\"phone\">").Append(E(T("Callback.Phone"))).Append("</label>")
          .Append("<input id=\"phone\" name=\"phone\" type=\"tel\" required maxlength=\"40\" autocomplete=\"tel\" value=\"").Append(E(f.Phone)).Append('"').Append(html.Described("phone")).Append('>').Append(html.Error("phone"))
          .Append("<label for=\"when\">").Append(E(T("Callback.When"))).Append(Optional()).Append("</label>")
          .Append("<input id=\"when\" name=\"when\" maxlength=\"").Append(MaxWhen).Append("\" placeholder=\"").Append(E(T("Callback.WhenHint"))).Append("\" value=\"").Append(E(f.When)).Append("\">")
          .Append("<label for=\"topic\">").Append(E(T("Contact.Topic"))).Append(Optional()).Append("</label>")
          .Append(html.Select("topic", T("Contact.ChooseTopic"), topics.Where(t => t.Active).Select(t => (t.Key, t.Name(lang))), f.Topic))
          .Append("<label for=\"message\">").Append(E(T("Contact.Message"))).Append(Optional()).Append("</label>")
          .Append("<textarea id=\"message\" name=\"message\" maxlength=\"").Append(CallbackDesk.MaxNote).Append('"').Append(html.Described("message")).Append('>').Append(E(f.Message)).Append("</textarea>").Append(html.Error("message"))
          .Append(PublicForm.Html.Honeypot)
          .Append("<button type=\"submit\">").Append(E(T("Callback.Send"))).Append("</button></form>");
        return Layout(lang, T("Callback.Title"), storeName, FormCss, sb.ToString(), "/callback");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback form dropped as spam ({Reason})")]
    private static partial void LogSpam(ILogger logger, string reason);
}
