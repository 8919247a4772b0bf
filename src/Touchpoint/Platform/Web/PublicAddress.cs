namespace Touchpoint.Platform.Web;

/// <summary>
/// The address customers reach this app at, for links in mails and API answers (tracking, surveys):
/// <c>Touchpoint:PublicBaseUrl</c>. Without it, in Development, the address the app listens on (<c>--urls</c>,
/// <c>ASPNETCORE_URLS</c>, launchSettings), so links work on the developer's machine whatever port it runs on; outside
/// Development there is no guess — a wrong host in a customer's mail is worse than a refusal to start.
/// </summary>
public static class PublicAddress
{
    public const string Key = "Touchpoint:PublicBaseUrl";

    public static string? Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration[Key] is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }
        if (!environment.IsDevelopment())
        {
            return null;
        }
        var listening = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://localhost:5000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .OrderBy(u => u.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 1 : 0)
            .FirstOrDefault() ?? "http://localhost:5000";
        // A wildcard host (http://+:8080, http://0.0.0.0:8080, http://[::]:8080) is reached as localhost on this machine.
        foreach (var wildcard in new[] { "://+", "://*", "://0.0.0.0", "://[::]" })
        {
            listening = listening.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }
        return listening.TrimEnd('/');
    }

    public const string Missing =
        "Touchpoint:PublicBaseUrl is required outside Development: the address customers reach Touchpoint at, e.g. https://help.shop.example " +
        "(tracking and survey links in mails use it). Set it in appsettings.json or as Touchpoint__PublicBaseUrl.";
}
