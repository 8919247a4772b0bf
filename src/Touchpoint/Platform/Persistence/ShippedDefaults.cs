namespace Touchpoint.Platform.Persistence;

/// <summary>
/// What a module writes into a store that lacks it at start: roles, the SLA calendar and policies, the scorecards. Idempotent
/// (a second instance starting at the same time loses on a key and moves on).
/// </summary>
public interface IShippedDefaults
{
    Task EnsureAsync(CancellationToken ct);
}

/// <summary>
/// The one start-up step that writes every module's shipped defaults, in registration order (roles before anything that
/// names them): after the migrations, before the demo store, and before every verb but <c>migrate</c>.
/// </summary>
public static class ShippedDefaults
{
    public static IServiceCollection AddShippedDefaults<T>(this IServiceCollection services) where T : class, IShippedDefaults
    {
        services.AddSingleton<T>();
        services.AddSingleton<IShippedDefaults>(sp => sp.GetRequiredService<T>());
        return services;
    }

    public static async Task EnsureAllAsync(IServiceProvider services, CancellationToken ct)
    {
        foreach (var defaults in services.GetServices<IShippedDefaults>())
        {
            await defaults.EnsureAsync(ct);
        }
    }
}
