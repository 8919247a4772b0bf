using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Identity;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Conversations;

public abstract class ConversationsApiTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewEmail() => $"c-{Guid.NewGuid():N}@example.com";

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient api, HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static Task<(HttpStatusCode Status, JsonNode? Body)> CreateAsync(HttpClient api, string email, string body = "Where is my parcel?", object? extra = null)
    {
        var payload = new JsonObject
        {
            ["customer"] = new JsonObject { ["email"] = email, ["name"] = "Olga Petrova", ["language"] = "ru" },
            ["subject"] = "Delivery question",
            ["body"] = body,
            ["topic"] = "order_fulfilment",
        };
        foreach (var (k, v) in System.Text.Json.JsonSerializer.SerializeToNode(extra ?? new { }, Api.Json)!.AsObject())
        {
            payload[k] = v?.DeepClone();
        }
        return SendAsync(api, HttpMethod.Post, "/api/v1/conversations", payload);
    }

    [Fact]
    public async Task Create_gives_a_number_links_the_customers_order_and_acknowledges_in_their_language()
    {
        var api = await App.ApiClientAsync();
        var email = NewEmail();
        var order = Api.NewNumber("A");
        await api.PutOrderAsync(order, Api.Order(email: email));
        var stranger = Api.NewNumber("S");
        await api.PutOrderAsync(stranger, Api.Order(email: NewEmail()));

        var (status, created) = await CreateAsync(api, email, $"Order {order} has not arrived. Also {stranger}?");
        Assert.Equal(HttpStatusCode.Created, status);
        var number = created!["number"]!.GetValue<long>();
        Assert.True(number >= ConversationDesk.FirstNumber);

        var c = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;
        Assert.Equal("new", c["status"]!.GetValue<string>());
        Assert.Equal("api", c["channel"]!.GetValue<string>());
        Assert.Equal("order_fulfilment", c["topic"]!.GetValue<string>());
        Assert.Equal(email, c["customer"]!["email"]!.GetValue<string>());
        // Only the customer's own order is linked; a stranger's number in the text links nothing.
        Assert.Equal([order], c["orders"]!.AsArray().Select(o => o!["number"]!.GetValue<string>()));
        var message = c["messages"]![0]!;
        Assert.Equal("inbound", message["type"]!.GetValue<string>());
        Assert.Equal("in", message["direction"]!.GetValue<string>());
        Assert.Equal("created", c["history"]![0]!["kind"]!.GetValue<string>());

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var conversationId = await db.Set<Conversation>().Where(x => x.Number == number).Select(x => x.Id).SingleAsync(Ct);
        var ack = await db.Set<OutboxMessage>().SingleAsync(m => m.SubjectId == conversationId && m.Kind == "conversation.received", Ct);
        Assert.Contains($"#{number}", ack.Title, StringComparison.Ordinal);
        // The customer is known from their order, placed in Polish: their language wins over the request's.
        Assert.Contains("Otrzymaliśmy", ack.Title, StringComparison.Ordinal);
        Assert.Equal("pl", ack.Language);
        Assert.Contains(email, ack.Recipient, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_external_id_twice_answers_the_same_number()
    {
        var api = await App.ApiClientAsync();
        var email = NewEmail();
        var key = Guid.NewGuid().ToString();
        var first = await CreateAsync(api, email, extra: new { externalId = key });
        var second = await CreateAsync(api, email, extra: new { externalId = key });
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Body!["number"]!.GetValue<long>(), second.Body!["number"]!.GetValue<long>());
        var list = await api.GetFromJsonAsync<ConversationPage>($"/api/v1/conversations?customer={email}", Ct);
        Assert.Single(list!.Items);
    }

    [Fact]
    public async Task Concurrent_duplicates_land_once()
    {
        var api = await App.ApiClientAsync();
        var email = NewEmail();
        var key = Guid.NewGuid().ToString();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CreateAsync(api, email, extra: new { externalId = key })));
        Assert.All(results, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.OK, r.Body?.ToJsonString()));
        Assert.Single(results.Select(r => r.Body!["number"]!.GetValue<long>()).Distinct());
        var list = await api.GetFromJsonAsync<ConversationPage>($"/api/v1/conversations?customer={email}", Ct);
        Assert.Single(list!.Items);
    }

    [Theory]
    [InlineData("Zwrot został zlecony.", true)]
    [InlineData("Пришлите, пожалуйста, фото упаковки.", false)]
    [InlineData("Could you tell us the order number?", false)]
    public async Task Pending_after_a_reply_that_asks_nothing_is_recorded_as_clock_gaming(string reply, bool flagged)
    {
        var api = await App.ApiClientAsync();
        var (_, created) = await CreateAsync(api, NewEmail());
        var number = created!["number"]!.GetValue<long>();
        var (replyStatus, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "reply", body = reply });
        Assert.Equal(HttpStatusCode.Created, replyStatus);
        // A note after the reply changes nothing: the reply is still the last thing the customer got.
        await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "note", body = "Waiting." });
        var (patchStatus, patched) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "pending" });
        Assert.Equal(HttpStatusCode.OK, patchStatus);
        Assert.Equal("pending", patched!["status"]!.GetValue<string>());

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var count = await db.Set<ConversationFact>().CountAsync(f => f.Number == number && f.Kind == FactKinds.PendingAsksNothing, Ct);
        Assert.Equal(flagged ? 1 : 0, count);
    }

    [Fact]
    public async Task Pending_without_any_staff_reply_is_not_clock_gaming()
    {
        var api = await App.ApiClientAsync();
        var (_, created) = await CreateAsync(api, NewEmail());
        var number = created!["number"]!.GetValue<long>();
        var (patchStatus, _) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "pending" });
        Assert.Equal(HttpStatusCode.OK, patchStatus);

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        Assert.Equal(0, await db.Set<ConversationFact>().CountAsync(f => f.Number == number && f.Kind == FactKinds.PendingAsksNothing, Ct));
        Assert.Equal(1, await db.Set<ConversationFact>().CountAsync(f => f.Number == number && f.Kind == FactKinds.StatusChanged && f.ToStatus == ConversationStatus.Pending, Ct));
    }

    [Fact]
    public async Task Reply_note_status_and_assignment_are_recorded_as_facts_and_history()
    {
        var api = await App.ApiClientAsync();
        var agentEmail = $"agent-{Guid.NewGuid():N}@shop.test";
        await App.InScopeAsync<UserAdmin, object?>(async u => (await u.CreateAsync(new CreateUserRequest(agentEmail, "Secret-2026", "Agent", "Ewa Agent", "pl"), Ct)).User);
        var (_, created) = await CreateAsync(api, NewEmail());
        var number = created!["number"]!.GetValue<long>();

        App.Clock.Advance(TimeSpan.FromMinutes(20));
        var (noteStatus, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "note", body = "Checked the warehouse." });
        Assert.Equal(HttpStatusCode.Created, noteStatus);
        var (replyStatus, reply) = await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "reply", body = "It ships today." });
        Assert.Equal(HttpStatusCode.Created, replyStatus);
        Assert.Equal("out", reply!["direction"]!.GetValue<string>());
        Assert.NotNull(reply["messageId"]);

        var (patchStatus, patched) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}",
            new { assignee = agentEmail, priority = "high", topic = "returns", status = "resolved" });
        Assert.Equal(HttpStatusCode.OK, patchStatus);
        Assert.Equal(agentEmail, patched!["assignee"]!["email"]!.GetValue<string>());
        Assert.Equal("resolved", patched["status"]!.GetValue<string>());
        Assert.Equal("high", patched["priority"]!.GetValue<string>());
        Assert.Equal(3, patched["messages"]!.AsArray().Count);
        var kinds = patched["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("assignee", kinds);
        Assert.Contains("topic", kinds);

        var mine = await api.GetFromJsonAsync<ConversationPage>($"/api/v1/conversations?assignee={agentEmail}&status=resolved", Ct);
        Assert.Equal([number], mine!.Items.Select(i => i.Number));

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var facts = await db.Set<ConversationFact>().Where(f => f.Number == number).OrderBy(f => f.At).ThenBy(f => f.Id).ToListAsync(Ct);
        var firstReply = Assert.Single(facts, f => f.Kind == FactKinds.FirstReply);
        Assert.Equal(20 * 60, firstReply.Seconds);
        Assert.Single(facts, f => f.Kind == FactKinds.Resolved);
        Assert.Contains(facts, f => f.Kind == FactKinds.Created);
        // The reply goes to the customer through the outbox; the note does not.
        var conversationId = facts[0].ConversationId;
        var mails = await db.Set<OutboxMessage>().Where(m => m.SubjectId == conversationId && m.Channel == "email").Select(m => m.Kind).ToListAsync(Ct);
        Assert.Equal(["conversation.received", "conversation.reply"], mails.Order());

        // Opened again after it was resolved: a reopened fact is recorded.
        var (reopenStatus, _) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "open" });
        Assert.Equal(HttpStatusCode.OK, reopenStatus);
        Assert.Single(await db.Set<ConversationFact>().Where(f => f.Number == number && f.Kind == FactKinds.Reopened).ToListAsync(Ct));
    }

    [Fact]
    public async Task Closed_is_final()
    {
        var api = await App.ApiClientAsync();
        var (_, created) = await CreateAsync(api, NewEmail());
        var number = created!["number"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "closed" })).Status);
        var (status, problem) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "open" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal($"Conversation #{number} is closed; its status cannot change.", problem!["detail"]!.GetValue<string>());
        var (replyStatus, replyProblem) = await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Hi" });
        Assert.Equal(HttpStatusCode.Conflict, replyStatus);
        Assert.Equal($"Conversation #{number} is closed; nothing can be added to it.", replyProblem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_and_changes_nothing()
    {
        var api = await App.ApiClientAsync();
        var (status, problem) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations",
            new { customer = new { email = "not-an-email", language = "de" }, channel = "fax", priority = "asap", topic = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("customer.email", errors);
        Assert.Contains("customer.language", errors);
        Assert.Contains("channel", errors);
        Assert.Contains("priority", errors);
        Assert.Contains("topic", errors);
        Assert.Contains("body", errors);

        var (_, created) = await CreateAsync(api, NewEmail());
        var number = created!["number"]!.GetValue<long>();
        var (patchStatus, patchProblem) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "done", assignee = "nobody@x.test", color = "red" });
        Assert.Equal(HttpStatusCode.BadRequest, patchStatus);
        Assert.Equal(["assignee", "color", "status"], patchProblem!["errors"]!.AsObject().Select(e => e.Key).Order());
        var (typeStatus, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "shout", body = "" });
        Assert.Equal(HttpStatusCode.BadRequest, typeStatus);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/conversations/999999999", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/conversations?status=lost&channel=fax", Ct)).StatusCode);
        var unchanged = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;
        Assert.Equal("new", unchanged["status"]!.GetValue<string>());
        Assert.Single(unchanged["messages"]!.AsArray());

        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/conversations", Ct)).StatusCode);
    }

    [Fact]
    public async Task Html_from_outside_is_sanitized()
    {
        var api = await App.ApiClientAsync();
        var (_, created) = await CreateAsync(api, NewEmail(), extra: new { body = (string?)null, html = "<p onclick=\"x()\">Hello <b>there</b></p><script>alert(1)</script><img src=x onerror=alert(2)>" });
        var number = created!["number"]!.GetValue<long>();
        var c = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;
        var html = c["messages"]![0]!["html"]!.GetValue<string>();
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<b>there</b>", html, StringComparison.Ordinal);
        Assert.Equal("Hello there", c["messages"]![0]!["text"]!.GetValue<string>());
    }
}

public sealed class ConversationsApiSqliteTests(SqliteApp app) : ConversationsApiTests(app), IClassFixture<SqliteApp>;

public sealed class ConversationsApiPostgresTests(PostgresApp app) : ConversationsApiTests(app), IClassFixture<PostgresApp>;
