using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Quality;

/// <summary>Calibration sessions through the real API, on SQLite and PostgreSQL: blind scoring, the result, never a review.</summary>
public abstract class QualityCalibrationTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient api, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static object Text(string en) => new { en, ru = en + " (ru)", pl = en + " (pl)" };

    private static async Task<long> ConversationAsync(HttpClient api)
    {
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations", new
        {
            channel = "email", subject = "Return", body = "Can I return shoes after 10 days?", acknowledge = false,
            customer = new { email = $"c-{Guid.NewGuid():N}@example.com", name = "Anna Nowak", language = "pl" },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        return body!["number"]!.GetValue<long>();
    }

    private static object Answers(double greets, double tone) => new object[] { new { criterion = "greets", value = greets }, new { criterion = "tone", value = tone } };

    [Fact]
    public async Task Reviewers_score_blind_and_the_result_flags_the_one_far_from_the_median()
    {
        var api = await App.ApiClientAsync();
        var card = $"cal-{Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(api, HttpMethod.Put, $"/api/v1/quality/scorecards/{card}", new
        {
            touchpoint = "support", name = Text("Calibration card"),
            criteria = new[]
            {
                new { key = "greets", section = "main", text = Text("Greets"), scale = "yes_no" },
                new { key = "tone", section = "main", text = Text("Tone"), scale = "0_10" },
            },
        })).Status);
        var (c1, a, _) = await App.SignedInUserAsync("Auditor");
        var (c2, b, _) = await App.SignedInUserAsync("Auditor");
        var (c3, c, _) = await App.SignedInUserAsync("ServiceOwner");
        var (outsider, _, _) = await App.SignedInUserAsync("Auditor");
        var (_, agent, _) = await App.SignedInUserAsync("Agent");
        var n = await ConversationAsync(api);

        async Task ExpectAsync(object bad, string field)
        {
            var (status, problem) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/calibrations", bad);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(problem!["errors"]![field] is not null, $"{field} not in {problem.ToJsonString()}");
        }
        await ExpectAsync(new { name = "x", scorecard = card, conversations = new[] { n }, reviewers = new[] { a } }, "reviewers");
        await ExpectAsync(new { name = "x", scorecard = card, conversations = new[] { n }, reviewers = new[] { a, agent } }, "reviewers[1]");
        await ExpectAsync(new { name = "x", scorecard = card, conversations = new[] { 987654321L }, reviewers = new[] { a, b } }, "conversations[0]");
        await ExpectAsync(new { name = "x", scorecard = "no-such", conversations = new[] { n }, reviewers = new[] { a, b } }, "scorecard");
        await ExpectAsync(new { name = " ", scorecard = card, conversations = new[] { n }, reviewers = new[] { a, b } }, "name");
        await ExpectAsync(new { name = "x", scorecard = card, conversations = new[] { n }, reviewers = new[] { a, b }, mood = 1 }, "mood");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(c1, HttpMethod.Post, "/api/v1/quality/calibrations",
            new { name = "x", scorecard = card, conversations = new[] { n }, reviewers = new[] { a, b } })).Status);

        var (created, session) = await SendAsync(api, HttpMethod.Post, "/api/v1/quality/calibrations",
            new { name = "March calibration", scorecard = card, conversations = new[] { n }, reviewers = new[] { a, b, c } });
        Assert.True(created == HttpStatusCode.Created, session?.ToJsonString());
        var id = session!["id"]!.GetValue<string>();
        var scores = $"/api/v1/quality/calibrations/{id}/scores";

        // greets yes + tone 8 → 90; greets yes + tone 7 → 85; greets no + tone 9 → 45.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(c1, HttpMethod.Post, scores, new { conversation = n, answers = Answers(1, 8) })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(c1, HttpMethod.Post, scores, new { conversation = n, answers = Answers(1, 9) })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(outsider, HttpMethod.Post, scores, new { conversation = n, answers = Answers(1, 8) })).Status);
        var (badStatus, bad) = await SendAsync(c2, HttpMethod.Post, scores, new { conversation = n + 1, answers = Answers(1, 11) });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.NotNull(bad!["errors"]!["conversation"]);
        Assert.NotNull(bad["errors"]!["answers[1].value"]);
        // The second reviewer does not see the first one's score.
        var (_, blind) = await SendAsync(c2, HttpMethod.Get, $"/api/v1/quality/calibrations/{id}");
        Assert.Empty(blind!["scores"]!.AsArray());
        Assert.Equal(1, blind["scoresGiven"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(outsider, HttpMethod.Get, $"/api/v1/quality/calibrations/{id}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(c2, HttpMethod.Get, $"/api/v1/quality/calibrations/{id}/result")).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(c2, HttpMethod.Post, scores, new { conversation = n, answers = Answers(1, 7) })).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(c3, HttpMethod.Post, scores, new { conversation = n, answers = Answers(0, 9) })).Status);

        var (_, mine) = await SendAsync(c2, HttpMethod.Get, $"/api/v1/quality/calibrations/{id}");
        Assert.Equal([b], mine!["scores"]!.AsArray().Select(s => s!["reviewer"]!.GetValue<string>()));
        var (_, result) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/calibrations/{id}/result");
        var total = result!["conversations"]![0]!["total"]!;
        Assert.Equal(85, total["median"]!.GetValue<double>());
        Assert.Equal(45, total["spread"]!.GetValue<double>());
        var far = total["reviewers"]!.AsArray().Single(r => r!["flagged"]!.GetValue<bool>())!;
        Assert.Equal(c, far["reviewer"]!.GetValue<string>());
        Assert.Equal(40, far["fromMedian"]!.GetValue<double>());
        var greets = result["conversations"]![0]!["criteria"]!["greets"]!;
        Assert.Equal(100, greets["median"]!.GetValue<double>());
        Assert.Equal(100, greets["spread"]!.GetValue<double>());

        // Calibration scores are not reviews: nothing for the conversation in the reviews list.
        var (_, reviews) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/reviews?conversation={n}");
        Assert.Empty(reviews!["items"]!.AsArray());
        // The agent filter: sessions with a conversation assigned to the agent; an unknown address is 400.
        var (_, before) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/calibrations?agent={Uri.EscapeDataString(agent)}&pageSize=500");
        Assert.DoesNotContain(before!["items"]!.AsArray(), s => s!["id"]!.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/conversations/{n}", new { assignee = agent })).Status);
        var (_, theirs) = await SendAsync(api, HttpMethod.Get, $"/api/v1/quality/calibrations?agent={Uri.EscapeDataString(agent)}&pageSize=500");
        Assert.Contains(theirs!["items"]!.AsArray(), s => s!["id"]!.GetValue<string>() == id);
        var (unknown, problem) = await SendAsync(api, HttpMethod.Get, "/api/v1/quality/calibrations?agent=nobody@shop.test");
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.NotNull(problem!["errors"]!["agent"]);
        var (_, list) = await SendAsync(outsider, HttpMethod.Get, "/api/v1/quality/calibrations");
        Assert.DoesNotContain(list!["items"]!.AsArray(), s => s!["id"]!.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(await App.SignInAsync(agent), HttpMethod.Get, "/api/v1/quality/calibrations")).Status);
    }
}

public sealed class QualityCalibrationSqliteTests(SqliteApp app) : QualityCalibrationTests(app), IClassFixture<SqliteApp>;

public sealed class QualityCalibrationPostgresTests(PostgresApp app) : QualityCalibrationTests(app), IClassFixture<PostgresApp>;
