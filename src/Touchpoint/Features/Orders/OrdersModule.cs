using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Orders;

public static class OrdersModule
{
    public static WebApplicationBuilder AddOrders(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OrdersOptions>().BindConfiguration("Touchpoint:Orders")
            .Validate(o => o.DelaySweepInterval >= TimeSpan.FromSeconds(1), "Touchpoint:Orders:DelaySweepInterval must be at least one second.")
            .Validate(o => o.StageTargets.All(t => OrderStatuses.TryParse(t.Key.ToLowerInvariant(), out var s) && OrderStatuses.TimedStages.Contains(s) && t.Value > TimeSpan.Zero),
                "Touchpoint:Orders:StageTargets: keys are placed, accepted, packed or shipped; values are positive TimeSpans (e.g. 1.00:00:00).")
            .Validate(o => !string.IsNullOrEmpty(o.PublicBaseUrl), PublicAddress.Missing)
            .Validate(o => string.IsNullOrEmpty(o.PublicBaseUrl) || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                "Touchpoint:PublicBaseUrl must be an absolute http(s) URL, e.g. https://help.shop.example.")
            .ValidateOnStart();
        // Touchpoint:PublicBaseUrl is the documented name; it wins over the Orders-level setting.
        var publicBase = PublicAddress.Resolve(builder.Configuration, builder.Environment);
        services.PostConfigure<OrdersOptions>(o => o.PublicBaseUrl = publicBase ?? (string.IsNullOrEmpty(o.PublicBaseUrl) ? "" : o.PublicBaseUrl));
        services.AddScoped<UpsertOrder>();
        services.AddScoped<RecordOrderEvent>();
        services.AddScoped<ImportOrders>();
        services.AddScoped<SaveStageTargets>();
        services.AddSingleton<StageTargetsProvider>();
        services.AddPeriodicJob<DelaySweeper>(builder.Configuration.GetValue("Touchpoint:Orders:RunDelaySweeper", true));
        services.AddTrackingPage();
        services.AddCustomerChangesForOrders();
        return builder;
    }

    public static WebApplication MapOrders(this WebApplication app)
    {
        app.MapOrdersApi();
        app.MapTrackingPage();
        return app;
    }
}
