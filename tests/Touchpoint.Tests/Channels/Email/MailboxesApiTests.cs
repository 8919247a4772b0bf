using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Channels.Email;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Channels.Email;

/// <summary>The mailboxes API (what the settings page does): admins only, passwords write-only and encrypted, every field checked.</summary>
public abstract class MailboxesApiTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static object Mailbox(string address, string? password = "s3cret-Pass", bool enabled = false, string host = "imap.shop.test") => new
    {
        address,
        language = "pl",
        imap = new { host, port = 993, security = "ssl", userName = address, password, folder = "INBOX" },
        enabled,
    };

    private static string NewName() => $"mb-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task An_admin_adds_and_changes_a_mailbox_whose_password_is_never_shown_and_kept_when_left_out()
    {
        var admin = await App.SignedInAsync("Admin");
        var name = NewName();
        var (created, body) = await SendAsync(admin, HttpMethod.Put, $"/api/v1/mailboxes/{name}", Mailbox("Sklep@Shop.test"));
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("sklep@shop.test", body!["address"]!.GetValue<string>());
        Assert.Equal("ssl", body["imap"]!["security"]!.GetValue<string>());
        Assert.True(body["imap"]!["hasPassword"]!.GetValue<bool>());
        Assert.Equal("settings", body["source"]!.GetValue<string>());
        Assert.StartsWith("user:", body["updatedBy"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pass", body.ToJsonString(), StringComparison.Ordinal);

        // Changed without a password: the stored one stays, encrypted at rest.
        var (changed, after) = await SendAsync(admin, HttpMethod.Put, $"/api/v1/mailboxes/{name}", Mailbox("sklep@shop.test", password: null, host: "imap2.shop.test"));
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal("imap2.shop.test", after!["imap"]!["host"]!.GetValue<string>());
        var entry = await App.Get<MailboxRegistry>().FindAsync(name, Ct);
        Assert.Equal("s3cret-Pass", entry!.Options.Imap.Password);
        var stored = await App.InScopeAsync<TouchpointDb, MailboxSetting>(db => db.Set<MailboxSetting>().AsNoTracking().SingleAsync(m => m.Name == name, Ct));
        Assert.DoesNotContain("s3cret-Pass", stored.ImapPasswordProtected, StringComparison.Ordinal);

        var (listed, list) = await SendAsync(admin, HttpMethod.Get, "/api/v1/mailboxes");
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Contains(list!.AsArray(), m => m!["name"]!.GetValue<string>() == name);
        Assert.DoesNotContain("s3cret-Pass", list.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(admin, HttpMethod.Delete, $"/api/v1/mailboxes/{name}")).Status);
        var (gone, problem) = await SendAsync(admin, HttpMethod.Delete, $"/api/v1/mailboxes/{name}");
        Assert.Equal(HttpStatusCode.NotFound, gone);
        Assert.Contains(name, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await App.Get<MailboxRegistry>().FindAsync(name, Ct));
    }

    [Fact]
    public async Task Every_bad_field_is_named_and_nothing_is_stored()
    {
        var admin = await App.SignedInAsync("Admin");
        var name = NewName();
        var (status, body) = await SendAsync(admin, HttpMethod.Put, $"/api/v1/mailboxes/{name}", new
        {
            address = "not-an-address",
            language = "de",
            imap = new { host = "bad host!", port = 70000, security = "tls-please", folder = new string('x', 300) },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        foreach (var field in new[] { "address", "language", "imap.host", "imap.port", "imap.security", "imap.folder" })
        {
            Assert.NotNull(body!["errors"]![field]);
        }
        var (badName, named) = await SendAsync(admin, HttpMethod.Put, "/api/v1/mailboxes/Not_A_Name", Mailbox("a@shop.test"));
        Assert.Equal(HttpStatusCode.BadRequest, badName);
        Assert.NotNull(named!["errors"]!["name"]);
        var (noImap, missing) = await SendAsync(admin, HttpMethod.Put, $"/api/v1/mailboxes/{name}", new { address = "a@shop.test" });
        Assert.Equal(HttpStatusCode.BadRequest, noImap);
        Assert.NotNull(missing!["errors"]!["imap"]);
        Assert.Null(await App.Get<MailboxRegistry>().FindAsync(name, Ct));
        Assert.Null(await App.Get<MailboxRegistry>().FindAsync("Not_A_Name", Ct));
    }

    [Fact]
    public async Task Only_admins_see_or_change_mailboxes_not_owners_agents_or_api_keys()
    {
        var name = NewName();
        foreach (var client in new[] { await App.SignedInAsync("ServiceOwner"), await App.SignedInAsync("Agent"), await App.ApiClientAsync() })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/api/v1/mailboxes")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Put, $"/api/v1/mailboxes/{name}", Mailbox("a@shop.test"))).Status);
        }
        Assert.Null(await App.Get<MailboxRegistry>().FindAsync(name, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(App.CreateClient(new() { AllowAutoRedirect = false }), HttpMethod.Get, "/api/v1/mailboxes")).Status);
    }

    [Fact]
    public async Task The_connection_test_signs_in_to_the_real_server_with_the_stored_password_and_says_why_not()
    {
        var host = TestEnvironment.RequireImap();
        var admin = await App.SignedInAsync("Admin");
        var name = NewName();
        var good = new
        {
            address = $"{TestEnvironment.SupportUser}@localhost",
            imap = new { host, port = TestEnvironment.ImapPort, security = "none", userName = TestEnvironment.SupportUser, password = TestEnvironment.SupportUser },
            enabled = false,
        };
        var (unknown, _) = await SendAsync(admin, HttpMethod.Post, $"/api/v1/mailboxes/{name}/test");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        var (tested, result) = await SendAsync(admin, HttpMethod.Post, $"/api/v1/mailboxes/{name}/test", good);
        Assert.Equal(HttpStatusCode.OK, tested);
        Assert.True(result!["ok"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Null(await App.Get<MailboxRegistry>().FindAsync(name, Ct));

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(admin, HttpMethod.Put, $"/api/v1/mailboxes/{name}", good)).Status);
        var (stored, storedResult) = await SendAsync(admin, HttpMethod.Post, $"/api/v1/mailboxes/{name}/test");
        Assert.True(storedResult!["ok"]!.GetValue<bool>(), storedResult.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, stored);
        var wrong = new
        {
            good.address,
            imap = new { host, port = TestEnvironment.ImapPort, security = "none", userName = TestEnvironment.SupportUser, password = "wrong" },
        };
        var (_, refused) = await SendAsync(admin, HttpMethod.Post, $"/api/v1/mailboxes/{name}/test", wrong);
        Assert.False(refused!["ok"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(refused["detail"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(admin, HttpMethod.Delete, $"/api/v1/mailboxes/{name}")).Status);
    }
}

public sealed class MailboxesApiSqliteTests(SqliteApp app) : MailboxesApiTests(app), IClassFixture<SqliteApp>;

public sealed class MailboxesApiPostgresTests(PostgresApp app) : MailboxesApiTests(app), IClassFixture<PostgresApp>;

/// <summary>A mailbox of configuration is listed but belongs to configuration: the API refuses to change or delete it.</summary>
public sealed class ConfiguredMailboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_mailbox_of_configuration_is_listed_read_only_and_cannot_be_changed_or_deleted()
    {
        await using var app = new TouchpointApp()
            .With("Touchpoint:Email:RunReaders", "false")
            .With("Touchpoint:Mailboxes:main:Address", "support@shop.test")
            .With("Touchpoint:Mailboxes:main:Imap:Host", "imap.shop.test");
        await app.InitializeAsync();
        var admin = await app.SignedInAsync("Admin");
        var list = await admin.GetFromJsonAsync<List<MailboxResponse>>("/api/v1/mailboxes", Api.Json, Ct);
        var main = Assert.Single(list!);
        Assert.Equal(("main", "configuration"), (main.Name, main.Source));
        var put = await admin.PutAsJsonAsync("/api/v1/mailboxes/main", new { address = "other@shop.test", imap = new { host = "imap.other.test" } }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Contains("Touchpoint:Mailboxes", (await Api.ReadAsync(put))!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync("/api/v1/mailboxes/main", Ct)).StatusCode);
        Assert.Equal("support@shop.test", (await app.Get<MailboxRegistry>().FindAsync("main", Ct))!.Options.Address);
    }
}
