using Touchpoint.Features.Conversations.Pages;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

public static class QualityModule
{
    public static IServiceCollection AddQuality(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SaveScorecard>();
        services.AddScoped<CreateReview>();
        services.AddScoped<OpenDispute>();
        services.AddScoped<DecideDispute>();
        services.AddScoped<QualityWebhook>();
        services.AddScoped<SaveAssignment>();
        services.AddScoped<DrawSample>();
        services.AddScoped<OpenCalibration>();
        services.AddScoped<ScoreCalibration>();
        services.AddScoped<ApproveBonus>();
        services.AddScoped<SaveBonusRule>();
        services.AddScoped<SaveAuditPlan>();
        services.AddScoped<ScheduleAudits>();
        services.AddScoped<SaveAudit>();
        services.AddScoped<AddAuditEvidence>();
        services.AddScoped<SubmitAudit>();
        services.AddScoped<MarkScriptQuestion>();
        services.AddPeriodicJob<AuditSchedulerJob>(configuration.GetValue("Touchpoint:Quality:RunAuditScheduler", true));
        services.AddPeriodicJob<AssignmentDrawer>(configuration.GetValue("Touchpoint:Quality:RunDrawer", true));
        services.AddShippedDefaults<QualityDefaults>();
        services.AddConversationPanel<Pages.ConversationReviews>(ConversationSlot.Header, order: 10);
        services.AddConversationPanel<Pages.SalesScriptPanel>(ConversationSlot.SideFirst);
        services.AddAuthorizationBuilder().AddPolicy(QualityEndpoints.ReviewPolicy, p => p.RequireAssertion(ctx =>
            QualityAccess.Reviews(ctx.User)));
        return services;
    }

    public static WebApplication MapQuality(this WebApplication app)
    {
        app.MapQualityApi();
        app.MapScriptTicksApi();
        return app;
    }
}
