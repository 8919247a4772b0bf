using Touchpoint.Platform.Cli;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

/// <summary>The command-line verbs of the server's operator: create API keys and users (trusted: whoever runs them runs the server).</summary>
public static class IdentityVerbs
{
    public static IServiceCollection AddIdentityVerbs(this IServiceCollection services)
    {
        services.AddSingleton(new CliVerb("apikey", "apikey create --name NAME", "Create an API key; prints it once, on the last line.", ApiKeyAsync));
        services.AddSingleton(new CliVerb("user", "user create --email E --password P --role R [--name N] [--language en|ru|pl]",
            $"Create a user who logs in (roles: {string.Join(", ", Roles.All)}).", UserAsync));
        return services;
    }

    private static async Task<int> ApiKeyAsync(IServiceProvider services, CliArgs args, CancellationToken ct)
    {
        var name = args.Option("name");
        if (args.Positional.FirstOrDefault() != "create" || string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            await Console.Error.WriteLineAsync("Usage: apikey create --name NAME   (NAME: 1-100 characters)");
            return 2;
        }
        using var scope = services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(name, "cli", ct);
        Console.WriteLine($"Created API key '{created.Name}' ({created.Id}). It is shown only now; store it safely:");
        Console.WriteLine(created.Key);
        return 0;
    }

    private static async Task<int> UserAsync(IServiceProvider services, CliArgs args, CancellationToken ct)
    {
        if (args.Positional.FirstOrDefault() != "create")
        {
            await Console.Error.WriteLineAsync("Usage: user create --email E --password P --role R [--name N] [--language en|ru|pl]");
            return 2;
        }
        await UserAdmin.EnsureRolesAsync(services);
        using var scope = services.CreateScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserAdmin>().CreateAsync(
            new CreateUserRequest(args.Option("email"), args.Option("password"), args.Option("role"), args.Option("name"), args.Option("language")), ct);
        if (user is null)
        {
            foreach (var (field, messages) in errors)
            {
                await Console.Error.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
            }
            return 1;
        }
        Console.WriteLine($"Created {user.Role} {user.Email}.");
        return 0;
    }
}
