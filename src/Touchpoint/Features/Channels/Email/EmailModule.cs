using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Channels.Email;

public sealed record InboundEmailResponse(long? Number, bool Created, bool Duplicate, bool Ignored, string? Url);

public static class EmailModule
{
    public static WebApplicationBuilder AddEmailChannel(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>().BindConfiguration("Touchpoint:Email")
            .Validate(o => o.MaxMessageBytes is >= 1024 and <= 200L * 1024 * 1024, "Touchpoint:Email:MaxMessageBytes must be between 1 KB and 200 MB.")
            .ValidateOnStart();
        var names = builder.Configuration.GetSection("Touchpoint:Mailboxes").GetChildren().Select(c => c.Key).ToList();
        foreach (var name in names)
        {
            services.AddOptions<MailboxOptions>(name).BindConfiguration($"Touchpoint:Mailboxes:{name}")
                .Validate(o => Conversations.InboundText.IsEmail(o.Address), $"Touchpoint:Mailboxes:{name}:Address must be an email address.")
                .Validate(o => !string.IsNullOrWhiteSpace(o.Imap.Host), $"Touchpoint:Mailboxes:{name}:Imap:Host is required.")
                .Validate(o => o.Imap.Port is >= 1 and <= 65535, $"Touchpoint:Mailboxes:{name}:Imap:Port must be 1–65535.")
                .Validate(o => o.PollInterval >= TimeSpan.FromSeconds(1) && o.PollInterval <= TimeSpan.FromSeconds(30), $"Touchpoint:Mailboxes:{name}:PollInterval must be 1–30 seconds.")
                .Validate(o => Languages.Supported.Contains(o.Language), $"Touchpoint:Mailboxes:{name}:Language must be en, ru or pl.")
                .ValidateOnStart();
        }
        services.AddSingleton(new MailboxNames(names));
        services.AddScoped<EmailIngest>();
        services.AddSingleton<ImapReader>();
        services.AddSingleton<MailboxRegistry>();
        services.AddScoped<SaveMailbox>();
        services.AddScoped<DeleteMailbox>();
        services.AddScoped<TestMailbox>();
        if (builder.Configuration.GetValue("Touchpoint:Email:RunReaders", true))
        {
            services.AddSingleton<ImapReaderService>();
            services.AddHostedService(sp => sp.GetRequiredService<ImapReaderService>());
            services.AddSingleton<IBackgroundWorkers>(sp => sp.GetRequiredService<ImapReaderService>());
        }
        return builder;
    }

    public static WebApplication MapEmailChannel(this WebApplication app)
    {
        app.MapPost("/api/v1/channels/email/inbound", InboundAsync)
            .WithTags("Channels").WithName("InboundEmail")
            .WithSummary("A raw email (Content-Type: message/rfc822) pushed by a mail provider; answers the conversation it landed in. The same message twice gives the same answer.")
            .Accepts<string>("message/rfc822")
            .RequireAuthorization(Policies.Integration)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(200L * 1024 * 1024));
        MailboxesEndpoints.Map(app);
        return app;
    }

    private static async Task<Results<Ok<InboundEmailResponse>, Created<InboundEmailResponse>, ValidationProblem, ProblemHttpResult>> InboundAsync(
        HttpRequest request, EmailIngest ingest, IOptions<EmailOptions> options, MailboxRegistry mailboxes,
        CancellationToken ct, string? mailbox = null)
    {
        if (request.ContentType is not { } type || !type.StartsWith("message/rfc822", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Invalid("body", Texts.Ui("Valid.Mail.Raw"));
        }
        var target = mailbox is null ? null : await mailboxes.FindAsync(mailbox, ct);
        if (mailbox is not null && target is null)
        {
            return Problems.Invalid("mailbox", Texts.Ui("Valid.Mail.Mailbox"));
        }
        var limit = options.Value.MaxMessageBytes;
        if (request.ContentLength > limit)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: Texts.Ui("Problem.Title.TooLarge"),
                detail: Texts.Ui("Problem.Mail.TooLarge", request.ContentLength, limit));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: Texts.Ui("Problem.Title.TooLarge"),
                    detail: Texts.Ui("Problem.Mail.OverLimit", limit));
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return Problems.Invalid("body", Texts.Ui("Valid.Mail.Empty"));
        }
        EmailLanded landed;
        try
        {
            landed = await ingest.ImportAsync(buffer.ToArray(), target?.Options, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or MimeKit.ParseException)
        {
            return Problems.Invalid("body", Texts.Ui("Valid.Mail.Unreadable", ex.Message));
        }
        var body = new InboundEmailResponse(landed.Number == 0 ? null : landed.Number, landed.Created, landed.Duplicate, landed.Ignored,
            landed.Number == 0 ? null : $"/api/v1/conversations/{landed.Number}");
        return landed.Created ? TypedResults.Created(body.Url, body) : TypedResults.Ok(body);
    }
}
