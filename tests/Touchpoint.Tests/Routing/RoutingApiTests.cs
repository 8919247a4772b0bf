using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Features.Routing;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Routing;

/// <summary>
/// Agents, presence, roster and automatic assignment through the HTTP API, with the real routing worker running.
/// Tests of one class share a database, so each starts by sending every agent offline and uses its own topic/language mix.
/// </summary>
public abstract class RoutingApiTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewEmail(string prefix = "c") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient api, HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static object Profile(string topic, string language, string channel, int capacity, string[]? teams = null, object? schedule = null, string? phone = null) => new
    {
        name = "Agent " + language,
        role = "Agent",
        teams = teams ?? ["support"],
        skills = new { topics = new[] { topic }, languages = new[] { language }, channels = new[] { channel } },
        capacity = new Dictionary<string, int> { [channel] = capacity },
        timeZone = "Europe/Warsaw",
        schedule,
        phone,
    };

    private static async Task<string> AgentAsync(HttpClient api, object profile, string presence = "online")
    {
        var email = NewEmail("agent");
        var (status, body) = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}", profile);
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        var (presenceStatus, _) = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}/presence", new { status = presence });
        Assert.Equal(HttpStatusCode.OK, presenceStatus);
        return email;
    }

    /// <summary>Earlier tests' agents must not take this test's conversations.</summary>
    private static async Task EveryoneOfflineAsync(HttpClient api)
    {
        foreach (var agent in (await Api.ReadAsync(await api.GetAsync("/api/v1/agents", Ct)))!.AsArray())
        {
            await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{agent!["email"]!.GetValue<string>()}/presence", new { status = "offline" });
        }
        await SendAsync(api, HttpMethod.Put, "/api/v1/duty", Array.Empty<object>());
    }

    private static async Task<long> CreateAsync(HttpClient api, string topic, string language, string channel = "email", string? email = null)
    {
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations", new
        {
            channel,
            customer = new { email = email ?? NewEmail(), name = "Customer", language },
            subject = "Question",
            body = "Hello",
            topic,
            acknowledge = false,
        });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        return body!["number"]!.GetValue<long>();
    }

    /// <summary>The customer answers by email, naming the conversation in the subject.</summary>
    private static async Task CustomerWritesAsync(HttpClient api, string email, long number, string text)
    {
        var raw = $"From: Customer <{email}>\r\nTo: support@shop.test\r\nSubject: Re: Question [#{number}]\r\nMessage-ID: <{Guid.NewGuid():N}@example.com>\r\n" +
                  $"Date: {DateTime.UtcNow:R}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n";
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(raw));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("message/rfc822");
        var response = await api.PostAsync("/api/v1/channels/email/inbound", content, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<JsonNode> GetAsync(HttpClient api, long number) =>
        (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;

    /// <summary>Routing runs in the background: wait (bounded) until the conversations look as expected.</summary>
    private static async Task<List<JsonNode>> WaitForAsync(HttpClient api, IReadOnlyList<long> numbers, Func<List<JsonNode>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var all = new List<JsonNode>();
            foreach (var n in numbers)
            {
                all.Add(await GetAsync(api, n));
            }
            if (done(all) || DateTime.UtcNow > deadline)
            {
                return all;
            }
            await Task.Delay(100, Ct);
        }
    }

    private static string? Assignee(JsonNode c) => c["assignee"]?["email"]?.GetValue<string>();

    private static string? Reason(JsonNode c) => c["assignmentReason"]?.GetValue<string>();

    [Fact]
    public async Task Agent_profile_is_saved_read_back_and_bad_input_is_refused_without_changing_it()
    {
        var api = await App.ApiClientAsync();
        var email = NewEmail("agent");
        var profile = new
        {
            name = "Ewa Kowalska",
            role = "Agent",
            language = "pl",
            teams = new[] { "support", "warehouse" },
            skills = new { topics = new[] { "returns", "complaints" }, languages = new[] { "pl", "en" }, channels = new[] { "email", "chat", "phone" } },
            capacity = new Dictionary<string, int> { ["chat"] = 3, ["email"] = 12 },
            phone = "+48 22 123 45 67",
            timeZone = "Europe/Warsaw",
            schedule = new Dictionary<string, object[]>
            {
                ["monday"] = [new { from = "09:00", to = "13:00" }, new { from = "14:00", to = "17:00" }],
                ["friday"] = [new { from = "09:00", to = "15:00" }],
            },
        };
        var (created, body) = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}", profile);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("Ewa Kowalska", body!["name"]!.GetValue<string>());
        Assert.Equal("+48221234567", body["phone"]!.GetValue<string>());
        Assert.Equal("offline", body["presence"]!.GetValue<string>());
        Assert.Equal(12, body["capacity"]!["email"]!.GetValue<int>());
        Assert.Equal(2, body["schedule"]!["monday"]!.AsArray().Count);
        Assert.Equal(["chat", "email", "phone"], body["skills"]!["channels"]!.AsArray().Select(c => c!.GetValue<string>()));

        var (again, _) = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}", profile);
        Assert.Equal(HttpStatusCode.OK, again);

        var bad = new Dictionary<string, object>
        {
            ["skills.topics"] = new { skills = new { topics = new[] { "no_such_topic" } } },
            ["skills.languages"] = new { skills = new { languages = new[] { "de" } } },
            ["skills.channels"] = new { skills = new { channels = new[] { "fax" } } },
            ["capacity"] = new { capacity = new Dictionary<string, int> { ["chat"] = -1 } },
            ["timeZone"] = new { timeZone = "Mars/Olympus" },
            ["phone"] = new { phone = "call me" },
            ["schedule"] = new { schedule = new Dictionary<string, object[]> { ["monday"] = [new { from = "09:00", to = "13:00" }, new { from = "12:00", to = "15:00" }] } },
            ["schedule.monday"] = new { schedule = new Dictionary<string, object[]> { ["monday"] = [new { from = "18:00", to = "09:00" }] } },
            ["role"] = new { role = "Boss" },
        };
        foreach (var (field, request) in bad)
        {
            var (status, problem) = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}", request);
            Assert.True(status == HttpStatusCode.BadRequest, $"{field}: {status}");
            Assert.True(problem!["errors"]![field] is not null, $"{field}: {problem.ToJsonString()}");
        }
        var (badWeekday, weekdayProblem) = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}", new { schedule = new Dictionary<string, object[]> { ["funday"] = [] } });
        Assert.Equal(HttpStatusCode.BadRequest, badWeekday);
        Assert.NotNull(weekdayProblem!["errors"]!["schedule"]);

        var stored = (await Api.ReadAsync(await api.GetAsync($"/api/v1/agents/{email}", Ct)))!;
        Assert.Equal(["complaints", "returns"], stored["skills"]!["topics"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("Europe/Warsaw", stored["timeZone"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{email}/presence", new { status = "sleeping" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{NewEmail()}/presence", new { status = "online" })).Status);
        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/api/v1/agents/{email}", profile, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/duty", Ct)).StatusCode);
    }

    [Fact]
    public async Task Concurrent_arrivals_fill_capacity_without_overflow_and_the_queue_is_served_oldest_first_as_capacity_frees()
    {
        var api = await App.ApiClientAsync();
        await EveryoneOfflineAsync(api);
        var anna = await AgentAsync(api, Profile("returns", "pl", "email", 2));
        var boris = await AgentAsync(api, Profile("returns", "pl", "email", 3));

        var numbers = (await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => CreateAsync(api, "returns", "pl")))).Order().ToList();
        var all = await WaitForAsync(api, numbers, cs => cs.Count(c => Assignee(c) is not null) == 5 && cs.Where(c => Assignee(c) is null).All(c => Reason(c) is not null));

        Assert.Equal(2, all.Count(c => Assignee(c) == anna));
        Assert.Equal(3, all.Count(c => Assignee(c) == boris));
        Assert.All(all.Where(c => Assignee(c) is not null), c => Assert.Equal("skill returns/pl", Reason(c)));
        Assert.All(all.Where(c => Assignee(c) is null), c => Assert.Equal("waiting: everyone is full", Reason(c)));
        // Anna resolves one: the oldest waiting conversation goes to her, and only that one.
        var annasFirst = all.First(c => Assignee(c) == anna)["number"]!.GetValue<long>();
        var oldestWaiting = all.Where(c => Assignee(c) is null).OrderBy(c => c["createdAt"]!.GetValue<DateTime>()).ThenBy(c => c["number"]!.GetValue<long>()).First()["number"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{annasFirst}", new { status = "resolved" })).Status);
        var after = await WaitForAsync(api, [oldestWaiting], cs => Assignee(cs[0]) == anna);
        Assert.Equal(anna, Assignee(after[0]));
        var open = await WaitForAsync(api, numbers, _ => true);
        Assert.Equal(2, open.Count(c => Assignee(c) == anna && c["status"]!.GetValue<string>() != "resolved"));
        Assert.Equal(3, open.Count(c => Assignee(c) == boris));

        var workload = (await Api.ReadAsync(await api.GetAsync("/api/v1/workload", Ct)))!;
        var annaLoad = workload["agents"]!.AsArray().Single(a => a!["email"]!.GetValue<string>() == anna)!;
        Assert.Equal(2, annaLoad["load"]!.AsArray().Single(l => l!["channel"]!.GetValue<string>() == "email")!["open"]!.GetValue<int>());
        Assert.True(workload["waiting"]!.GetValue<int>() >= 6);
    }

    [Fact]
    public async Task A_known_customer_goes_to_their_account_manager_and_when_the_group_is_away_to_the_person_on_duty()
    {
        var api = await App.ApiClientAsync();
        await EveryoneOfflineAsync(api);
        var manager = await AgentAsync(api, Profile("product_question", "ru", "email", 5, teams: ["account-management"]));
        await AgentAsync(api, Profile("product_question", "ru", "email", 5));
        var customer = NewEmail();
        var (made, _) = await SendAsync(api, HttpMethod.Post, "/api/v1/customers", new { emails = new[] { customer }, name = "Ivan Sergeevich", language = "ru", accountManager = manager });
        Assert.Equal(HttpStatusCode.Created, made);

        var known = await CreateAsync(api, "product_question", "ru", email: customer);
        var c = (await WaitForAsync(api, [known], cs => Assignee(cs[0]) is not null))[0];
        Assert.Equal(manager, Assignee(c));
        Assert.Equal("account manager", Reason(c));

        // Lunch: the skill group is offline; the roster's on-duty person (without the skill) covers.
        await EveryoneOfflineAsync(api);
        // Generous capacity: whatever earlier tests left waiting goes to the person on duty too.
        var duty = await AgentAsync(api, Profile("other", "en", "email", 500));
        var now = App.Clock.GetUtcNow();
        var (rostered, roster) = await SendAsync(api, HttpMethod.Put, "/api/v1/duty", new[] { new { agent = duty, from = now.AddMinutes(-5), to = now.AddHours(1) } });
        Assert.Equal(HttpStatusCode.OK, rostered);
        Assert.True(roster!.AsArray().Single()!["now"]!.GetValue<bool>());
        var atLunch = await CreateAsync(api, "product_question", "ru");
        c = (await WaitForAsync(api, [atLunch], cs => Assignee(cs[0]) is not null))[0];
        Assert.Equal(duty, Assignee(c));
        Assert.Equal("on duty", Reason(c));

        var (badRoster, problem) = await SendAsync(api, HttpMethod.Put, "/api/v1/duty", new[] { new { agent = NewEmail(), from = now, to = now.AddHours(-1) } });
        Assert.Equal(HttpStatusCode.BadRequest, badRoster);
        Assert.NotNull(problem!["errors"]!["[0].agent"]);
        Assert.NotNull(problem["errors"]!["[0].from"]);
        Assert.Single((await Api.ReadAsync(await api.GetAsync("/api/v1/duty", Ct)))!.AsArray());
    }

    [Fact]
    public async Task Going_offline_hands_chats_back_to_the_queue_and_keeps_emails()
    {
        var api = await App.ApiClientAsync();
        await EveryoneOfflineAsync(api);
        var profile = new
        {
            name = "Chat agent",
            skills = new { topics = new[] { "payment_status" }, languages = new[] { "en" }, channels = new[] { "chat", "email" } },
            capacity = new Dictionary<string, int> { ["chat"] = 3, ["email"] = 5 },
        };
        var agent = await AgentAsync(api, profile);
        var chat = await CreateAsync(api, "payment_status", "en", channel: "chat");
        var mail = await CreateAsync(api, "payment_status", "en", channel: "email");
        var both = await WaitForAsync(api, [chat, mail], cs => cs.All(c => Assignee(c) == agent));
        Assert.All(both, c => Assert.Equal(agent, Assignee(c)));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{agent}/presence", new { status = "offline" })).Status);
        var returned = await GetAsync(api, chat);
        Assert.Null(Assignee(returned));
        // Routing may already have looked at it again and written why it waits; the history keeps the hand-back.
        Assert.True(Reason(returned) == RoutingReasons.AgentOffline || Reason(returned)!.StartsWith("waiting: ", StringComparison.Ordinal), Reason(returned));
        Assert.Contains(returned["history"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "assignee" && h["from"]?.GetValue<string>() == agent && h["to"] is null);
        Assert.Equal(agent, Assignee(await GetAsync(api, mail)));

        // Back online: the chat comes back to them from the queue.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{agent}/presence", new { status = "online" })).Status);
        Assert.Equal(agent, Assignee((await WaitForAsync(api, [chat], cs => Assignee(cs[0]) is not null))[0]));
    }

    [Fact]
    public async Task A_reopened_conversation_stays_with_an_available_agent_and_goes_back_to_the_queue_otherwise()
    {
        var api = await App.ApiClientAsync();
        await EveryoneOfflineAsync(api);
        var agent = await AgentAsync(api, Profile("complaints", "pl", "email", 5));
        var email = NewEmail();
        var number = await CreateAsync(api, "complaints", "pl", email: email);
        await WaitForAsync(api, [number], cs => Assignee(cs[0]) == agent);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "resolved" })).Status);

        await CustomerWritesAsync(api, email, number, "Still broken");
        var kept = await GetAsync(api, number);
        Assert.Equal("open", kept["status"]!.GetValue<string>());
        Assert.Equal(agent, Assignee(kept));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "resolved" })).Status);
        var away = await SendAsync(api, HttpMethod.Put, $"/api/v1/agents/{agent}/presence", new { status = "away" });
        Assert.True(away.Status == HttpStatusCode.OK, away.Body?.ToJsonString());
        await CustomerWritesAsync(api, email, number, "Hello again?");
        var returned = (await WaitForAsync(api, [number], cs => Reason(cs[0])?.StartsWith("waiting: ", StringComparison.Ordinal) == true))[0];
        Assert.Null(Assignee(returned));
        Assert.Equal("waiting: nobody with these skills is available", Reason(returned));
        Assert.Contains(returned["history"]!.AsArray(), h => h!["actor"]!.GetValue<string>() == "system:routing" && h["to"] is null);

        // Resolved, nothing waits any more: the waiting reason goes with it.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "resolved" })).Status);
        Assert.Null(Reason(await GetAsync(api, number)));
    }

    [Fact]
    public async Task After_the_first_delivered_order_the_customer_passes_from_sales_to_an_account_manager()
    {
        var api = await App.ApiClientAsync();
        var sales = await AgentAsync(api, Profile("other", "pl", "email", 1, teams: ["sales"]), "offline");
        var keeper = await AgentAsync(api, Profile("other", "pl", "email", 1, teams: ["account-management"]), "offline");
        var email = NewEmail();
        var (made, customer) = await SendAsync(api, HttpMethod.Post, "/api/v1/customers", new { emails = new[] { email }, name = "Anna Nowak", language = "pl", accountManager = sales });
        Assert.Equal(HttpStatusCode.Created, made);
        var id = customer!["id"]!.GetValue<Guid>();

        var first = Api.NewNumber("H");
        await api.PutOrderAsync(first, Api.Order(email: email));
        foreach (var status in new[] { "accepted", "shipped", "delivered" })
        {
            var (recorded, _) = await api.PostEventAsync(first, status);
            Assert.True(recorded is HttpStatusCode.OK or HttpStatusCode.Created, $"{status}: {recorded}");
        }
        var after = (await Api.ReadAsync(await api.GetAsync($"/api/v1/customers/{id}", Ct)))!;
        Assert.Equal(keeper, after["accountManager"]!["email"]!.GetValue<string>());
        var handoff = after["history"]!.AsArray().Single(h => h!["kind"]!.GetValue<string>() == "accountManager" && h["to"]?.GetValue<string>() == keeper)!;
        Assert.Equal(sales, handoff["from"]!.GetValue<string>());
        Assert.Equal(keeper, handoff["to"]!.GetValue<string>());
        Assert.Contains("first delivered order", handoff["actor"]!.GetValue<string>(), StringComparison.Ordinal);

        // A second delivery changes nothing, even when the manager was changed by hand meanwhile.
        var second = Api.NewNumber("H");
        await api.PutOrderAsync(second, Api.Order(email: email));
        await api.PostEventAsync(second, "delivered");
        var later = (await Api.ReadAsync(await api.GetAsync($"/api/v1/customers/{id}", Ct)))!;
        Assert.Equal(keeper, later["accountManager"]!["email"]!.GetValue<string>());
        Assert.Single(later["history"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "accountManager" && h["to"]?.GetValue<string>() == keeper);
    }
}

public sealed class RoutingApiSqliteTests(SqliteApp app) : RoutingApiTests(app), IClassFixture<SqliteApp>;

public sealed class RoutingApiPostgresTests(PostgresApp app) : RoutingApiTests(app), IClassFixture<PostgresApp>;
