using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Features.Identity;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Identity;

/// <summary>Roles, users and keys through the API, and what a changed role, password or deactivation does to open sessions.</summary>
public abstract class IdentityApiTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private async Task<string> RoleAsync(string email)
    {
        var api = await App.ApiClientAsync();
        var (status, body) = await SendAsync(api, HttpMethod.Get, $"/api/v1/agents/{email}");
        if (status == HttpStatusCode.OK)
        {
            return body!["role"]!.GetValue<string>();
        }
        var users = await App.InScopeAsync<UserAdmin, List<UserResponse>>(u => u.ListAsync(Ct));
        return users.Single(u => u.Email == email).Role;
    }

    /// <summary>Past the session check interval: the next request validates the cookie against the user again.</summary>
    private void LetSessionsRevalidate() => App.Clock.Advance(new LoginOptions().SessionCheckInterval + TimeSpan.FromSeconds(1));

    [Fact]
    public async Task A_service_owner_cannot_make_themselves_admin_through_their_agent_profile()
    {
        var (owner, email, _) = await App.SignedInUserAsync("ServiceOwner");
        var (status, body) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/agents/{email}", new { role = "Admin", teams = new[] { "support" } });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Nobody changes their own role", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ServiceOwner", await RoleAsync(email));
        // Nor can they promote a colleague, or demote an admin.
        var agent = await App.CreateUserAsync("Agent");
        var (promote, promoted) = await SendAsync(owner, HttpMethod.Put, $"/api/v1/agents/{agent.Email}", new { role = "ServiceOwner" });
        Assert.Equal(HttpStatusCode.Forbidden, promote);
        Assert.Contains("Only an admin", promoted!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var admin = await App.CreateUserAsync("Admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(owner, HttpMethod.Put, $"/api/v1/agents/{admin.Email}", new { role = "Agent" })).Status);
        Assert.Equal("Agent", await RoleAsync(agent.Email));
        Assert.Equal("Admin", await RoleAsync(admin.Email));
        // Between agent and auditor is theirs to decide.
        Assert.True((await SendAsync(owner, HttpMethod.Put, $"/api/v1/agents/{agent.Email}", new { role = "Auditor" })).Status is HttpStatusCode.OK or HttpStatusCode.Created);
        Assert.Equal("Auditor", await RoleAsync(agent.Email));
    }

    [Fact]
    public async Task An_api_key_keeps_profiles_in_sync_but_never_changes_a_role()
    {
        var api = await App.ApiClientAsync();
        var agent = await App.CreateUserAsync("Agent");
        var (status, body) = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{agent.Email}", new { role = "Admin" });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("API key", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Agent", await RoleAsync(agent.Email));
        // A new agent with the default role, and the same role given again, are fine.
        var fresh = $"new-{Guid.NewGuid():N}@shop.test";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{fresh}", new { name = "New Agent" })).Status);
        Assert.True((await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{agent.Email}", new { role = "Agent", teams = new[] { "support" } })).Status is HttpStatusCode.OK or HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/new2-{Guid.NewGuid():N}@shop.test", new { role = "ServiceOwner" })).Status);
    }

    [Fact]
    public async Task A_typo_in_an_agent_profile_is_refused_by_name_instead_of_emptying_the_skills()
    {
        var api = await App.ApiClientAsync();
        var email = $"typo-{Guid.NewGuid():N}@shop.test";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}",
            new { teams = new[] { "support" }, skills = new { languages = new[] { "pl" } }, capacity = new Dictionary<string, int> { ["email"] = 5 } })).Status);
        var (status, body) = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}", new { teams = new[] { "support" }, skils = new { languages = new[] { "ru" } } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]!["skils"]);
        var (nestedStatus, nested) = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}", new { skills = new { langs = new[] { "ru" } } });
        Assert.Equal(HttpStatusCode.BadRequest, nestedStatus);
        Assert.NotNull(nested!["errors"]!["skills.langs"]);
        var (_, agent) = await SendAsync(api, HttpMethod.Get, $"/api/v1/agents/{email}");
        Assert.Equal(["pl"], agent!["skills"]!["languages"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(5, agent["capacity"]!["email"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_changed_role_ends_the_users_sessions()
    {
        var admin = await App.SignedInAsync("Admin");
        var (owner, email, id) = await App.SignedInUserAsync("ServiceOwner");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/v1/workload", Ct)).StatusCode);

        var (status, body) = await SendAsync(admin, HttpMethod.Patch, $"/api/v1/users/{id}", new { role = "Agent" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Agent", body!["role"]!.GetValue<string>());
        LetSessionsRevalidate();
        // The old cookie carried ServiceOwner: it no longer signs anyone in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.GetAsync("/api/v1/workload", Ct)).StatusCode);
        var again = await App.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/v1/workload", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/conversations", Ct)).StatusCode);
    }

    [Fact]
    public async Task Deactivating_a_user_or_setting_a_new_password_ends_their_sessions()
    {
        var admin = await App.SignedInAsync("Admin");
        var (agent, email, id) = await App.SignedInUserAsync("Agent");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Patch, $"/api/v1/users/{id}", new { password = "Another-secret-2026" })).Status);
        LetSessionsRevalidate();
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/v1/conversations", Ct)).StatusCode);
        var renewed = await App.SignInAsync(email, "Another-secret-2026");
        Assert.Equal(HttpStatusCode.OK, (await renewed.GetAsync("/api/v1/conversations", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Patch, $"/api/v1/users/{id}", new { active = false })).Status);
        LetSessionsRevalidate();
        Assert.Equal(HttpStatusCode.Unauthorized, (await renewed.GetAsync("/api/v1/conversations", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_weak_new_password_changes_nothing()
    {
        var admin = await App.SignedInAsync("Admin");
        var (agent, _, id) = await App.SignedInUserAsync("Agent");
        var (status, body) = await SendAsync(admin, HttpMethod.Patch, $"/api/v1/users/{id}", new { password = "short", role = "Auditor" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]!["password"]);
        LetSessionsRevalidate();
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/conversations", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_change_their_own_role_or_deactivate_themselves()
    {
        var (admin, email, id) = await App.SignedInUserAsync("Admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(admin, HttpMethod.Patch, $"/api/v1/users/{id}", new { role = "Agent" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(admin, HttpMethod.Patch, $"/api/v1/users/{id}", new { active = false })).Status);
        Assert.Equal("Admin", await RoleAsync(email));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin, HttpMethod.Patch, "/api/v1/users/nobody", new { name = "X" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(admin, HttpMethod.Patch, $"/api/v1/users/{id}", new { rol = "Agent" })).Status);
    }

    [Fact]
    public async Task Users_and_keys_are_for_admins_only()
    {
        var owner = await App.SignedInAsync("ServiceOwner");
        var api = await App.ApiClientAsync();
        foreach (var client in new[] { owner, api })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/users", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/api-keys", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Patch, "/api/v1/users/x", new { role = "Admin" })).Status);
        }
        var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_and_a_new_one_is_shown_once()
    {
        var admin = await App.SignedInAsync("Admin");
        var (status, created) = await SendAsync(admin, HttpMethod.Post, "/api/v1/api-keys", new { name = "shop-platform" });
        Assert.Equal(HttpStatusCode.OK, status);
        var key = created!["key"]!.GetValue<string>();
        var id = created["id"]!.GetValue<string>();
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations", Ct)).StatusCode);
        var (_, list) = await SendAsync(admin, HttpMethod.Get, "/api/v1/api-keys");
        var listed = list!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
        Assert.Null(listed["key"]);
        Assert.Equal(key[..10], listed["prefix"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(admin, HttpMethod.Delete, $"/api/v1/api-keys/{id}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/conversations", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin, HttpMethod.Delete, $"/api/v1/api-keys/{Guid.NewGuid()}")).Status);
    }

    [Fact]
    public async Task Creating_a_user_validates_every_field()
    {
        var admin = await App.SignedInAsync("Admin");
        var (status, body) = await SendAsync(admin, HttpMethod.Post, "/api/v1/users", new { email = "not-an-email", password = "", role = "King", language = "de" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        foreach (var field in new[] { "email", "password", "role", "language" })
        {
            Assert.NotNull(body!["errors"]![field]);
        }
        var email = $"new-{Guid.NewGuid():N}@shop.test";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(admin, HttpMethod.Post, "/api/v1/users", new { email, password = "Long-enough-1", role = "Auditor", language = "pl" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(admin, HttpMethod.Post, "/api/v1/users", new { email, password = "Long-enough-1", role = "Agent" })).Status);
    }
}

public sealed class IdentityApiSqliteTests(SqliteApp app) : IdentityApiTests(app), IClassFixture<SqliteApp>;

public sealed class IdentityApiPostgresTests(PostgresApp app) : IdentityApiTests(app), IClassFixture<PostgresApp>;
