using Microsoft.AspNetCore.RateLimiting;

namespace Touchpoint.Platform.Web;

/// <summary>
/// One rate limiter serves every feature, and it has one rejection handler: each feature adds its own answer for its
/// paths and hands every other refusal on to the answers added before it.
/// </summary>
public static class RateLimitRejections
{
    public static IServiceCollection AnswerRateLimitRejections(this IServiceCollection services, PathString path, Func<HttpContext, CancellationToken, Task> answer) =>
        services.PostConfigure<RateLimiterOptions>(o =>
        {
            var previous = o.OnRejected;
            o.OnRejected = async (context, ct) =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments(path))
                {
                    await answer(context.HttpContext, ct);
                }
                else if (previous is not null)
                {
                    await previous(context, ct);
                }
            };
        });
}
