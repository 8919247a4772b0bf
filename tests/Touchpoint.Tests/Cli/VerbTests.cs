using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Touchpoint.Features.Orders;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Cli;

/// <summary>The verbs, run as a user runs them: <c>dotnet Touchpoint.dll VERB …</c> in a separate process.</summary>
public sealed class VerbTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("touchpoint-cli-").FullName;

    private Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Touchpoint.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["Touchpoint__DataDir"] = _dataDir;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task Migrate_user_apikey_and_seed_demo_work_against_one_database()
    {
        var migrate = await RunAsync("migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Errors);
        Assert.True(File.Exists(Path.Combine(_dataDir, "touchpoint.db")));

        var user = await RunAsync("user", "create", "--email", "boss@shop.test", "--password", "s3cret-pass", "--role", "serviceowner");
        Assert.True(user.ExitCode == 0, user.Errors);
        Assert.Contains("ServiceOwner boss@shop.test", user.Output, StringComparison.Ordinal);
        var twice = await RunAsync("user", "create", "--email", "boss@shop.test", "--password", "s3cret-pass", "--role", "Agent");
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("already exists", twice.Errors, StringComparison.Ordinal);
        var badRole = await RunAsync("user", "create", "--email", "x@shop.test", "--password", "s3cret-pass", "--role", "King");
        Assert.Equal(1, badRole.ExitCode);
        Assert.Contains("role", badRole.Errors, StringComparison.Ordinal);

        var key = await RunAsync("apikey", "create", "--name", "shop-platform");
        Assert.True(key.ExitCode == 0, key.Errors);
        var lastLine = key.Output.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("tp_", lastLine, StringComparison.Ordinal);

        // Made-up data never lands in a production store by accident: the operator must say so.
        var refused = await RunAsync("seed-demo", "--orders", "3000");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Touchpoint:Demo:Seed=true", refused.Errors, StringComparison.Ordinal);
        // (Its orders' mails carry tracking links, so the store's public address is needed in Production, as for serving.)
        var seed = await RunAsync(new Dictionary<string, string> { ["Touchpoint__Demo__Seed"] = "true", ["Touchpoint__PublicBaseUrl"] = "https://help.shop.test" },
            "seed-demo", "--orders", "3000");
        Assert.True(seed.ExitCode == 0, seed.Errors);
        Assert.Contains("Seeded 3000 orders", seed.Output, StringComparison.Ordinal);

        // The app on the same database accepts the printed key and sees the seeded orders.
        await using var app = new TouchpointApp(Provider.Sqlite, $"Data Source={Path.Combine(_dataDir, "touchpoint.db")}");
        await app.InitializeAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", lastLine);
        var page = await client.GetFromJsonAsync<OrderPage>("/api/v1/orders?pageSize=500", TestContext.Current.CancellationToken);
        Assert.Equal(500, page!.Items.Count);
        Assert.True(page.HasMore);
        Assert.Contains(page.Items, o => o.Delayed);
        Assert.Equal(["en", "pl", "ru"], page.Items.Select(o => o.Language).Distinct().Order());
        var one = await client.GetOrderAsync(page.Items[0].Number);
        Assert.NotEmpty(one["history"]!.AsArray());
    }

    [Fact]
    public async Task Bad_usage_says_how_and_fails()
    {
        var unknown = await RunAsync("frobnicate");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown verb", unknown.Errors, StringComparison.Ordinal);
        var noName = await RunAsync("apikey", "create");
        Assert.Equal(2, noName.ExitCode);
        Assert.Contains("--name", noName.Errors, StringComparison.Ordinal);
        var badCount = await RunAsync("seed-demo", "--orders", "lots");
        Assert.Equal(2, badCount.ExitCode);
    }

    [Fact]
    public async Task Serving_in_production_without_a_public_address_refuses_to_start_and_says_why()
    {
        var (exit, _, errors) = await RunAsync(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" });
        Assert.Equal(1, exit);
        Assert.Contains("Touchpoint cannot start: Touchpoint:PublicBaseUrl is required outside Development", errors, StringComparison.Ordinal);
    }

    /// <summary>As a service manager starts it: from another folder. The web root comes from the app's folder; data stays under the working directory.</summary>
    [Fact]
    public async Task Started_from_another_folder_it_serves_its_styles_and_scripts_and_keeps_data_where_it_runs()
    {
        var work = Directory.CreateTempSubdirectory("touchpoint-cwd-").FullName;
        var port = System.Net.Sockets.TcpListener.Create(0) is var l ? Start(l) : 0;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Touchpoint.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Touchpoint__Demo__Seed"] = "false";
        using var process = Process.Start(start)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var login = await WaitForAsync(http, "/login");
            var css = System.Text.RegularExpressions.Regex.Match(login, "href=\"(app[^\"]*\\.css)\"").Groups[1].Value;
            Assert.NotEmpty(css);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/" + css, TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/_framework/blazor.web.js", TestContext.Current.CancellationToken)).StatusCode);
            Assert.True(File.Exists(Path.Combine(work, "data", "touchpoint.db")), "the database is under the working directory's data folder");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static int Start(System.Net.Sockets.TcpListener listener)
    {
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<string> WaitForAsync(HttpClient http, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                return await http.GetStringAsync(path, TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
