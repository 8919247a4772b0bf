using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Conversations;

/// <summary>The queue's API: sorted lists, bulk changes through the same use case as one change, saved views.</summary>
public abstract class QueueApiTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient api, HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendRawAsync(HttpClient api, string url, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await api.PostAsync(url, content, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static async Task<long> CreateAsync(HttpClient api, string subject)
    {
        var (status, created) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations", new
        {
            customer = new { email = $"q-{Guid.NewGuid():N}@example.com", name = "Anna Nowak", language = "pl" },
            subject, body = "Gdzie jest moja paczka?", topic = "order_fulfilment",
        });
        Assert.Equal(HttpStatusCode.Created, status);
        return created!["number"]!.GetValue<long>();
    }

    private static IEnumerable<string> Fields(JsonNode? problem) => problem!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal);

    [Fact]
    public async Task Bulk_assign_changes_each_conversation_through_the_use_case_and_says_what_was_skipped()
    {
        var api = await App.ApiClientAsync();
        var agent = await App.CreateUserAsync("Agent", "pl");
        var a = await CreateAsync(api, "Paczka A");
        var b = await CreateAsync(api, "Paczka B");
        var closed = await CreateAsync(api, "Paczka C");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{closed}", new { status = "closed" })).Status);

        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations/bulk",
            new { numbers = new[] { a, b, closed, 999_999_999L, a }, set = new { assignee = agent.Email, priority = "high" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body!["updated"]!.GetValue<int>());
        Assert.Equal(2, body["skipped"]!.GetValue<int>());
        var results = body["results"]!.AsArray().ToDictionary(r => r!["number"]!.GetValue<long>(), r => r!);
        Assert.Equal(4, results.Count);   // the repeated number counts once
        Assert.Equal("updated", results[a]["outcome"]!.GetValue<string>());
        Assert.Equal("skipped", results[closed]["outcome"]!.GetValue<string>());
        Assert.Equal("closed", results[closed]["reason"]!.GetValue<string>());
        Assert.Equal("not_found", results[999_999_999L]["reason"]!.GetValue<string>());

        // Audited as a single change would be: the history names the new assignee and the priority.
        foreach (var n in new[] { a, b })
        {
            var c = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{n}", Ct)))!;
            Assert.Equal(agent.Email, c["assignee"]!["email"]!.GetValue<string>());
            Assert.Equal("high", c["priority"]!.GetValue<string>());
            var kinds = c["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()).ToList();
            Assert.Contains("assignee", kinds);
            Assert.Contains("priority", kinds);
        }
        var untouched = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{closed}", Ct)))!;
        Assert.Null(untouched["assignee"]);

        // The same change again changes nothing; unassigning (null) is a change.
        var (_, again) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations/bulk", new { numbers = new[] { a }, set = new { priority = "high" } });
        Assert.Equal("unchanged", again!["results"]![0]!["outcome"]!.GetValue<string>());
        var (_, unassigned) = await SendRawAsync(api, "/api/v1/conversations/bulk", $$$"""{"numbers":[{{{a}}}],"set":{"assignee":null,"status":"pending"}}""");
        Assert.Equal(1, unassigned!["updated"]!.GetValue<int>());
        var after = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{a}", Ct)))!;
        Assert.Null(after["assignee"]);
        Assert.Equal("pending", after["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bulk_refuses_bad_input_with_the_fields_named_and_auditors_change_nothing()
    {
        var api = await App.ApiClientAsync();
        var number = await CreateAsync(api, "Zwrot");

        var (s1, p1) = await SendRawAsync(api, "/api/v1/conversations/bulk", """{"numbers":"all","set":{"status":"new","color":"red","assignee":"nobody@x.test","topic":"nope","priority":"asap"},"dryRun":true}""");
        Assert.Equal(HttpStatusCode.BadRequest, s1);
        Assert.Equal(["dryRun", "numbers", "set.assignee", "set.color", "set.priority", "set.status", "set.topic"], Fields(p1));

        var (s2, p2) = await SendRawAsync(api, "/api/v1/conversations/bulk", $$$"""{"numbers":[{{{number}}}, -3],"set":{}}""");
        Assert.Equal(HttpStatusCode.BadRequest, s2);
        Assert.Equal(["numbers", "set"], Fields(p2));

        var tooMany = Enumerable.Range(1, 101).Select(i => (long)i).ToArray();
        var (s3, p3) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations/bulk", new { numbers = tooMany, set = new { priority = "low" } });
        Assert.Equal(HttpStatusCode.BadRequest, s3);
        Assert.Equal(["numbers"], Fields(p3));

        var (s4, _) = await SendRawAsync(api, "/api/v1/conversations/bulk", "[1,2]");
        Assert.Equal(HttpStatusCode.BadRequest, s4);

        var auditor = await App.SignedInAsync("Auditor");
        var (s5, _) = await SendAsync(auditor, HttpMethod.Post, "/api/v1/conversations/bulk", new { numbers = new[] { number }, set = new { priority = "low" } });
        Assert.Equal(HttpStatusCode.Forbidden, s5);
        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/conversations/bulk", new { numbers = new[] { number } }, Ct)).StatusCode);

        var c = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;
        Assert.Equal("normal", c["priority"]!.GetValue<string>());
        Assert.Equal("new", c["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_list_sorts_by_a_column_in_either_direction_and_refuses_an_unknown_one()
    {
        var api = await App.ApiClientAsync();
        var numbers = new[] { await CreateAsync(api, "Sort 1"), await CreateAsync(api, "Sort 2"), await CreateAsync(api, "Sort 3") };
        var urgent = numbers[1];
        await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{urgent}", new { priority = "urgent" });

        async Task<List<long>> ListAsync(string sort) =>
            (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations?status=new&pageSize=200&sort={sort}", Ct)))!["items"]!.AsArray()
                .Select(i => i!["number"]!.GetValue<long>()).Where(numbers.Contains).ToList();

        Assert.Equal(numbers.OrderByDescending(n => n), await ListAsync("-number"));
        Assert.Equal(numbers.Order(), await ListAsync("number"));
        Assert.Equal(urgent, (await ListAsync("-priority"))[0]);
        Assert.Equal(urgent, (await ListAsync("priority"))[^1]);
        Assert.Equal(numbers.Order(), await ListAsync("subject"));
        Assert.Equal(3, (await ListAsync("customer")).Count);

        var (status, problem) = await SendAsync(api, HttpMethod.Get, "/api/v1/conversations?sort=-colour", null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["sort"], Fields(problem));
    }

    [Fact]
    public async Task Saved_views_are_personal_or_shared_by_owners_with_live_counts()
    {
        var api = await App.ApiClientAsync();
        var (agent, _, _) = await App.SignedInUserAsync("Agent", "ru");
        var other = await App.SignedInAsync("Agent");
        var owner = await App.SignedInAsync("ServiceOwner");
        var topic = $"order_fulfilment";
        await CreateAsync(api, "Widok");

        var (created, view) = await SendAsync(agent, HttpMethod.Post, "/api/v1/conversations/views",
            new { name = "Мои доставки", queue = "unassigned", topic, sort = "-priority" });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Contains("sort=-priority", view!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(view["count"]!.GetValue<int>() >= 1);

        var (sharedStatus, shared) = await SendAsync(owner, HttpMethod.Post, "/api/v1/conversations/views",
            new { name = $"Team {Guid.NewGuid():N}"[..20], queue = "open", shared = true });
        Assert.Equal(HttpStatusCode.Created, sharedStatus);

        // The agent sees their own and the shared one, each counted; another agent sees only the shared one.
        var mine = (await Api.ReadAsync(await agent.GetAsync("/api/v1/conversations/views", Ct)))!.AsArray();
        Assert.Contains(mine, v => v!["name"]!.GetValue<string>() == "Мои доставки" && v["mine"]!.GetValue<bool>());
        Assert.Contains(mine, v => v!["id"]!.GetValue<string>() == shared!["id"]!.GetValue<string>() && v["shared"]!.GetValue<bool>());
        Assert.All(mine, v => Assert.True(v!["count"]!.GetValue<int>() >= 0));
        var theirs = (await Api.ReadAsync(await other.GetAsync("/api/v1/conversations/views", Ct)))!.AsArray();
        Assert.DoesNotContain(theirs, v => v!["name"]!.GetValue<string>() == "Мои доставки");
        Assert.Contains(theirs, v => v!["id"]!.GetValue<string>() == shared!["id"]!.GetValue<string>());

        // Agents do not share, nor delete what is shared, nor someone else's view.
        var (agentShares, sharesProblem) = await SendAsync(agent, HttpMethod.Post, "/api/v1/conversations/views", new { name = "Все", shared = true });
        Assert.Equal(HttpStatusCode.BadRequest, agentShares);
        Assert.Equal(["shared"], Fields(sharesProblem));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agent, HttpMethod.Delete, $"/api/v1/conversations/views/{shared!["id"]}", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(other, HttpMethod.Delete, $"/api/v1/conversations/views/{view["id"]}", null)).Status);

        // Bad input, named; the same name twice; an API key has no views of its own.
        var (bad, badProblem) = await SendAsync(agent, HttpMethod.Post, "/api/v1/conversations/views",
            new { name = "", queue = "everything", topic = "nope", channel = "fax", sort = "colour" });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["channel", "name", "queue", "sort", "topic"], Fields(badProblem));
        var (twice, twiceProblem) = await SendAsync(agent, HttpMethod.Post, "/api/v1/conversations/views", new { name = "мои доставки" });
        Assert.Equal(HttpStatusCode.BadRequest, twice);
        Assert.Equal(["name"], Fields(twiceProblem));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/conversations/views", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(agent, HttpMethod.Delete, $"/api/v1/conversations/views/{view["id"]}", null)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(owner, HttpMethod.Delete, $"/api/v1/conversations/views/{shared["id"]}", null)).Status);
        var left = (await Api.ReadAsync(await agent.GetAsync("/api/v1/conversations/views", Ct)))!.AsArray();
        Assert.DoesNotContain(left, v => v!["id"]!.GetValue<string>() == view["id"]!.GetValue<string>());
    }
}

public sealed class QueueApiSqliteTests(SqliteApp app) : QueueApiTests(app), IClassFixture<SqliteApp>;

public sealed class QueueApiPostgresTests(PostgresApp app) : QueueApiTests(app), IClassFixture<PostgresApp>;
