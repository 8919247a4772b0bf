using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Notifications;

public sealed record TemplateResponse(string Kind, string Language, string Subject, string Text, string Html, bool Custom);

public sealed record TemplateRequest(string? Subject, string? Text, string? Html);

public sealed record PreviewResponse(string Subject, string Text, string Html);

/// <summary>Resend a message, and read, edit, preview and reset templates.</summary>
public sealed class NotificationAdmin(TouchpointDb db, TemplateStore templates, StageTargetsProvider targets,
    IOptions<OrdersOptions> orders, IOptions<StoreOptions> store, IOptions<Conversations.ConversationsOptions> conversations, TimeProvider time)
{
    public static Validation Validate(string kind, string language, TemplateRequest? request)
    {
        var v = new Validation()
            .Require(NotificationKinds.All.Contains(kind), "kind", Texts.Ui("Valid.OneOf", string.Join(", ", NotificationKinds.All)))
            .Require(Languages.Supported.Contains(language), "language", Texts.Ui("Valid.Language"));
        if (request is null)
        {
            return v.Add("body", Texts.Ui("Valid.JsonBody"));
        }
        foreach (var (field, value, max) in new[] { ("subject", request.Subject, 1000), ("text", request.Text, 100_000), ("html", request.Html, 200_000) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                v.Add(field, Texts.Ui("Valid.Required"));
            }
            else if (value.Length > max)
            {
                v.Add(field, Texts.Ui("Valid.MaxChars", max));
            }
            else if (LiquidRenderer.Check(value) is { } error)
            {
                // A syntax error, or a render past the limits (a loop over a huge range, a value that keeps doubling).
                v.Add(field, error);
            }
        }
        return v;
    }

    public async Task SaveAsync(string kind, string language, TemplateRequest request, string actor, CancellationToken ct)
    {
        var existing = await db.Set<NotificationTemplate>().FirstOrDefaultAsync(t => t.Kind == kind && t.Language == language, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (existing is null)
        {
            db.Add(new NotificationTemplate { Kind = kind, Language = language, Subject = request.Subject!, Text = request.Text!, Html = request.Html!, UpdatedAt = now, UpdatedBy = actor });
        }
        else
        {
            existing.Subject = request.Subject!;
            existing.Text = request.Text!;
            existing.Html = request.Html!;
            existing.UpdatedAt = now;
            existing.UpdatedBy = actor;
        }
        await db.SaveChangesAsync(ct);
        templates.Invalidate(kind, language);
    }

    public async Task ResetAsync(string kind, string language, CancellationToken ct)
    {
        await db.WriteAsync(() => db.Set<NotificationTemplate>().Where(t => t.Kind == kind && t.Language == language).ExecuteDeleteAsync(ct), ct);
        templates.Invalidate(kind, language);
    }

    /// <summary>
    /// Renders a template against a real order (the newest one, or the one named) or a sample; field errors instead when
    /// a part goes past a render limit with that order's data.
    /// </summary>
    public async Task<(PreviewResponse? Preview, Validation Errors)> PreviewAsync(string kind, string language, TemplateContent content, string? orderNumber, CancellationToken ct)
    {
        var order = orderNumber is null
            ? await db.Set<Order>().AsNoTracking().OrderByDescending(o => o.PlacedAt).FirstOrDefaultAsync(ct)
            : await db.Set<Order>().AsNoTracking().FirstOrDefaultAsync(o => o.Number == orderNumber, ct);
        var now = time.GetUtcNow().UtcDateTime;
        order ??= Order.Place("1001", new OrderDetails("anna@example.com", "Anna Nowak", null, language,
            [new OrderItem { Name = "Sample item", Quantity = 1, UnitPrice = 49.90m }], 49.90m, "EUR", new Address { City = "Warszawa", Country = "PL" }, "DPD", "0012345678"),
            Guid.Empty, now, now, "preview");
        var t = await targets.GetAsync(ct);
        var model = OrderNotifications.Model(order, t, orders.Value, store.Value, order.ExpectedBy(t));
        // Conversation templates preview with a sample conversation and reply beside the order.
        foreach (var (key, value) in ConversationNotifications.Model(1042, Texts.Get(language, "Mail.Conversation.SampleSubject"), language, order.CustomerName, order.CustomerEmail,
                     Texts.Get(language, "Mail.Conversation.SampleReply"), Texts.Get(language, "Mail.Conversation.SampleAgent"), now, store.Value, conversations.Value))
        {
            if (key is "conversation" or "reply" or "agent")
            {
                model[key] = value;
            }
        }
        var v = new Validation();
        string Part(string field, string source, bool html)
        {
            try
            {
                return LiquidRenderer.Render(source, model, html);
            }
            catch (LiquidLimitException ex)
            {
                v.Add(field, ex.Message);
                return "";
            }
        }
        var preview = new PreviewResponse(Part("subject", content.Subject, false), Part("text", content.Text, false), Part("html", content.Html, true));
        return (v.IsValid ? preview : null, v);
    }
}

public static class NotificationsEndpoints
{
    public static ProblemHttpResult TooOften(OutboxOptions o) => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
        title: Texts.Ui("Problem.Title.TooMany"), detail: Texts.Ui("Problem.Notifications.TooOften", o.MaxResendsPerDay));

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/notifications/{id:guid}/resend", async Task<Results<Accepted<NotificationResponse>, ProblemHttpResult>> (
            Guid id, TouchpointDb db, IOptions<OutboxOptions> outbox, TimeProvider time, CancellationToken ct) =>
        {
            var (outcome, copy) = await db.ResendAsync(id, outbox.Value, time.GetUtcNow().UtcDateTime, ct);
            return outcome switch
            {
                OutboxModule.Resend.NotFound => Problems.NotFound(Texts.Ui("Problem.Notifications.NotFound", id)),
                OutboxModule.Resend.TooOften => TooOften(outbox.Value),
                _ => TypedResults.Accepted((string?)null, new NotificationResponse(copy!.Id, copy.Kind, copy.Channel, copy.Recipient, "pending", 0, copy.CreatedAt, null, null, copy.Title)),
            };
        }).WithTags("Notifications").WithSummary("Send a notification again (a new message; the original stays in the log). At most Touchpoint:Outbox:MaxResendsPerDay times a day per message, a minute apart (429 otherwise).")
          .RequireAuthorization(Policies.Desk);

        var templates = app.MapGroup("/api/v1/notification-templates").WithTags("Notifications").RequireAuthorization(Policies.ServiceOwner);
        templates.MapGet("/", async (TemplateStore store, CancellationToken ct) =>
        {
            var list = new List<TemplateResponse>();
            foreach (var kind in NotificationKinds.All)
            {
                foreach (var language in Languages.Supported)
                {
                    var (content, custom) = await store.GetAsync(kind, language, ct);
                    list.Add(new TemplateResponse(kind, language, content.Subject, content.Text, content.Html, custom));
                }
            }
            return TypedResults.Ok(list);
        }).WithSummary("Every template kind in every language, edited or default.");
        templates.MapPut("/{kind}/{language}", async Task<Results<NoContent, ValidationProblem>> (string kind, string language, [FromBody] TemplateRequest? request,
            NotificationAdmin admin, HttpContext http, CancellationToken ct) =>
        {
            var v = NotificationAdmin.Validate(kind, language, request);
            if (!v.IsValid)
            {
                return v.ToProblem();
            }
            await admin.SaveAsync(kind, language, request!, Actors.Describe(http.User), ct);
            return TypedResults.NoContent();
        }).WithSummary("Replace a template (Liquid). Checked for syntax before it is stored.");
        templates.MapDelete("/{kind}/{language}", async (string kind, string language, NotificationAdmin admin, CancellationToken ct) =>
        {
            await admin.ResetAsync(kind, language, ct);
            return TypedResults.NoContent();
        }).WithSummary("Back to the default template.");
        templates.MapPost("/{kind}/{language}/preview", async Task<Results<Ok<PreviewResponse>, ValidationProblem>> (string kind, string language, [FromBody] TemplateRequest? request,
            NotificationAdmin admin, string? order, CancellationToken ct) =>
        {
            var v = NotificationAdmin.Validate(kind, language, request);
            if (!v.IsValid)
            {
                return v.ToProblem();
            }
            var (preview, errors) = await admin.PreviewAsync(kind, language, new TemplateContent(request!.Subject!, request.Text!, request.Html!), order, ct);
            return preview is null ? errors.ToProblem() : TypedResults.Ok(preview);
        }).WithSummary("Render a template against an order without saving it.");
        return app;
    }
}

