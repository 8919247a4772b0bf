using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Touchpoint.Platform.Jobs;

public static class JobsModule
{
    /// <summary>
    /// Registers a periodic job: one instance (so tests and pages can reach it), its status for health and the System
    /// page, and its loop when <paramref name="run"/> (configuration can switch a job's loop off, e.g. in tests).
    /// </summary>
    public static IServiceCollection AddPeriodicJob<TJob>(this IServiceCollection services, bool run) where TJob : PeriodicJob
    {
        services.AddSingleton<TJob>();
        services.AddSingleton<IBackgroundWork>(sp => sp.GetRequiredService<TJob>());
        if (run)
        {
            services.AddHostedService(sp => sp.GetRequiredService<TJob>());
        }
        return services;
    }

    /// <summary><c>/healthz</c> reports "jobs": unhealthy when a running job has not succeeded for three of its intervals.</summary>
    public static IServiceCollection AddJobHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<JobsHealthCheck>("jobs");
        return services;
    }
}

internal sealed class JobsHealthCheck(IServiceProvider services, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var stalled = new List<string>();
        foreach (var w in BackgroundWork.All(services))
        {
            var s = w.Status;
            var late = w.IsRunning && s.IsStalled(now, w.StartedAt);
            data[s.Name] = !w.IsRunning ? "off" : late ? $"stalled since {(s.LastSuccessAt ?? w.StartedAt):u}{(s.LastError is null ? "" : $": {s.LastError}")}" : "ok";
            if (late)
            {
                stalled.Add(s.Name);
            }
        }
        return Task.FromResult(stalled.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Unhealthy($"stalled: {string.Join(", ", stalled)}", data: data));
    }
}
