using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Scalar.AspNetCore;
using Touchpoint.Components;
using Touchpoint.Features.Channels.Email;
using Touchpoint.Features.Channels.Phone;
using Touchpoint.Features.Channels.WebForm;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Demo;
using Touchpoint.Features.Feedback;
using Touchpoint.Features.Identity;
using Touchpoint.Features.Knowledge;
using Touchpoint.Features.Notifications;
using Touchpoint.Features.Orders;
using Touchpoint.Features.Quality;
using Touchpoint.Features.Routing;
using Touchpoint.Features.Reporting;
using Touchpoint.Features.Search;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Cli;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Mail;
using Touchpoint.Platform.Observability;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

var isVerb = CliVerbs.IsVerb(args);
// Configuration is read and validated once at start. Reload-on-change would put a recursive file watcher on the
// content root, which (when the data folder lies below it) wakes on every SQLite and .eml write: ~9% CPU under load.
// A service manager starts the app from any folder (cd /srv && dotnet /opt/touchpoint/Touchpoint.dll): the web root and
// appsettings.json are found next to the app then, while a relative Touchpoint:DataDir stays under the working directory.
var contentRoot = Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")) ? null : AppContext.BaseDirectory;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = [.. CliVerbs.ConfigurationArgs(args), "--hostBuilder:reloadConfigOnChange=false"],
    ContentRootPath = contentRoot,
});
if (!isVerb && PublicAddress.Resolve(builder.Configuration, builder.Environment) is null)
{
    // Said plainly, once, before anything starts: mails with links to nowhere are worse than not starting.
    await Console.Error.WriteLineAsync("Touchpoint cannot start: " + PublicAddress.Missing);
    return 1;
}
if (isVerb)
{
    // A verb prints its own output; keep the framework's start-up chatter out of it.
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

// No "Server: Kestrel" banner: it tells a prober what to try, and nobody else needs it.
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
builder.Services.AddOptions<StoreOptions>().BindConfiguration("Touchpoint:Store").ValidateDataAnnotations()
    .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Touchpoint:Store:TimeZone must be an IANA time zone id, e.g. Europe/Warsaw.")
    .ValidateOnStart();
builder.Services.AddProblemDetails();
builder.Services.AddStrictJsonBodies();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();
builder.Services.AddTouchpointLocalization();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();

builder.AddTouchpointPersistence();
builder.Services.AddOutbox(builder.Configuration);
builder.Services.AddJobHealth();
builder.AddTouchpointTelemetry();
builder.Services.AddMail(builder.Configuration);
builder.AddTouchpointIdentity();
builder.Services.AddCustomers();
builder.AddOrders();
builder.Services.AddKnowledge();
builder.Services.AddConversations();
builder.AddEmailChannel();
builder.Services.AddContactForm();
builder.Services.AddPhoneChannel();
builder.AddNotifications();
builder.Services.AddAgentRouting();
builder.AddSla();
builder.AddFeedback();
builder.Services.AddQuality(builder.Configuration);
builder.AddReporting();
builder.Services.AddSearch(builder.Configuration);
builder.Services.AddDemo();
builder.Services.AddSingleton(new CliVerb("migrate", "migrate", "Create the database or bring it to the current schema.", async (sp, _, ct) =>
{
    await PersistenceModule.MigrateAsync(sp, ct);
    Console.WriteLine("Database is up to date.");
    return 0;
}));

var app = builder.Build();

var migrateOnStart = app.Configuration.GetValue("Touchpoint:Database:MigrateOnStart", true);
if (isVerb)
{
    if (args[0] != "migrate" && args[0] != "help" && !args.Contains("--help"))
    {
        await PersistenceModule.MigrateAsync(app.Services);
        await ShippedDefaults.EnsureAllAsync(app.Services, CancellationToken.None);
    }
    return await CliVerbs.RunAsync(app.Services, args, CancellationToken.None);
}

if (migrateOnStart)
{
    await PersistenceModule.MigrateAsync(app.Services);
}
await ShippedDefaults.EnsureAllAsync(app.Services, CancellationToken.None);
await DemoModule.SeedOnFirstRunAsync(app, CancellationToken.None);

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    // Sent only on HTTPS answers (the middleware's own rule), so a plain-HTTP install behind nothing is unaffected.
    app.UseHsts();
}
app.UseExceptionHandler();
app.UseTouchpointStatusPages();
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseTwoFactorGate();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/api", o => o.WithTitle("Touchpoint API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
app.MapHealthChecks("/healthz", new HealthCheckOptions
{
    ResponseWriter = async (http, report) =>
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        });
    },
}).AllowAnonymous();
app.MapTouchpointTelemetry();
app.MapCultureSwitch();
app.MapTouchpointIdentity();
app.MapCustomers();
app.MapOrders();
app.MapKnowledge();
app.MapConversations();
app.MapEmailChannel();
app.MapContactForm();
app.MapPhoneChannel();
app.MapNotifications();
app.MapAgentRouting();
app.MapSla();
app.MapFeedback();
app.MapQuality();
app.MapReporting();
app.MapSearch();
// The workspace's whole Content-Security-Policy comes from SecurityHeaders (frame-ancestors included), not only Blazor's frame-ancestors.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var address in app.Urls)
    {
        Console.WriteLine($"Touchpoint is running at {address}  (API reference: {address.TrimEnd('/')}/api, health: /healthz)");
    }
});

await app.RunAsync();
return 0;