public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration("Touchpoint:Webhooks")
            .Validate(o => string.IsNullOrWhiteSpace(o.Url) || (Uri.TryCreate(o.Url, UriKind.Absolute, out var u) && (u.Scheme == "https" || u.Scheme == "http")),
                "Touchpoint:Webhooks:Url must be an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddSingleton<TemplateStore>();
        services.AddScoped<NotificationAdmin>();
        services.AddScoped<OrderNotifications>();
        services.AddScoped<ConversationNotifications>();
        services.AddScoped<SlaNotifications>();
        services.AddScoped<Platform.Events.IDomainEventHandler<Sla.SlaAlertRaised>>(sp => sp.GetRequiredService<SlaNotifications>());
        services.AddScoped<Platform.Events.IDomainEventHandler<Conversations.ConversationCreated>>(sp => sp.GetRequiredService<ConversationNotifications>());
        services.AddScoped<Platform.Events.IDomainEventHandler<Conversations.MessageAdded>>(sp => sp.GetRequiredService<ConversationNotifications>());
        services.AddScoped<Platform.Events.IDomainEventHandler<Conversations.ConversationStatusChanged>>(sp => sp.GetRequiredService<ConversationNotifications>());
        services.AddScoped<Platform.Events.IDomainEventHandler<Conversations.ConversationAssigned>>(sp => sp.GetRequiredService<ConversationNotifications>());
        services.AddScoped<Platform.Events.IDomainEventHandler<OrderPlaced>>(sp => sp.GetRequiredService<OrderNotifications>());
        services.AddScoped<Platform.Events.IDomainEventHandler<OrderStatusChanged>>(sp => sp.GetRequiredService<OrderNotifications>());
        services.AddScoped<Platform.Events.IDomainEventHandler<OrderPaid>>(sp => sp.GetRequiredService<OrderNotifications>());
        services.AddScoped<Platform.Events.IDomainEventHandler<OrderDelayed>>(sp => sp.GetRequiredService<OrderNotifications>());
        services.AddHttpClient(WebhookSender.ChannelName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<IOutboxSender, WebhookSender>();
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        app.MapNotificationsApi();
        return app;
    }
}
