using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Quality;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Quality;

/// <summary>Mystery-shopper audit plans, their monthly schedule, tasks and audits with photos through the real API, on SQLite and PostgreSQL.</summary>
public abstract class QualityAuditTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] PngHead = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient api, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> UploadAsync(HttpClient client, string audit, byte[] bytes, string name, string type = "image/png")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(file, "file", name);
        var response = await client.PostAsync($"/api/v1/quality/audits/{audit}/evidence", form, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static byte[] Png(int size = 64) => [.. PngHead, .. Enumerable.Range(0, size).Select(i => (byte)i)];

    private static string Key() => $"plan-{Guid.NewGuid():N}"[..20];

    private static object Text(string en) => new { en, ru = en + " (ru)", pl = en + " (pl)" };

    private static object Plan(string[] auditors, string[] employees, int perMonth = 2, string per = "employee", string touchpoint = "sales") => new
    {
        touchpoint, scorecard = "sales", name = Text("Sales mystery calls"),
        scenarios = new object[]
        {
            new { key = "returns", channel = "phone", text = Text("Ask whether shoes bought 10 days ago can be returned") },
            new { key = "sizes", channel = "chat", text = Text("Ask which size to take for wide feet") },
        },
        quota = new { perMonth, per }, auditors, employees,
    };

    private static void AssertField(HttpStatusCode status, JsonNode? problem, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem!["errors"]![field] is not null, $"{field} not in {problem.ToJsonString()}");
    }

    [Fact]
    public async Task A_plan_is_validated_read_back_and_only_owners_define_it()
    {
        var api = await App.ApiClientAsync();
        var (auditorClient, auditor, _) = await App.SignedInUserAsync("Auditor");
        var (agentClient, agent, _) = await App.SignedInUserAsync("Agent");
        var key = Key();
        var (created, body) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/audit-plans/{key}", Plan([auditor], [agent, "sales"]));
        Assert.True(created == HttpStatusCode.Created, body?.ToJsonString());
        var (read, got) = await SendAsync(auditorClient, HttpMethod.Get, $"/api/v1/quality/audit-plans/{key}");
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal("sales", got!["touchpoint"]!.GetValue<string>());
        Assert.Equal(2, got["quota"]!["perMonth"]!.GetValue<int>());
        Assert.Equal("employee", got["quota"]!["per"]!.GetValue<string>());
        Assert.Equal(["returns", "sizes"], got["scenarios"]!.AsArray().Select(s => s!["key"]!.GetValue<string>()));
        Assert.Equal("Ask which size to take for wide feet (pl)", got["scenarios"]![1]!["text"]!["pl"]!.GetValue<string>());
        Assert.Equal([agent, "sales"], got["employees"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/audit-plans/{key}", Plan([auditor], [agent], perMonth: 3))).Status);
        var (_, list) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/audit-plans?pageSize=500");
        Assert.Equal(3, list!["items"]!.AsArray().Single(p => p!["key"]!.GetValue<string>() == key)!["quota"]!["perMonth"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, "/api/v1/quality/audit-plans/none-such")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, "/api/v1/quality/audit-plans?pageSize=0")).Status);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditorClient, HttpMethod.Put, $"/api/v1/quality/audit-plans/{key}", Plan([auditor], [agent]))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Put, $"/api/v1/quality/audit-plans/{key}", Plan([auditor], [agent]))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Get, $"/api/v1/quality/audit-plans/{key}")).Status);

        async Task ExpectAsync(object bad, string field, string? at = null)
        {
            var (status, problem) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/audit-plans/{at ?? key}", bad);
            AssertField(status, problem, field);
        }

        JsonObject Good() => System.Text.Json.JsonSerializer.SerializeToNode(Plan([auditor], [agent]), Api.Json)!.AsObject();
        JsonObject With(Action<JsonObject> change)
        {
            var node = Good();
            change(node);
            return node;
        }

        await ExpectAsync(Good(), "key", at: "Bad Key");
        await ExpectAsync(With(n => n["touchpoint"] = "kiosk"), "touchpoint");
        await ExpectAsync(With(n => n["scorecard"] = "no-such-card"), "scorecard");
        await ExpectAsync(With(n => n["name"]!.AsObject().Remove("pl")), "name.pl");
        await ExpectAsync(With(n => n["scenarios"]![0]!["channel"] = "fax"), "scenarios[0].channel");
        await ExpectAsync(With(n => n["scenarios"]![1]!["key"] = "returns"), "scenarios[1].key");
        await ExpectAsync(With(n => n["scenarios"]![0]!["text"]!["ru"] = ""), "scenarios[0].text.ru");
        await ExpectAsync(With(n => n["scenarios"] = new JsonArray()), "scenarios");
        await ExpectAsync(With(n => n["quota"]!["perMonth"] = 0), "quota.perMonth");
        await ExpectAsync(With(n => n["quota"]!["per"] = "team"), "quota.per");
        await ExpectAsync(With(n => n.Remove("quota")), "quota");
        await ExpectAsync(With(n => n["auditors"] = new JsonArray(agent)), "auditors[0]");
        await ExpectAsync(With(n => n["auditors"] = new JsonArray()), "auditors");
        await ExpectAsync(With(n => n["employees"] = new JsonArray("nobody@example.com")), "employees[0]");
        await ExpectAsync(With(n => n["employees"] = new JsonArray(agent, agent.ToUpperInvariant())), "employees[1]");
        await ExpectAsync(With(n => n["employees"] = new JsonArray()), "employees");
        await ExpectAsync(With(n => n["mood"] = "happy"), "mood");
    }

    [Fact]
    public async Task A_month_is_scheduled_once_per_employee_round_robin_and_auditors_see_their_own()
    {
        var api = await App.ApiClientAsync();
        var (firstClient, first, _) = await App.SignedInUserAsync("Auditor");
        var (_, second, _) = await App.SignedInUserAsync("Auditor");
        var (agentClient, ann, _) = await App.SignedInUserAsync("Agent");
        var (_, bob, _) = await App.SignedInUserAsync("Agent");
        var key = Key();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/audit-plans/{key}", Plan([first, second], [ann, bob], perMonth: 3))).Status);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(firstClient, HttpMethod.Post, $"/api/v1/quality/audit-plans/{key}/schedule?month=2030-03")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Post, $"/api/v1/quality/audit-plans/{key}/schedule?month=2030-03")).Status);
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/audit-plans/{key}/schedule?month=March")).Body, "month");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Post, "/api/v1/quality/audit-plans/none-such/schedule?month=2030-03")).Status);

        var (status, scheduled) = await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/audit-plans/{key}/schedule?month=2030-03");
        Assert.True(status == HttpStatusCode.OK, scheduled?.ToJsonString());
        Assert.True(scheduled!["scheduledNow"]!.GetValue<bool>());
        Assert.Equal(6, scheduled["tasks"]!.GetValue<int>());
        Assert.Equal("2030-03", scheduled["month"]!.GetValue<string>());
        var (_, again) = await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/audit-plans/{key}/schedule?month=2030-03");
        Assert.False(again!["scheduledNow"]!.GetValue<bool>());
        Assert.Equal(6, again["tasks"]!.GetValue<int>());
        Assert.Equal(scheduled["seed"]!.GetValue<int>(), again["seed"]!.GetValue<int>());

        var (_, all) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/audit-tasks?month=2030-03&pageSize=500");
        var tasks = all!["items"]!.AsArray().Where(t => t!["plan"]!.GetValue<string>() == key).ToList();
        Assert.Equal(6, tasks.Count);
        Assert.Equal(3, tasks.Count(t => t!["employee"]!.GetValue<string>() == ann));
        Assert.Equal(3, tasks.Count(t => t!["employee"]!.GetValue<string>() == bob));
        Assert.Equal(3, tasks.Count(t => t!["auditor"]!.GetValue<string>() == first));
        Assert.All(tasks, t => Assert.Equal("due", t!["status"]!.GetValue<string>()));
        Assert.All(tasks, t => Assert.Equal(2030, t!["dueAt"]!.GetValue<DateTime>().Year));
        Assert.Contains(tasks, t => t!["scenario"]!.GetValue<string>() == "returns");
        Assert.Contains(tasks, t => t!["scenario"]!.GetValue<string>() == "sizes");

        var (_, mine) = await SendAsync(firstClient, HttpMethod.Get, "/api/v1/quality/audit-tasks?month=2030-03&pageSize=500");
        Assert.Equal(3, mine!["items"]!.AsArray().Count(t => t!["plan"]!.GetValue<string>() == key));
        Assert.All(mine["items"]!.AsArray(), t => Assert.Equal(first, t!["auditor"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(firstClient, HttpMethod.Get, $"/api/v1/quality/audit-tasks?auditor={second}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Get, "/api/v1/quality/audit-tasks")).Status);
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, "/api/v1/quality/audit-tasks?status=late")).Body, "status");
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, "/api/v1/quality/audit-tasks?month=2030")).Body, "month");

        // A past month: everything it scheduled is overdue.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/audit-plans/{key}/schedule?month=2020-01")).Status);
        var (_, overdue) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/audit-tasks?auditor={second}&status=overdue&month=2020-01");
        Assert.Equal(3, overdue!["items"]!.AsArray().Count(t => t!["plan"]!.GetValue<string>() == key));
        var (_, noneDue) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/audit-tasks?auditor={second}&status=due&month=2020-01");
        Assert.DoesNotContain(noneDue!["items"]!.AsArray(), t => t!["plan"]!.GetValue<string>() == key);
    }

    [Fact]
    public async Task An_audit_with_a_photo_is_submitted_as_reviews_and_its_agent_sees_it_only_then()
    {
        var api = await App.ApiClientAsync();
        var (auditorClient, auditor, _) = await App.SignedInUserAsync("Auditor");
        var (_, otherAuditor, _) = await App.SignedInUserAsync("Auditor");
        var otherAuditorClient = await App.SignInAsync(otherAuditor);
        var (agentClient, agent, _) = await App.SignedInUserAsync("Agent");
        var (otherAgentClient, otherAgent, _) = await App.SignedInUserAsync("Agent");
        var key = Key();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/audit-plans/{key}", Plan([auditor], [agent], perMonth: 1))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/audit-plans/{key}/schedule?month=2030-05")).Status);
        var (_, tasks) = await SendAsync(auditorClient, HttpMethod.Get, "/api/v1/quality/audit-tasks?month=2030-05");
        var task = tasks!["items"]!.AsArray().Single(t => t!["plan"]!.GetValue<string>() == key)!;
        var taskId = task["id"]!.GetValue<Guid>();

        // The shopper's call came in as a conversation the agent answered, and a test order went through two stages.
        var conversation = await HandledAsync(api, agent);
        var order = Api.NewNumber("AUD");
        Assert.Equal(HttpStatusCode.Created, (await api.PutOrderAsync(order)).Status);
        App.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.OK, (await api.PostEventAsync(order, "accepted")).Status);

        var at = App.Clock.GetUtcNow().AddHours(-1);
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/audits", new { task = Guid.NewGuid(), occurredAt = at })).Body, "task");
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/audits", new { plan = key, scenario = "nope", occurredAt = at })).Body, "scenario");
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/audits", new { task = taskId, occurredAt = at, recordingUrl = "ftp://calls.example.com/1.mp3" })).Body, "recordingUrl");
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/audits", new { task = taskId, occurredAt = at, recordingUrl = "javascript:alert(1)" })).Body, "recordingUrl");
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/audits", new { task = taskId, occurredAt = at, employees = new[] { auditor } })).Body, "employees[0]");
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/audits", new { task = taskId, occurredAt = at, conversation = 999_999_999L })).Body, "conversation");
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/audits", new { task = taskId })).Body, "occurredAt");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Post, "/api/v1/quality/audits", new { task = taskId, occurredAt = at })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(otherAuditorClient, HttpMethod.Post, "/api/v1/quality/audits", new { task = taskId, occurredAt = at })).Status);

        var (started, draft) = await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/audits", new { task = taskId, occurredAt = at, notes = "Polite, but no return rules." });
        Assert.True(started == HttpStatusCode.Created, draft?.ToJsonString());
        var id = draft!["id"]!.GetValue<string>();
        Assert.Equal("draft", draft["status"]!.GetValue<string>());
        Assert.Equal([agent], draft["employees"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(task["scenario"]!.GetValue<string>(), draft["scenario"]!.GetValue<string>());

        var (updated, changed) = await SendAsync(auditorClient, HttpMethod.Put, $"/api/v1/quality/audits/{id}", new
        {
            scenario = "returns", occurredAt = at, channel = "phone", employees = new[] { agent }, notes = "Polite, but no return rules.",
            recordingUrl = "https://calls.example.com/rec/1.mp3", conversation, order,
        });
        Assert.True(updated == HttpStatusCode.OK, changed?.ToJsonString());
        Assert.Equal("https://calls.example.com/rec/1.mp3", changed!["recordingUrl"]!.GetValue<string>());
        Assert.NotNull(changed["measured"]!["firstReplySeconds"]);
        Assert.NotNull(changed["measured"]!["resolutionSeconds"]);
        var placed = changed["measured"]!["stages"]!.AsArray().First()!;
        Assert.Equal("placed", placed["stage"]!.GetValue<string>());
        Assert.Equal(7200, placed["seconds"]!.GetValue<long>());
        Assert.Contains("customer_not_marked", changed["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Put, $"/api/v1/quality/audits/{id}", new { scenario = "returns", occurredAt = at, channel = "fax" })).Body, "channel");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(otherAuditorClient, HttpMethod.Put, $"/api/v1/quality/audits/{id}", new { scenario = "returns", occurredAt = at })).Status);

        // Photos: by their bytes, not their name; bounded in size.
        var photo = Png();
        var (uploaded, withPhoto) = await UploadAsync(auditorClient, id, photo, "parcel.png");
        Assert.True(uploaded == HttpStatusCode.Created, withPhoto?.ToJsonString());
        Assert.Single(withPhoto!["evidence"]!.AsArray());
        AssertField(HttpStatusCode.BadRequest, (await UploadAsync(auditorClient, id, "<html><script>alert(1)</script></html>"u8.ToArray(), "evil.png")).Body, "file");
        AssertField(HttpStatusCode.BadRequest, (await UploadAsync(auditorClient, id, [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 2], "anim.gif", "image/gif")).Body, "file");
        AssertField(HttpStatusCode.BadRequest, (await UploadAsync(auditorClient, id, Png(10 * 1024 * 1024), "huge.png")).Body, "file");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(auditorClient, id, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "box.jpg", "image/jpeg")).Status);
        var evidenceUrl = withPhoto["evidence"]![0]!["url"]!.GetValue<string>();
        var served = await auditorClient.GetAsync(evidenceUrl, Ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(photo, await served.Content.ReadAsByteArrayAsync(Ct));

        // Before it is submitted, the agent does not know it exists.
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(agentClient, HttpMethod.Get, $"/api/v1/quality/audits/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await agentClient.GetAsync(evidenceUrl, Ct)).StatusCode);
        Assert.Empty((await SendAsync(agentClient, HttpMethod.Get, "/api/v1/quality/audits")).Body!["items"]!.AsArray());

        var answers = await SalesAnswersAsync(api);
        var badAnswers = answers.ToList();
        var firstKey = ((JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(answers[0], Api.Json)!)["criterion"]!.GetValue<string>();
        badAnswers[0] = new { criterion = firstKey, value = 42 };
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Post, $"/api/v1/quality/audits/{id}/submit", new { answers = badAnswers })).Body, "answers[0].value");
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Post, $"/api/v1/quality/audits/{id}/submit", new { answers = answers[1..] })).Body, "answers");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Post, $"/api/v1/quality/audits/{id}/submit", new { answers })).Status);

        var (submitted, result) = await SendAsync(auditorClient, HttpMethod.Post, $"/api/v1/quality/audits/{id}/submit", new { answers, comment = "Return rules missing." });
        Assert.True(submitted == HttpStatusCode.OK, result?.ToJsonString());
        var reviewId = result!["reviews"]!.AsArray().Single()!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(auditorClient, HttpMethod.Post, $"/api/v1/quality/audits/{id}/submit", new { answers })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(auditorClient, HttpMethod.Put, $"/api/v1/quality/audits/{id}", new { scenario = "returns", occurredAt = at })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await UploadAsync(auditorClient, id, Png(), "late.png")).Status);
        var (_, done) = await SendAsync(auditorClient, HttpMethod.Get, "/api/v1/quality/audit-tasks?month=2030-05&status=done");
        Assert.Equal(id, done!["items"]!.AsArray().Single(t => t!["plan"]!.GetValue<string>() == key)!["audit"]!.GetValue<string>());

        // The agent sees the audit, its photos and the review made of it; another agent does not.
        var (seen, own) = await SendAsync(agentClient, HttpMethod.Get, $"/api/v1/quality/audits/{id}");
        Assert.Equal(HttpStatusCode.OK, seen);
        Assert.Equal("submitted", own!["status"]!.GetValue<string>());
        Assert.Equal(2, own["evidence"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, (await agentClient.GetAsync(evidenceUrl, Ct)).StatusCode);
        var (_, review) = await SendAsync(agentClient, HttpMethod.Get, $"/api/v1/quality/reviews/{reviewId}");
        Assert.Equal(agent, review!["reviewee"]!.GetValue<string>());
        var (_, ownList) = await SendAsync(agentClient, HttpMethod.Get, "/api/v1/quality/audits");
        Assert.Equal(id, ownList!["items"]!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(otherAgentClient, HttpMethod.Get, $"/api/v1/quality/audits/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAgentClient.GetAsync(evidenceUrl, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(otherAgentClient, HttpMethod.Get, $"/api/v1/quality/audits?employee={agent}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/audits/{Guid.NewGuid()}")).Status);
        var (_, byEmployee) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/audits?employee={agent}&status=submitted");
        Assert.Equal(id, byEmployee!["items"]!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/audits/{id}/evidence/9")).Status);
        _ = otherAgent;
    }

    [Fact]
    public async Task An_audit_takes_at_most_ten_photos()
    {
        var api = await App.ApiClientAsync();
        var (_, auditor, _) = await App.SignedInUserAsync("Auditor");
        var (_, agent, _) = await App.SignedInUserAsync("Agent");
        var key = Key();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/audit-plans/{key}", Plan([auditor], [agent], per: "touchpoint"))).Status);
        var (_, draft) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/audits", new { plan = key, scenario = "sizes", occurredAt = App.Clock.GetUtcNow().AddHours(-1) });
        var id = draft!["id"]!.GetValue<string>();
        Assert.Equal("chat", draft["channel"]!.GetValue<string>());
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await UploadAsync(api, id, Png(), $"p{i}.png")).Status);
        }
        AssertField(HttpStatusCode.BadRequest, (await UploadAsync(api, id, Png(), "eleventh.png")).Body, "file");
        // Submitting without an employee names the field.
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/audits/{id}/submit", new { answers = await SalesAnswersAsync(api) })).Body, "employees");
    }

    [Fact]
    public async Task Submits_at_the_same_moment_write_the_reviews_once_and_the_others_get_409()
    {
        var (auditorClient, auditor, _) = await App.SignedInUserAsync("Auditor");
        var (_, agent, _) = await App.SignedInUserAsync("Agent");
        var api = await App.ApiClientAsync();
        var key = Key();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/audit-plans/{key}", Plan([auditor], [agent], per: "touchpoint"))).Status);
        var (_, draft) = await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/audits",
            new { plan = key, scenario = "returns", occurredAt = App.Clock.GetUtcNow().AddHours(-1), employees = new[] { agent } });
        var id = draft!["id"]!.GetValue<Guid>();
        var answers = await SalesAnswersAsync(api);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            SendAsync(auditorClient, HttpMethod.Post, $"/api/v1/quality/audits/{id}/submit", new { answers }), Ct)));
        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.False(string.IsNullOrWhiteSpace(r.Body!["detail"]?.GetValue<string>()), r.Body.ToJsonString());
        });
        // One review for the one employee, the one the winning answer named; the audit lists exactly it.
        var winner = results.Single(r => r.Status == HttpStatusCode.OK).Body!["reviews"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()).ToList();
        var (written, listed) = await App.InScopeAsync<TouchpointDb, (List<Guid>, List<Guid>)>(async db => (
            await db.Set<Review>().AsNoTracking().Where(r => r.AuditId == id).Select(r => r.Id).ToListAsync(Ct),
            (await db.Set<Audit>().AsNoTracking().SingleAsync(a => a.Id == id, Ct)).Reviews.Items));
        Assert.Equal(winner, written);
        Assert.Equal(winner, listed);
        // A later submit is refused as before; an unknown audit is 404; answers off the scale on a fresh draft name the field.
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(auditorClient, HttpMethod.Post, $"/api/v1/quality/audits/{id}/submit", new { answers })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(auditorClient, HttpMethod.Post, $"/api/v1/quality/audits/{Guid.NewGuid()}/submit", new { answers })).Status);
        var (_, fresh) = await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/audits",
            new { plan = key, scenario = "returns", occurredAt = App.Clock.GetUtcNow().AddHours(-1), employees = new[] { agent } });
        var offScale = answers.ToList();
        offScale[0] = new { criterion = ((JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(answers[0], Api.Json)!)["criterion"]!.GetValue<string>(), value = 42 };
        AssertField(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Post, $"/api/v1/quality/audits/{fresh!["id"]}/submit", new { answers = offScale })).Body, "answers[0].value");
    }

    [Fact]
    public async Task Photos_uploaded_at_the_same_moment_get_distinct_numbers()
    {
        var api = await App.ApiClientAsync();
        var (_, auditor, _) = await App.SignedInUserAsync("Auditor");
        var (_, agent, _) = await App.SignedInUserAsync("Agent");
        var key = Key();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/audit-plans/{key}", Plan([auditor], [agent], per: "touchpoint"))).Status);
        var (_, draft) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/audits", new { plan = key, scenario = "sizes", occurredAt = App.Clock.GetUtcNow().AddHours(-1) });
        var id = draft!["id"]!.GetValue<string>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => UploadAsync(api, id, Png(32 + i), $"p{i}.png"), Ct)));
        Assert.All(results, r => Assert.True(r.Status == HttpStatusCode.Created, r.Body?.ToJsonString()));
        var numbers = await App.InScopeAsync<TouchpointDb, List<int>>(db =>
            db.Set<AuditEvidence>().AsNoTracking().Where(e => e.AuditId == Guid.Parse(id)).Select(e => e.Number).ToListAsync(Ct));
        Assert.Equal(Enumerable.Range(1, 8), numbers.Order());
        // Each photo is served under its number.
        foreach (var n in numbers)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/quality/audits/{id}/evidence/{n}", Ct)).StatusCode);
        }
        // A file that is no image is still refused, naming the field.
        AssertField(HttpStatusCode.BadRequest, (await UploadAsync(api, id, [1, 2, 3, 4, 5, 6, 7, 8], "x.png")).Body, "file");
    }

    /// <summary>A conversation of <paramref name="agent"/>, answered publicly and resolved.</summary>
    private static async Task<long> HandledAsync(HttpClient api, string agent)
    {
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations", new
        {
            channel = "phone", subject = "Return of shoes", body = "Can I return shoes bought 10 days ago?", acknowledge = false,
            customer = new { email = $"shopper-{Guid.NewGuid():N}@example.com", name = "Olga Shopper", language = "pl" },
        });
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        var number = body!["number"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { assignee = agent })).Status);
        var (replied, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Yes, within 30 days." });
        Assert.True(replied is HttpStatusCode.Created or HttpStatusCode.OK, replied.ToString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "resolved" })).Status);
        return number;
    }

    /// <summary>Passing answers for every criterion of the shipped sales scorecard.</summary>
    private static async Task<object[]> SalesAnswersAsync(HttpClient api)
    {
        var (_, card) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/scorecards/sales");
        return [.. card!["criteria"]!.AsArray().Select(c => (object)new
        {
            criterion = c!["key"]!.GetValue<string>(),
            value = c["scale"]!.GetValue<string>() switch { "yes_no" => 1, "1_3" => 3, "1_5" => 5, _ => 10 },
        })];
    }
}

public sealed class QualityAuditSqliteTests(SqliteApp app) : QualityAuditTests(app), IClassFixture<SqliteApp>;

public sealed class QualityAuditPostgresTests(PostgresApp app) : QualityAuditTests(app), IClassFixture<PostgresApp>;
