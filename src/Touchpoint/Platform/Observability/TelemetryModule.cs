using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Web;

namespace Touchpoint.Platform.Observability;

/// <summary>
/// Telemetry as operators expect (the shape of dotnet/eShop's ServiceDefaults): logs, metrics and traces of ASP.NET Core,
/// the HTTP client, EF Core and the app's own <see cref="TouchpointMetrics"/>, exported over OTLP when an endpoint is
/// configured (<c>Touchpoint:Telemetry:OtlpEndpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) and nothing
/// when not; the metrics also as Prometheus text at <c>/metrics</c> for an API key or an admin
/// (<c>Touchpoint:Telemetry:Metrics</c>, on by default).
/// </summary>
public static class TelemetryModule
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddTouchpointTelemetry(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var endpoint = config["Touchpoint:Telemetry:OtlpEndpoint"] is { Length: > 0 } own ? own : config["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var protocolName = config["Touchpoint:Telemetry:OtlpProtocol"] ?? config["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "grpc";
        var scrape = config.GetValue("Touchpoint:Telemetry:Metrics", true);
        builder.Services.AddOperationsSnapshot(config);
        if (endpoint is null && !scrape)
        {
            return builder;
        }
        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"Touchpoint:Telemetry:OtlpEndpoint must be an absolute URL, e.g. http://collector:4317 (was '{endpoint}').");
        }
        var protocol = protocolName switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new InvalidOperationException($"Touchpoint:Telemetry:OtlpProtocol must be grpc or http/protobuf (was '{protocolName}')."),
        };

        var version = typeof(TelemetryModule).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("touchpoint", serviceVersion: version, serviceInstanceId: JobLeases.InstanceId))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter(TouchpointMetrics.Name);
                if (scrape)
                {
                    m.AddPrometheusExporter();
                }
            });
        if (endpoint is not null)
        {
            // Traces and logs only go somewhere when a collector is configured; without one they are not collected at all.
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });
            otel.WithTracing(t => t
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsNoise(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation()
                    .AddSource(TouchpointMetrics.Name))
                .WithLogging()
                .UseOtlpExporter(protocol, new Uri(endpoint));
        }
        return builder;
    }

    /// <summary><c>/metrics</c> when scraping is on: Prometheus text, for an API key (a scraper's bearer token) or an admin.</summary>
    public static WebApplication MapTouchpointTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue("Touchpoint:Telemetry:Metrics", true))
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(new AuthorizationPolicyBuilder()
                .RequireAssertion(c => c.User.HasClaim(x => x.Type == Actors.ApiKeyNameClaim) || c.User.IsInRole(Roles.Admin)).Build());
        }
        return app;
    }

    private static IServiceCollection AddOperationsSnapshot(this IServiceCollection services, IConfiguration config)
    {
        services.AddPeriodicJob<OperationsSnapshot>(config.GetValue("Touchpoint:Telemetry:RunSnapshot", true));
        services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox");
        return services;
    }

    // Static files and the Blazor circuit's traffic would drown the requests worth tracing.
    private static bool IsNoise(PathString path) =>
        path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments(MetricsPath);
}
