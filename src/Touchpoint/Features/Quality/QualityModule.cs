using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

public static class QualityModule
{
    public static IServiceCollection AddQuality(this IServiceCollection services)
    {
        services.AddScoped<SaveScorecard>();
        services.AddScoped<CreateReview>();
        services.AddSingleton<QualityDefaults>();
        services.AddAuthorizationBuilder().AddPolicy(QualityEndpoints.ReviewPolicy, p => p.RequireAssertion(ctx =>
            ctx.User.HasClaim(c => c.Type == Actors.ApiKeyNameClaim) || ctx.User.IsInRole(Roles.Admin)
            || ctx.User.IsInRole(Roles.ServiceOwner) || ctx.User.IsInRole(Roles.Auditor)));
        return services;
    }

    public static WebApplication MapQuality(this WebApplication app)
    {
        app.MapQualityApi();
        return app;
    }
}
