using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Search;

public static class SearchModule
{
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<RunSearch>();
        services.AddScoped<SearchIndexer>();
        services.AddScoped<IDomainEventHandler<ConversationCreated>>(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddScoped<IDomainEventHandler<MessageAdded>>(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddScoped<IDomainEventHandler<CustomerErased>>(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddScoped<ISaveParticipant>(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddPeriodicJob<SearchBackfill>(configuration.GetValue("Touchpoint:Search:RunBackfill", true));
        return services;
    }

    public static WebApplication MapSearch(this WebApplication app)
    {
        app.MapSearchApi();
        return app;
    }
}
