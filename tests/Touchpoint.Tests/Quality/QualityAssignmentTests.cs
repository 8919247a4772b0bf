using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Quality;

/// <summary>Review assignments, the draw of a cycle and the reviewer's queue through the real API, on SQLite and PostgreSQL.</summary>
public abstract class QualityAssignmentTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient api, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static string Key() => $"asg-{Guid.NewGuid():N}"[..20];

    /// <summary>A conversation of <paramref name="agent"/>, answered publicly (or only with a note) and resolved now.</summary>
    private static async Task<long> HandledAsync(HttpClient api, string agent, bool publicReply = true)
    {
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations", new
        {
            channel = "email", subject = "Where is my parcel?", body = "It has not arrived.", acknowledge = false,
            customer = new { email = $"c-{Guid.NewGuid():N}@example.com", name = "Anna Nowak", language = "pl" },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var number = body!["number"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { assignee = agent })).Status);
        var (replied, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages",
            new { type = publicReply ? "reply" : "note", body = "It is on its way." });
        Assert.True(replied is HttpStatusCode.Created or HttpStatusCode.OK, replied.ToString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{number}", new { status = "resolved" })).Status);
        return number;
    }

    [Fact]
    public async Task An_assignment_is_validated_and_read_back()
    {
        var api = await App.ApiClientAsync();
        var (_, auditor, _) = await App.SignedInUserAsync("Auditor");
        var (_, agent, _) = await App.SignedInUserAsync("Agent");
        var key = Key();
        var good = new
        {
            name = "Weekly support check", cadence = "weekly", goal = 4, reviewers = new[] { auditor }, agents = new[] { agent },
            teams = new[] { "support" }, channels = new[] { "email", "chat" }, resolvedOnly = true, csatAtMost = 2,
        };
        var (created, body) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/assignments/{key}", good);
        Assert.True(created == HttpStatusCode.Created, body?.ToJsonString());
        var (read, got) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/assignments/{key}");
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal("weekly", got!["cadence"]!.GetValue<string>());
        Assert.Equal(4, got["goal"]!.GetValue<int>());
        Assert.Equal([auditor], got["reviewers"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(["email", "chat"], got["channels"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(2, got["csatAtMost"]!.GetValue<int>());
        Assert.True(got["cycleStart"]!.GetValue<DateTime>() < got["cycleEnd"]!.GetValue<DateTime>());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/assignments/{key}", good with { })).Status);
        var (_, list) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/assignments?pageSize=500");
        Assert.Contains(list!["items"]!.AsArray(), a => a!["key"]!.GetValue<string>() == key);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, "/api/v1/quality/assignments/none-such")).Status);

        async Task ExpectAsync(object bad, string field, string? at = null)
        {
            var (status, problem) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/assignments/{at ?? key}", bad);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(problem!["errors"]![field] is not null, $"{field} not in {problem.ToJsonString()}");
        }

        object With(string? cadence = "weekly", int? goal = 4, string[]? reviewers = null, string[]? agents = null, string[]? teams = null,
            string[]? channels = null, string[]? topics = null, int? csat = null, string? scorecard = null) => new
        {
            name = "x", cadence, goal, reviewers = reviewers ?? [auditor], agents = agents ?? [agent], teams, channels, topics, csatAtMost = csat, scorecard,
        };
        await ExpectAsync(With(cadence: "daily"), "cadence");
        await ExpectAsync(With(goal: 0), "goal");
        await ExpectAsync(With(goal: null), "goal");
        await ExpectAsync(With(reviewers: [agent]), "reviewers[0]");
        await ExpectAsync(With(reviewers: []), "reviewers");
        await ExpectAsync(With(agents: ["nobody@example.com"]), "agents[0]");
        await ExpectAsync(With(agents: [auditor]), "agents[0]");
        await ExpectAsync(With(agents: []), "agents");
        await ExpectAsync(With(agents: [agent, agent.ToUpperInvariant()]), "agents[1]");
        await ExpectAsync(With(channels: ["fax"]), "channels[0]");
        await ExpectAsync(With(topics: ["no-such-topic"]), "topics[0]");
        await ExpectAsync(With(csat: 9), "csatAtMost");
        await ExpectAsync(With(scorecard: "no-such-card"), "scorecard");
        await ExpectAsync(With(), "key", at: "Bad Key");
        await ExpectAsync(new { name = "x", cadence = "weekly", goal = 1, reviewers = new[] { auditor }, agents = new[] { agent }, mood = "happy" }, "mood");
    }

    [Fact]
    public async Task Agents_may_not_define_draw_or_read_queues_and_auditors_read_only_their_own()
    {
        var api = await App.ApiClientAsync();
        var (agentClient, agent, _) = await App.SignedInUserAsync("Agent");
        var (auditorClient, auditor, _) = await App.SignedInUserAsync("Auditor");
        var (_, otherAuditor, _) = await App.SignedInUserAsync("Auditor");
        var key = Key();
        var body = new { name = "Check", cadence = "weekly", goal = 2, reviewers = new[] { auditor }, agents = new[] { agent } };
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Put, $"/api/v1/quality/assignments/{key}", body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditorClient, HttpMethod.Put, $"/api/v1/quality/assignments/{key}", body)).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/assignments/{key}", body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Get, "/api/v1/quality/queue")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Get, "/api/v1/quality/assignments")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agentClient, HttpMethod.Post, $"/api/v1/quality/assignments/{key}/draw")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditorClient, HttpMethod.Post, $"/api/v1/quality/assignments/{key}/draw")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(auditorClient, HttpMethod.Get, "/api/v1/quality/queue")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(auditorClient, HttpMethod.Get, $"/api/v1/quality/queue?reviewer={auditor}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(auditorClient, HttpMethod.Get, $"/api/v1/quality/queue?reviewer={otherAuditor}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(auditorClient, HttpMethod.Get, "/api/v1/quality/queue?cycle=last-week")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Post, "/api/v1/quality/assignments/none-such/draw")).Status);
    }

    [Fact]
    public async Task A_cycle_is_drawn_once_by_reviewee_and_the_queue_shows_progress_after_a_review()
    {
        var api = await App.ApiClientAsync();
        var (_, ann, _) = await App.SignedInUserAsync("Agent");
        var (_, bob, _) = await App.SignedInUserAsync("Agent");
        var (auditorClient, auditor, _) = await App.SignedInUserAsync("Auditor");
        var (_, second, _) = await App.SignedInUserAsync("Auditor");
        _ = auditorClient;
        var annsOwn = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            annsOwn.Add(await HandledAsync(api, ann));
        }
        var silent = await HandledAsync(api, ann, publicReply: false);
        var bobs = await HandledAsync(api, bob);
        // The sample of a cycle is drawn from the cycle before: the next week.
        App.Clock.Advance(TimeSpan.FromDays(7));

        var key = Key();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/assignments/{key}",
            new { name = "Weekly", cadence = "weekly", goal = 2, reviewers = new[] { auditor, second }, agents = new[] { ann, bob }, channels = new[] { "email" } })).Status);
        var (drawStatus, draw) = await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/assignments/{key}/draw");
        Assert.True(drawStatus == HttpStatusCode.OK, draw?.ToJsonString());
        // The drawing job wakes when the clock moves and may have drawn the cycle first; either way it is one draw.
        Assert.Equal(3, draw!["samples"]!.GetValue<int>());
        var (_, again) = await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/assignments/{key}/draw");
        Assert.False(again!["drawnNow"]!.GetValue<bool>());
        Assert.Equal(3, again["samples"]!.GetValue<int>());
        Assert.Equal(draw["seed"]!.GetValue<int>(), again["seed"]!.GetValue<int>());
        // The periodic job draws the same cycle: nothing new.
        Assert.Equal(0, await App.Get<Touchpoint.Features.Quality.AssignmentDrawer>().RunNowAsync(Ct));

        var (_, all) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/queue?pageSize=500");
        var items = all!["items"]!.AsArray().Where(i => i!["assignment"]!.GetValue<string>() == key).ToList();
        Assert.Equal(3, items.Count);
        Assert.Equal(3, items.Select(i => i!["conversation"]!.GetValue<long>()).Distinct().Count());
        Assert.Equal(2, items.Count(i => i!["reviewee"]!.GetValue<string>() == ann));
        Assert.All(items.Where(i => i!["reviewee"]!.GetValue<string>() == ann), i => Assert.Contains(i!["conversation"]!.GetValue<long>(), annsOwn));
        Assert.DoesNotContain(items, i => i!["conversation"]!.GetValue<long>() == silent);
        Assert.Contains(items, i => i!["conversation"]!.GetValue<long>() == bobs && i["reviewee"]!.GetValue<string>() == bob);
        // Round-robin: both reviewers have work.
        Assert.Contains(items, i => i!["reviewer"]!.GetValue<string>() == auditor);
        Assert.Contains(items, i => i!["reviewer"]!.GetValue<string>() == second);

        auditorClient = await App.SignInAsync(auditor);
        // The auditor's own queue, then a review of one item: done, and the reviewee's progress moves.
        var (_, mine) = await SendAsync(auditorClient, HttpMethod.Get, "/api/v1/quality/queue");
        var own = mine!["items"]!.AsArray().Where(i => i!["assignment"]!.GetValue<string>() == key).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, i => Assert.Equal(auditor, i!["reviewer"]!.GetValue<string>()));
        Assert.All(own, i => Assert.False(i!["done"]!.GetValue<bool>()));
        var item = own[0]!;
        var reviewee = item["reviewee"]!.GetValue<string>();
        var (reviewed, review) = await SendAsync(auditorClient, HttpMethod.Post, "/api/v1/quality/reviews", new
        {
            scorecard = "support", conversation = item["conversation"]!.GetValue<long>(), reviewee,
            answers = (await SupportAnswersAsync(api)),
        });
        Assert.True(reviewed == HttpStatusCode.Created, review?.ToJsonString());
        var (_, after) = await SendAsync(auditorClient, HttpMethod.Get, "/api/v1/quality/queue");
        Assert.True(after!["items"]!.AsArray().Single(i => i!["assignment"]!.GetValue<string>() == key
            && i["conversation"]!.GetValue<long>() == item["conversation"]!.GetValue<long>())!["done"]!.GetValue<bool>());
        var progress = after["progress"]!.AsArray().Single(p => p!["assignment"]!.GetValue<string>() == key && p["reviewee"]!.GetValue<string>() == reviewee)!;
        Assert.Equal(2, progress["goal"]!.GetValue<int>());
        Assert.Equal(1, progress["done"]!.GetValue<int>());
        Assert.Equal(reviewee == ann ? 2 : 1, progress["drawn"]!.GetValue<int>());

        // A past cycle by a day of it: nothing was drawn then.
        var lastWeek = App.Clock.GetUtcNow().AddDays(-7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var (_, past) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/queue?cycle={lastWeek}&pageSize=500");
        Assert.DoesNotContain(past!["items"]!.AsArray(), i => i!["assignment"]!.GetValue<string>() == key);
    }

    [Fact]
    public async Task The_clock_gaming_filter_draws_only_conversations_set_pending_on_an_empty_reply_or_reopened_within_a_day()
    {
        var api = await App.ApiClientAsync();
        var (_, agent, _) = await App.SignedInUserAsync("Agent");
        var (_, auditor, _) = await App.SignedInUserAsync("Auditor");
        var plain = await HandledAsync(api, agent);
        // Pending on "It is on its way." (asks the customer nothing), then resolved.
        var pending = await HandledAsync(api, agent);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{pending}", new { status = "open" })).Status);
        var (replied, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{pending}/messages", new { type = "reply", body = "It is on its way." });
        Assert.True(replied is HttpStatusCode.Created or HttpStatusCode.OK, replied.ToString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{pending}", new { status = "pending" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{pending}", new { status = "resolved" })).Status);
        // Resolved, reopened two hours later, resolved again.
        var quick = await HandledAsync(api, agent);
        App.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{quick}", new { status = "open" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{quick}", new { status = "resolved" })).Status);
        // Resolved, reopened two days later: not a premature resolve.
        var late = await HandledAsync(api, agent);
        App.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{late}", new { status = "open" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{late}", new { status = "resolved" })).Status);
        // The next week: all four are in the cycle before.
        App.Clock.Advance(TimeSpan.FromDays(5));

        var key = Key();
        var (put, saved) = await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/assignments/{key}",
            new { name = "Clock gaming", cadence = "weekly", goal = 10, reviewers = new[] { auditor }, agents = new[] { agent }, clockGaming = true });
        Assert.Equal(HttpStatusCode.Created, put);
        Assert.True(saved!["clockGaming"]!.GetValue<bool>());
        var (drawStatus, draw) = await SendAsync(api, HttpMethod.Post, $"/api/v1/quality/assignments/{key}/draw");
        Assert.True(drawStatus == HttpStatusCode.OK, draw?.ToJsonString());
        var (_, queue) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/queue?pageSize=500");
        var drawn = queue!["items"]!.AsArray().Where(i => i!["assignment"]!.GetValue<string>() == key).Select(i => i!["conversation"]!.GetValue<long>()).Order().ToArray();
        Assert.Equal(new[] { pending, quick }.Order().ToArray(), drawn);
        Assert.DoesNotContain(plain, drawn);
        Assert.DoesNotContain(late, drawn);
    }

    /// <summary>Passing answers for every criterion of the shipped support scorecard.</summary>
    private static async Task<object[]> SupportAnswersAsync(HttpClient api)
    {
        var (_, card) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/scorecards/support");
        return [.. card!["criteria"]!.AsArray().Select(c => (object)new
        {
            criterion = c!["key"]!.GetValue<string>(),
            value = c["scale"]!.GetValue<string>() switch { "yes_no" => 1, "1_3" => 3, "1_5" => 5, _ => 10 },
        })];
    }
}

public sealed class QualityAssignmentSqliteTests(SqliteApp app) : QualityAssignmentTests(app), IClassFixture<SqliteApp>;

public sealed class QualityAssignmentPostgresTests(PostgresApp app) : QualityAssignmentTests(app), IClassFixture<PostgresApp>;
