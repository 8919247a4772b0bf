using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Touchpoint.Features.Identity;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Tests.Infrastructure;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real app over a real database (a temp SQLite file, or a fresh PostgreSQL database), with a fake clock.
/// Background workers are off: tests drive the outbox dispatcher and the delay sweeper explicitly, so every
/// assertion is deterministic. Set <see cref="Database"/> to share one database between two instances.
/// </summary>
public partial class TouchpointApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private string? _createdPgDatabase;

    public TouchpointApp(Provider provider = Provider.Sqlite, string? sharedConnectionString = null)
    {
        Provider = provider;
        Database = sharedConnectionString ?? (provider == Provider.Sqlite ? $"Data Source={Path.Combine(DataDir, "test.db")}" : "");
    }

    public Provider Provider { get; }

    public string DataDir { get; } = Directory.CreateTempSubdirectory("touchpoint-test-").FullName;

    /// <summary>The connection string; another instance can be pointed at it.</summary>
    public string Database { get; private set; }

    /// <summary>The app's clock: now, unless <see cref="StartingAt"/> set another moment before the start.</summary>
    public FakeTimeProvider Clock { get; private set; } = new(DateTimeOffset.UtcNow);

    /// <summary>
    /// Starts the clock at <paramref name="at"/>, earlier or later than now (a fake clock only moves forward once
    /// running, so a test on fixed dates sets them here and keeps working after those dates have passed).
    /// </summary>
    public TouchpointApp StartingAt(DateTimeOffset at)
    {
        Clock = new FakeTimeProvider(at);
        return this;
    }

    /// <summary>Sets a configuration value before the app starts (e.g. <c>Touchpoint:Smtp:Host</c>).</summary>
    public TouchpointApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public async ValueTask InitializeAsync()
    {
        if (Provider == Provider.Postgres && string.IsNullOrEmpty(Database))
        {
            if (string.IsNullOrEmpty(TestEnvironment.Postgres))
            {
                // Tests call Ready(), which skips (or fails on CI) with the reason.
                return;
            }
            var admin = TestEnvironment.Postgres;
            var name = $"tp_test_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await command.ExecuteNonQueryAsync();
            }
            _createdPgDatabase = name;
            Database = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        }
        // Starts the host: migrations run here.
        _ = Services;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Touchpoint:Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Touchpoint", Database);
        builder.UseSetting("Touchpoint:DataDir", DataDir);
        builder.UseSetting("Touchpoint:Demo:Seed", "false");
        builder.UseSetting("Touchpoint:Outbox:Enabled", "false");
        builder.UseSetting("Touchpoint:Orders:RunDelaySweeper", "false");
        builder.UseSetting("Touchpoint:Sla:RunSweeper", "false");
        builder.UseSetting("Touchpoint:Quality:RunDrawer", "false");
        builder.UseSetting("Touchpoint:Quality:RunAuditScheduler", "false");
        builder.UseSetting("Touchpoint:Search:RunBackfill", "false");
        builder.UseSetting("Touchpoint:PublicBaseUrl", "https://shop.test");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>The started app; skips or fails the calling test when its database server is missing.</summary>
    public TouchpointApp Ready()
    {
        if (Provider == Provider.Postgres && string.IsNullOrEmpty(Database))
        {
            TestEnvironment.RequirePostgres();
        }
        return this;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Runs <paramref name="work"/> with a scoped service, as a request would.</summary>
    public async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> work) where TService : notnull
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task<HttpClient> ApiClientAsync(string name = "tests")
    {
        var key = await InScopeAsync<ApiKeys, CreatedApiKey>(k => k.CreateAsync(name, "tests", CancellationToken.None));
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        return client;
    }

    public const string StaffPassword = "Secret-2026";

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>A new user of <paramref name="role"/>, signed in through the login form: a person in the workspace.</summary>
    public async Task<HttpClient> SignedInAsync(string role, string language = "en") => (await SignedInUserAsync(role, language)).Client;

    /// <summary>Like <see cref="SignedInAsync"/>, with the user's email and id.</summary>
    public async Task<(HttpClient Client, string Email, string Id)> SignedInUserAsync(string role, string language = "en")
    {
        var user = await CreateUserAsync(role, language);
        return (await SignInAsync(user.Email), user.Email, user.Id);
    }

    /// <summary>A new user of <paramref name="role"/> whose password is <see cref="StaffPassword"/>.</summary>
    public async Task<UserResponse> CreateUserAsync(string role, string language = "en")
    {
        var email = $"{(role == "ServiceOwner" ? "owner" : role.ToLowerInvariant())}-{Guid.NewGuid():N}@shop.test";
        var (user, errors) = await InScopeAsync<UserAdmin, (UserResponse?, IDictionary<string, string[]>)>(u =>
            u.CreateAsync(new CreateUserRequest(email, StaffPassword, role, $"Test {role}", language), CancellationToken.None));
        Assert.True(user is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return user;
    }

    /// <summary>A cookie client signed in as an existing user whose password is <see cref="StaffPassword"/>.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = StaffPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var token = AntiforgeryField().Match(await client.GetStringAsync("/login")).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["returnUrl"] = "/conversations", ["__RequestVerificationToken"] = token,
        });
        var response = await client.PostAsync("/account/login", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/conversations", response.Headers.Location?.OriginalString);
        return client;
    }

    /// <summary>One pass of the outbox dispatcher, as the background service would do it.</summary>
    public Task<int> DispatchOutboxAsync() => Get<OutboxDispatcher>().RunOnceAsync(CancellationToken.None);

    public Task<int> SweepDelaysAsync(string? holder = null) => Get<DelaySweeper>().RunNowAsync(CancellationToken.None, holder);

    /// <summary>One pass of the SLA sweeper, as the background service would do it.</summary>
    public Task<Touchpoint.Features.Sla.SlaSweeper.Result> SweepSlaAsync(string? holder = null) =>
        Get<Touchpoint.Features.Sla.SlaSweeper>().SweepAsync(CancellationToken.None, holder);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_createdPgDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_createdPgDatabase}\" WITH (FORCE)", connection);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await command.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException ex) when (attempt < 20 && ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
                {
                    // An autovacuum worker in the database: a role without pg_signal_backend may not end it (PostgreSQL
                    // 15 says "must be a member of the role whose process is being terminated"); it is done in moments.
                    await Task.Delay(250);
                }
            }
        }
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown: the temp folder is cleaned by the OS.
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>Class fixtures: one app per test class and provider.</summary>
public sealed class SqliteApp() : TouchpointApp(Provider.Sqlite);

public sealed class PostgresApp() : TouchpointApp(Provider.Postgres);
