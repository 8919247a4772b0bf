using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Identity;
using Touchpoint.Features.Routing;
using Touchpoint.Tests.Infrastructure;
using static Touchpoint.Tests.Channels.Phone.PhoneTeam;

namespace Touchpoint.Tests.Channels.Phone;

/// <summary>
/// The call webhook end to end. Every test starts from a quiet team (everyone offline, nobody on duty), so whom the
/// ringing answer names depends only on the agents the test sets up.
/// </summary>
public abstract partial class PhoneApiTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task QuietTeamAsync(HttpClient owner) => PhoneTeam.QuietAsync(App, owner);

    private async Task<string> CustomerAsync(HttpClient api, string phone, string language, string? accountManager)
    {
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/customers", new
        {
            name = "Ivan Sergeevich", emails = new[] { $"c-{Guid.NewGuid():N}@example.com" }, phones = new[] { phone }, language, accountManager,
        });
        Assert.Equal(HttpStatusCode.Created, status);
        // The board picks changed customers up on its next refresh; tests do not wait for the timer.
        await App.Get<RoutingBoard>().RefreshAsync(Ct);
        return body!["id"]!.GetValue<string>();
    }

    private static Task<(HttpStatusCode Status, JsonNode? Body)> CallAsync(HttpClient api, object body) => SendAsync(api, HttpMethod.Post, "/api/v1/telephony/calls", body);

    [Fact]
    public async Task Ringing_names_the_account_manager_then_on_duty_then_the_phone_group()
    {
        var api = await App.ApiClientAsync();
        var owner = await App.SignedInAsync("ServiceOwner");
        await QuietTeamAsync(owner);
        var manager = await AgentAsync(owner, "manager", ["email"], new() { ["email"] = 5 }, "+48 22 100 10 01");
        var duty = await AgentAsync(owner, "duty", ["email"], new() { ["email"] = 5 }, "+48 22 100 10 02");
        var group = await AgentAsync(owner, "group", ["phone"], Phone1, "+48 22 100 10 03");
        await AgentAsync(owner, "nophone", ["phone"], Phone1, phone: null);
        var now = App.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(owner, HttpMethod.Put, "/api/v1/duty", new[] { new { agent = duty, from = now.AddMinutes(-1), to = now.AddHours(8) } })).Status);
        var caller = NewPhone();
        var customer = await CustomerAsync(api, caller, "ru", manager);

        var response = await api.PostAsJsonAsync("/api/v1/telephony/calls", new { callId = Guid.NewGuid().ToString("N"), @event = "ringing", from = caller, to = "+48221001000" }, Api.Json, Ct);
        var body = await Api.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var targets = body!["targets"]!.AsArray();
        Assert.Equal([manager, duty, group], targets.Select(t => t!["agent"]!.GetValue<string>()));
        Assert.Equal(["+48221001001", "+48221001002", "+48221001003"], targets.Select(t => t!["number"]!.GetValue<string>()));
        Assert.Equal(["account manager", "on duty", "phone group/ru"], targets.Select(t => t!["reason"]!.GetValue<string>()));
        Assert.All(targets, t => Assert.InRange(t!["timeoutSeconds"]!.GetValue<int>(), 1, 120));
        Assert.Equal("voicemail", body["fallback"]!.GetValue<string>());
        Assert.Equal(customer, body["customer"]!.GetValue<string>());
        Assert.Equal("ru", body["language"]!.GetValue<string>());
        Assert.Matches(@"^decision;dur=\d+(\.\d+)?$", response.Headers.GetValues("Server-Timing").Single());
    }

    [Fact]
    public async Task An_offline_account_manager_is_not_rung_and_nobody_available_means_voicemail()
    {
        var api = await App.ApiClientAsync();
        var owner = await App.SignedInAsync("ServiceOwner");
        await QuietTeamAsync(owner);
        var manager = await AgentAsync(owner, "away-manager", ["phone"], Phone1, "+48 22 100 20 01", online: false);
        var group = await AgentAsync(owner, "group", ["phone"], Phone1, "+48 22 100 20 02");
        var caller = NewPhone();
        await CustomerAsync(api, caller, "pl", manager);

        var (_, ring) = await CallAsync(api, new { callId = Guid.NewGuid().ToString("N"), @event = "ringing", from = caller });
        Assert.Equal([group], ring!["targets"]!.AsArray().Select(t => t!["agent"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(owner, HttpMethod.Put, $"/api/v1/agents/{group}/presence", new { status = "away" })).Status);
        var (_, empty) = await CallAsync(api, new { callId = Guid.NewGuid().ToString("N"), @event = "ringing", from = caller });
        Assert.Empty(empty!["targets"]!.AsArray());
        Assert.Equal("voicemail", empty["fallback"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answered_and_ended_put_the_call_on_the_customers_phone_conversation_with_the_agent_once()
    {
        var api = await App.ApiClientAsync();
        var owner = await App.SignedInAsync("ServiceOwner");
        await QuietTeamAsync(owner);
        var agent = await AgentAsync(owner, "Marta", ["phone"], Phone1, "+48 22 100 30 01");
        var caller = NewPhone();
        await CustomerAsync(api, caller, "ru", accountManager: null);
        var callId = "CA" + Guid.NewGuid().ToString("N");
        var board = App.Get<RoutingBoard>();

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(api, new { callId, @event = "ringing", from = caller })).Status);
        var (answeredStatus, answered) = await CallAsync(api, new { callId, @event = "answered", from = caller, agent });
        Assert.Equal(HttpStatusCode.OK, answeredStatus);
        Assert.Equal("answered", answered!["state"]!.GetValue<string>());
        Assert.Equal(1, board.CallsInProgress(board.AgentByEmail(agent)!.UserId));
        // On a call: not rung for the next one.
        var (_, busy) = await CallAsync(api, new { callId = Guid.NewGuid().ToString("N"), @event = "ringing", from = NewPhone() });
        Assert.DoesNotContain(agent, busy!["targets"]!.AsArray().Select(t => t!["agent"]!.GetValue<string>()));
        Assert.Equal("queue", busy["fallback"]!.GetValue<string>());

        var ended = new { callId, @event = "ended", from = caller, agent, durationSeconds = 192, recordingUrl = "https://rec.example.com/calls/1.mp3" };
        var (endedStatus, first) = await CallAsync(api, ended);
        Assert.Equal(HttpStatusCode.OK, endedStatus);
        Assert.Equal("ended", first!["state"]!.GetValue<string>());
        Assert.True(first["changed"]!.GetValue<bool>());
        Assert.Equal(0, board.CallsInProgress(board.AgentByEmail(agent)!.UserId));
        var number = first["conversation"]!.GetValue<long>();

        var conversation = await api.GetFromJsonAsync<JsonNode>($"/api/v1/conversations/{number}", Api.Json, Ct);
        Assert.Equal("phone", conversation!["channel"]!.GetValue<string>());
        Assert.Equal(agent, conversation["assignee"]!["email"]!.GetValue<string>());
        Assert.Equal("answered the call", conversation["assignmentReason"]!.GetValue<string>());
        var text = conversation["messages"]!.AsArray().Single()!["text"]!.GetValue<string>();
        Assert.Contains("3 мин 12 с", text, StringComparison.Ordinal);
        Assert.Contains("Marta", text, StringComparison.Ordinal);
        Assert.Contains("https://rec.example.com/calls/1.mp3", text, StringComparison.Ordinal);

        var (_, again) = await CallAsync(api, ended);
        Assert.False(again!["changed"]!.GetValue<bool>());
        Assert.Equal(number, again["conversation"]!.GetValue<long>());
        conversation = await api.GetFromJsonAsync<JsonNode>($"/api/v1/conversations/{number}", Api.Json, Ct);
        Assert.Single(conversation!["messages"]!.AsArray());

        // The next call of the same customer joins the open phone conversation.
        var second = "CA" + Guid.NewGuid().ToString("N");
        await CallAsync(api, new { callId = second, @event = "answered", from = caller, agent });
        var (_, secondEnd) = await CallAsync(api, new { callId = second, @event = "ended", from = caller, agent, durationSeconds = 30 });
        Assert.Equal(number, secondEnd!["conversation"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_unknown_caller_is_answered_in_the_language_of_their_number_by_its_speakers_first()
    {
        var api = await App.ApiClientAsync();
        var owner = await App.SignedInAsync("ServiceOwner");
        await QuietTeamAsync(owner);
        var polish = await AgentAsync(owner, "polish", ["phone"], Phone1, "+48 22 100 60 01", languages: ["pl"]);
        var english = await AgentAsync(owner, "english", ["phone"], Phone1, "+48 22 100 60 02", languages: ["en"]);
        var russian = await AgentAsync(owner, "russian", ["phone"], Phone1, "+48 22 100 60 03", languages: ["ru", "en"]);

        var (status, ring) = await CallAsync(api, new { callId = Guid.NewGuid().ToString("N"), @event = "ringing", from = NewPhone() });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(ring!["customer"]);
        Assert.Equal("pl", ring["language"]!.GetValue<string>());
        var targets = ring["targets"]!.AsArray().Select(t => (Agent: t!["agent"]!.GetValue<string>(), Reason: t["reason"]!.GetValue<string>())).ToList();
        // A guess is not the customer's word: the others still ring after the speakers, so the phone is answered.
        Assert.Equal((polish, "phone group/pl"), targets[0]);
        Assert.Equal(new[] { english, russian }.Order(StringComparer.Ordinal), targets.Skip(1).Select(t => t.Agent).Order(StringComparer.Ordinal));
        Assert.All(targets.Skip(1), t => Assert.Equal("phone group", t.Reason));

        var (_, fromRussia) = await CallAsync(api, new { callId = Guid.NewGuid().ToString("N"), @event = "ringing", from = "+7912" + Random.Shared.Next(1_000_000, 9_999_999) });
        Assert.Equal("ru", fromRussia!["language"]!.GetValue<string>());
        Assert.Equal((russian, "phone group/ru"), (fromRussia["targets"]![0]!["agent"]!.GetValue<string>(), fromRussia["targets"]![0]!["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_answered_call_lands_already_with_its_agent_and_a_conversation_someone_has_stays_theirs()
    {
        var api = await App.ApiClientAsync();
        var owner = await App.SignedInAsync("ServiceOwner");
        await QuietTeamAsync(owner);
        var agent = await AgentAsync(owner, "Ola", ["phone"], Phone1, "+48 22 100 70 01");
        var colleague = await AgentAsync(owner, "Kasia", ["phone"], Phone1, "+48 22 100 70 02");
        var caller = NewPhone();
        var board = App.Get<RoutingBoard>();
        var changes = new List<ConversationChange>();
        void Record(ConversationChange change)
        {
            lock (changes)
            {
                changes.Add(change);
            }
        }
        var feed = App.Get<ConversationFeed>();
        feed.Changed += Record;
        try
        {
            var first = "CA" + Guid.NewGuid().ToString("N");
            await CallAsync(api, new { callId = first, @event = "answered", from = caller, agent });
            var (_, ended) = await CallAsync(api, new { callId = first, @event = "ended", from = caller, agent, durationSeconds = 61 });
            var number = ended!["conversation"]!.GetValue<long>();

            // Created with its assignee in one save: routing never saw it waiting, so it could not give it to anyone else.
            ConversationChange created;
            lock (changes)
            {
                created = changes.Single(c => c.Number == number && c.Kind == "created");
            }
            Assert.Equal(board.AgentByEmail(agent)!.UserId, created.AssigneeId);
            var conversation = await api.GetFromJsonAsync<JsonNode>($"/api/v1/conversations/{number}", Api.Json, Ct);
            Assert.Equal(agent, conversation!["assignee"]!["email"]!.GetValue<string>());
            Assert.Equal("answered the call", conversation["assignmentReason"]!.GetValue<string>());

            // Handed to a colleague by hand; the next call the first agent answers joins the conversation and leaves it with her.
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(owner, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { assignee = colleague })).Status);
            var second = "CA" + Guid.NewGuid().ToString("N");
            await CallAsync(api, new { callId = second, @event = "answered", from = caller, agent });
            var (_, again) = await CallAsync(api, new { callId = second, @event = "ended", from = caller, agent, durationSeconds = 30 });
            Assert.Equal(number, again!["conversation"]!.GetValue<long>());
            conversation = await api.GetFromJsonAsync<JsonNode>($"/api/v1/conversations/{number}", Api.Json, Ct);
            Assert.Equal(colleague, conversation!["assignee"]!["email"]!.GetValue<string>());
            Assert.Equal("by hand", conversation["assignmentReason"]!.GetValue<string>());
            Assert.Equal(2, conversation["messages"]!.AsArray().Count);
        }
        finally
        {
            feed.Changed -= Record;
        }
    }

    [Fact]
    public async Task A_missed_call_from_an_unknown_number_becomes_a_callback_task_that_routing_assigns()
    {
        var api = await App.ApiClientAsync();
        var owner = await App.SignedInAsync("ServiceOwner");
        await QuietTeamAsync(owner);
        var agent = await AgentAsync(owner, "callbacks", ["callback"], new() { ["callback"] = 5 }, "+48 22 100 40 01");
        var caller = NewPhone();
        var callId = Guid.NewGuid().ToString("N");

        await CallAsync(api, new { callId, @event = "ringing", from = caller });
        var missed = new { callId, @event = "missed", from = caller, voicemailUrl = "https://rec.example.com/vm/7.mp3" };
        var (status, first) = await CallAsync(api, missed);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("missed", first!["state"]!.GetValue<string>());
        var number = first["conversation"]!.GetValue<long>();
        var conversation = await api.GetFromJsonAsync<JsonNode>($"/api/v1/conversations/{number}", Api.Json, Ct);
        Assert.Equal("callback", conversation!["channel"]!.GetValue<string>());
        Assert.Contains("Oddzwonić", conversation["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(caller, conversation["customer"]!["phone"]!.GetValue<string>());
        Assert.Contains("https://rec.example.com/vm/7.mp3", conversation["messages"]!.AsArray().Single()!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var (_, again) = await CallAsync(api, missed);
        Assert.False(again!["changed"]!.GetValue<bool>());
        Assert.Equal(number, again["conversation"]!.GetValue<long>());

        string? assignee = null;
        for (var i = 0; i < 50 && assignee is null; i++)
        {
            var c = await api.GetFromJsonAsync<JsonNode>($"/api/v1/conversations/{number}", Api.Json, Ct);
            assignee = c!["assignee"]?["email"]?.GetValue<string>();
            if (assignee is null)
            {
                await Task.Delay(200, Ct);
            }
        }
        Assert.Equal(agent, assignee);

        // A second missed call while the task is open joins it: one customer, one callback.
        var (_, secondMiss) = await CallAsync(api, new { callId = Guid.NewGuid().ToString("N"), @event = "ended", from = caller });
        Assert.Equal("missed", secondMiss!["state"]!.GetValue<string>());
        Assert.Equal(number, secondMiss["conversation"]!.GetValue<long>());

        // The caller has no email: a reply over the API is the answer given by phone — kept, counted, never mailed.
        var reply = await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Called back: the parcel leaves today." }, Api.Json, Ct);
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync(Ct));
        var answered = await api.GetFromJsonAsync<JsonNode>($"/api/v1/conversations/{number}", Api.Json, Ct);
        Assert.Contains(answered!["messages"]!.AsArray(), m => m!["type"]!.GetValue<string>() == "reply");
        var firstResponse = answered["sla"]!["targets"]!.AsArray().Single(t => t!["target"]!.GetValue<string>() == "first_response")!;
        Assert.Equal("achieved", firstResponse["state"]!.GetValue<string>());
        var mailed = await App.InScopeAsync<Touchpoint.Platform.Persistence.TouchpointDb, int>(db =>
            db.Set<Touchpoint.Platform.Outbox.OutboxMessage>().CountAsync(m => m.Channel == "email" && m.Recipient.Contains(".invalid"), Ct));
        Assert.Equal(0, mailed);
    }

    [Fact]
    public async Task Bad_input_is_a_validation_problem_and_a_missing_key_is_401()
    {
        var api = await App.ApiClientAsync();
        var (status, problem) = await CallAsync(api, new { callId = "", @event = "rang", from = "not a number", recordingUrl = "ftp://x/y", at = "yesterday", durationSeconds = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem!["errors"]!.AsObject();
        foreach (var field in new[] { "callId", "event", "from", "recordingUrl", "at", "durationSeconds" })
        {
            Assert.True(errors.ContainsKey(field), $"{field} missing in {problem.ToJsonString()}");
        }
        var (answeredStatus, answered) = await CallAsync(api, new { callId = "x1", @event = "answered", from = NewPhone(), agent = "nobody@shop.test" });
        Assert.Equal(HttpStatusCode.BadRequest, answeredStatus);
        Assert.True(answered!["errors"]!.AsObject().ContainsKey("agent"));

        // Ringing is answered whatever the number looks like (an impossible or withheld one rings the team).
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(api, new { callId = "odd-1", @event = "ringing", from = "+7912345678" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(api, new { callId = "odd-2", @event = "ringing", from = "anonymous" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await CallAsync(api, new { callId = "odd-1", @event = "missed", from = "+7912345678" })).Status);

        var anonymous = App.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/telephony/calls", new { callId = "x", @event = "ringing", from = NewPhone() }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        response = await anonymous.PostAsJsonAsync("/api/v1/callbacks", new { phone = NewPhone() }, Api.Json, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_callback_api_creates_one_task_per_external_id()
    {
        var api = await App.ApiClientAsync();
        var phone = NewPhone();
        var externalId = Guid.NewGuid().ToString("N");
        var request = new { name = "Anna Nowak", phone, email = $"c-{Guid.NewGuid():N}@example.com", language = "pl", topic = "returns", note = "After 17:00 please.", externalId };

        var (status, created) = await SendAsync(api, HttpMethod.Post, "/api/v1/callbacks", request);
        var (againStatus, again) = await SendAsync(api, HttpMethod.Post, "/api/v1/callbacks", request);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(HttpStatusCode.OK, againStatus);
        var number = created!["number"]!.GetValue<long>();
        Assert.Equal(number, again!["number"]!.GetValue<long>());
        var conversation = await api.GetFromJsonAsync<JsonNode>($"/api/v1/conversations/{number}", Api.Json, Ct);
        Assert.Equal("callback", conversation!["channel"]!.GetValue<string>());
        Assert.Equal("returns", conversation["topic"]!.GetValue<string>());
        Assert.Equal(request.email, conversation["customer"]!["email"]!.GetValue<string>());
        var text = conversation["messages"]!.AsArray().Single()!["text"]!.GetValue<string>();
        Assert.Contains("After 17:00 please.", text, StringComparison.Ordinal);
        Assert.Contains("Klient prosi o telefon", text, StringComparison.Ordinal);

        var (badStatus, bad) = await SendAsync(api, HttpMethod.Post, "/api/v1/callbacks", new { phone = "12", topic = "nope", language = "de" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.True(bad!["errors"]!.AsObject().ContainsKey("phone"));
        Assert.True(bad["errors"]!.AsObject().ContainsKey("topic"));
        Assert.True(bad["errors"]!.AsObject().ContainsKey("language"));
    }
}

public sealed class PhoneApiSqliteTests(SqliteApp app) : PhoneApiTests(app), IClassFixture<SqliteApp>;

public sealed class PhoneApiPostgresTests(PostgresApp app) : PhoneApiTests(app), IClassFixture<PostgresApp>;
