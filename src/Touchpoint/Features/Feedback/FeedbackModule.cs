using Touchpoint.Features.Conversations;
using Touchpoint.Features.Conversations.Pages;
using Touchpoint.Features.Feedback.Pages;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Feedback;

public sealed class FeedbackOptions
{
    /// <summary>How long after a resolve the CSAT survey goes out (not when it was reopened meanwhile).</summary>
    public TimeSpan CsatDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Never two surveys (CSAT or NPS) to one customer within this many days.</summary>
    public int QuietDays { get; set; } = 7;

    /// <summary>How long after an order is delivered its NPS survey goes out.</summary>
    public TimeSpan NpsAfterDelivery { get; set; } = TimeSpan.FromDays(7);

    /// <summary>At most this many surveys leave per hour (the rest wait for the next pass).</summary>
    public int MaxPerHour { get; set; } = 500;

    /// <summary>A survey's links record and change the answer for this long after it was sent; then it says it has closed.</summary>
    public TimeSpan AnswerWindow { get; set; } = TimeSpan.FromDays(28);

    /// <summary>A customer of more than this many months is a long-standing one (seed 004: 1.5 years).</summary>
    public int LoyalAfterMonths { get; set; } = 18;

    /// <summary>NPS at most once in this many months for a long-standing customer.</summary>
    public int NpsEveryMonthsLoyal { get; set; } = 12;

    /// <summary>NPS at most once in this many months for the others.</summary>
    public int NpsEveryMonths { get; set; } = 6;

    /// <summary>A scheduled survey whose moment passed longer ago than this (the app was down) is skipped, not sent late.</summary>
    public TimeSpan SendWithin { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often due surveys are looked for.</summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>What a resolved conversation asks: "csat" (the default) or "nps" (the "support" touchpoint).</summary>
    public string SupportSurvey { get; set; } = "csat";

    /// <summary>A relationship NPS survey every this many months to customers the frequency rules allow; 0 = off.</summary>
    public int RelationshipEveryMonths { get; set; }

    /// <summary>An https link (a review site) offered on a promoter's thank-you page; empty = none.</summary>
    public string? PromoterReviewUrl { get; set; }

    public static bool IsReviewUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(u.Host) && url!.Length <= 500;

    public bool IsValid() =>
        CsatDelay >= TimeSpan.Zero && CsatDelay <= TimeSpan.FromDays(30)
        && QuietDays is >= 0 and <= 365
        && NpsAfterDelivery >= TimeSpan.Zero && NpsAfterDelivery <= TimeSpan.FromDays(365)
        && MaxPerHour is >= 1 and <= 1_000_000
        && AnswerWindow >= TimeSpan.FromHours(1) && AnswerWindow <= TimeSpan.FromDays(365)
        && LoyalAfterMonths is >= 1 and <= 240 && NpsEveryMonthsLoyal is >= 0 and <= 120 && NpsEveryMonths is >= 0 and <= 120
        && SendWithin >= TimeSpan.FromHours(1) && SendInterval >= TimeSpan.FromSeconds(1) && SendInterval <= TimeSpan.FromHours(1)
        && SurveyWire.Kind(SupportSurvey) is not null && RelationshipEveryMonths is >= 0 and <= 120
        && (string.IsNullOrWhiteSpace(PromoterReviewUrl) || IsReviewUrl(PromoterReviewUrl));
}

public static class FeedbackModule
{
    public const string ReportsPolicy = "feedback.reports";

    /// <summary>The feedback settings: service owners and admins, signed in or with an API key.</summary>
    public const string SettingsPolicy = "feedback.settings";

    /// <summary>The reports an agent may read about themselves (overview, FCR, CSAT, series): the report roles and agents; the queries scope agents to their own rows (<see cref="ReportAccess"/>).</summary>
    public const string OwnNumbersPolicy = "feedback.own-numbers";

    public static WebApplicationBuilder AddFeedback(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FeedbackOptions>().BindConfiguration("Touchpoint:Feedback")
            .Validate(o => o.IsValid(),
                "Touchpoint:Feedback is not valid: CsatDelay 0–30 days, QuietDays 0–365, NpsAfterDelivery 0–365 days, MaxPerHour ≥ 1, AnswerWindow 1 hour–365 days, "
                + "LoyalAfterMonths 1–240, NpsEveryMonths(Loyal) 0–120, SendWithin ≥ 1 hour, SendInterval 1 s–1 h, "
                + "SupportSurvey csat or nps, RelationshipEveryMonths 0–120, PromoterReviewUrl an https URL.")
            .ValidateOnStart();
        services.AddSingleton<SurveyLinks>();
        services.AddSingleton<FeedbackSettingsStore>();
        services.AddScoped<SaveFeedbackSettings>();
        services.AddScoped<SurveyTriggers>();
        services.AddScoped<IDomainEventHandler<ConversationStatusChanged>>(sp => sp.GetRequiredService<SurveyTriggers>());
        services.AddScoped<IDomainEventHandler<OrderStatusChanged>>(sp => sp.GetRequiredService<SurveyTriggers>());
        services.AddScoped<AnswerSurvey>();
        services.AddScoped<FeedbackQueries>();
        services.AddScoped<IConversationFacets>(sp => sp.GetRequiredService<FeedbackQueries>());
        services.AddConversationPanel<CsatPanel>(ConversationSlot.Header, order: 10);
        services.AddPeriodicJob<SurveySender>(builder.Configuration.GetValue("Touchpoint:Feedback:RunSender", true));
        services.AddAuthorizationBuilder().AddPolicy(ReportsPolicy, p => p.RequireAssertion(ctx =>
            ctx.User.IsInRole(Roles.Admin) || ctx.User.IsInRole(Roles.ServiceOwner) || ctx.User.IsInRole(Roles.Auditor)
            || ctx.User.HasClaim(c => c.Type == Actors.ApiKeyNameClaim)))
            .AddPolicy(SettingsPolicy, p => p.RequireAssertion(ctx =>
                ctx.User.IsInRole(Roles.Admin) || ctx.User.IsInRole(Roles.ServiceOwner) || ctx.User.HasClaim(c => c.Type == Actors.ApiKeyNameClaim)))
            .AddPolicy(OwnNumbersPolicy, p => p.RequireAssertion(ctx => ReportAccess.SeesEveryone(ctx.User) || ctx.User.IsInRole(Roles.Agent)));
        return builder;
    }

    public static WebApplication MapFeedback(this WebApplication app)
    {
        app.MapFeedbackApi();
        app.MapSurveyPage();
        return app;
    }
}
