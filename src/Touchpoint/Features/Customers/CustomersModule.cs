namespace Touchpoint.Features.Customers;

public static class CustomersModule
{
    public static IServiceCollection AddCustomers(this IServiceCollection services) =>
        services.AddScoped<CustomerDirectory>()
            .AddScoped<AccountManagers>()
            .AddScoped<CustomerDesk>();

    public static WebApplication MapCustomers(this WebApplication app)
    {
        app.MapCustomersApi();
        return app;
    }
}
